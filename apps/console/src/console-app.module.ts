import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { ConsoleModule } from '@app/console';
import { HealthModule, LoggingModule } from '@app/common';
import { readModelDataSourceOptions } from '@app/event-store';
import { ConsoleAppConfig } from './console.config';

@Module({})
export class ConsoleAppModule {
  static forRoot(config: ConsoleAppConfig): DynamicModule {
    return {
      module: ConsoleAppModule,
      imports: [
        LoggingModule.forRoot(config),
        // Sessions only: the console reads every record through the services' APIs.
        TypeOrmModule.forRootAsync({ useFactory: () => ({ ...readModelDataSourceOptions(config), autoLoadEntities: true }) }),
        AuthModule.forRoot(config),
        HealthModule,
        ConsoleModule.forRoot(config, { required: true }),
      ],
    };
  }
}

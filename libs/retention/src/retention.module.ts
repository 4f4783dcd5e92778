import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommandStreams } from '@app/common';
import { RetentionReviewEntity } from './retention-review.entity';
import { RetentionReviewsProjection } from './retention-reviews.projection';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';
import { RETENTION_SETTINGS, RetentionSettings } from './retention.settings';

/** The retention read model alone, for the projector. */
@Module({})
export class RetentionReadModelsModule {
  static forRoot(settings: RetentionSettings): DynamicModule {
    return {
      module: RetentionReadModelsModule,
      imports: [TypeOrmModule.forFeature([RetentionReviewEntity])],
      providers: [{ provide: RETENTION_SETTINGS, useValue: settings }, RetentionReviewsProjection],
      exports: [TypeOrmModule, RETENTION_SETTINGS],
    };
  }
}

/**
 * Retention reviews of intelligence items and closed cases: due dates, decisions, disposal by
 * erasure. Reviews go through the write path, whose access policy comes from AccessModule.
 */
@Module({})
export class RetentionModule {
  static forRoot(settings: RetentionSettings): DynamicModule {
    return {
      module: RetentionModule,
      imports: [RetentionReadModelsModule.forRoot(settings)],
      controllers: [RetentionController],
      providers: [CommandStreams, RetentionService],
    };
  }
}

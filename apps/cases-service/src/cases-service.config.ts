import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { HttpConfig, parseBoolean } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withMessagingSettings } from '@app/messaging';
import { withAuthSettings } from '@app/auth';
import { withAccessSettings } from '@app/access';

/** The cases context alone, for the distributed deployment: the projector runs its projections. */
export class CasesServiceConfig extends withAccessSettings(withAuthSettings(withMessagingSettings(withCasesSettings(HttpConfig)))) {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT = 3001;

  @Transform(parseBoolean)
  @IsBoolean()
  override PROJECTIONS_RUN = false;
}

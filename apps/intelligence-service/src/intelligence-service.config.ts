import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { HttpConfig, parseBoolean } from '@app/common';
import { withMessagingSettings } from '@app/messaging';
import { withAuthSettings } from '@app/auth';
import { withAccessSettings } from '@app/access';

/** The intelligence context alone, for the distributed deployment: the projector runs its projections. */
export class IntelligenceServiceConfig extends withAccessSettings(withAuthSettings(withMessagingSettings(HttpConfig))) {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT = 3002;

  @Transform(parseBoolean)
  @IsBoolean()
  override PROJECTIONS_RUN = false;
}

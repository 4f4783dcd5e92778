import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { HttpConfig, parseBoolean } from '@app/common';

/** The intelligence context alone, for the distributed deployment: the projector runs its projections. */
export class IntelligenceServiceConfig extends HttpConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT = 3002;

  @Transform(parseBoolean)
  @IsBoolean()
  override PROJECTIONS_RUN = false;
}

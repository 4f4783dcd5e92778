import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { HttpConfig, parseBoolean } from '@app/common';
import { withCasesSettings } from '@app/cases';

/** The cases context alone, for the distributed deployment: the projector runs its projections. */
export class CasesServiceConfig extends withCasesSettings(HttpConfig) {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT = 3001;

  @Transform(parseBoolean)
  @IsBoolean()
  override PROJECTIONS_RUN = false;
}

import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { HttpConfig, parseBoolean } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withRetentionSettings } from '@app/retention';
import { withAuthSettings } from '@app/auth';
import { withAccessSettings } from '@app/access';
import { withAuditSettings } from '@app/audit';
import { withAnalysisSettings } from '@app/analysis';

/** The audit context alone, for the distributed deployment: read-only over the store, checkpoints on a schedule. */
export class AuditServiceConfig extends withAnalysisSettings(withAuditSettings(withAccessSettings(withAuthSettings(withRetentionSettings(withCasesSettings(HttpConfig)))))) {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT = 3005;

  /** The projector runs the projections; this service only rebuilds them into scratch copies to check them. */
  @Transform(parseBoolean)
  @IsBoolean()
  override PROJECTIONS_RUN = false;
}

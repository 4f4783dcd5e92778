import { IsString, Matches } from 'class-validator';
import { StorageConfig } from '@app/common';
import { withAccessSettings } from '@app/access';
import { withCasesSettings } from '@app/cases';
import { withRetentionSettings } from '@app/retention';
import { withMessagingSettings } from '@app/messaging';
import { withAuditSettings } from '@app/audit';
import { withAnalysisSettings } from '@app/analysis';

// Ids as tokens carry them: recorded with every read and checkpoint, never a person's name in free text.
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/**
 * The auditor's command line: the platform's storage settings plus the audit ones, the settings
 * the projections it rebuilds for `projections-check` read, and who runs it.
 */
export class AuditCliConfig extends withAnalysisSettings(withAccessSettings(withAuditSettings(withMessagingSettings(withRetentionSettings(withCasesSettings(StorageConfig)))))) {
  /** Who runs the command line: recorded as the actor of every read and checkpoint it makes. */
  @IsString()
  @Matches(ID, { message: 'AUDIT_OPERATOR must be a user id (letters, digits and . _ : @ -, at most 100)' })
  AUDIT_OPERATOR = `cli:${process.env.USER ?? 'auditor'}`;

  /** The operator's agency, as tokens name agencies. */
  @IsString()
  @Matches(ID, { message: 'AUDIT_OPERATOR_AGENCY must be an agency id (letters, digits and . _ : @ -, at most 100)' })
  AUDIT_OPERATOR_AGENCY = 'board';
}

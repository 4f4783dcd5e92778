import { StorageConfig } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withMessagingSettings } from '@app/messaging';
import { withAuditSettings } from '@app/audit';

/**
 * The auditor's command line: the platform's storage settings plus the audit ones, and the
 * settings the projections it rebuilds for `projections-check` read.
 */
export class AuditCliConfig extends withAuditSettings(withMessagingSettings(withCasesSettings(StorageConfig))) {}

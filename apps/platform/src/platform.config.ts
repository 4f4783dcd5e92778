import { HttpConfig } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withMessagingSettings } from '@app/messaging';
import { withAuthSettings } from '@app/auth';
import { withAuditSettings } from '@app/audit';
import { withSharingSettings } from '@app/sharing';
import { withRetentionSettings } from '@app/retention';
import { withAccessSettings } from '@app/access';
import { withAnalysisSettings } from '@app/analysis';
import { withConsoleSettings } from '@app/console';

/** The embedded default: every context in one process, SQLite, projections in-process, and the web console. */
export class PlatformConfig extends withConsoleSettings(withAnalysisSettings(withRetentionSettings(withAccessSettings(withSharingSettings(withAuthSettings(withAuditSettings(withMessagingSettings(withCasesSettings(HttpConfig))))))))) {}

import { HttpConfig } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withMessagingSettings } from '@app/messaging';

/** The embedded default: every context in one process, SQLite, projections in-process. */
export class PlatformConfig extends withMessagingSettings(withCasesSettings(HttpConfig)) {}

import { HttpConfig } from '@app/common';
import { withCasesSettings } from '@app/cases';

/** The embedded default: every context in one process, SQLite, projections in-process. */
export class PlatformConfig extends withCasesSettings(HttpConfig) {}

import { HttpConfig } from '@app/common';

/** The embedded default: every context in one process, SQLite, projections in-process. */
export class PlatformConfig extends HttpConfig {}

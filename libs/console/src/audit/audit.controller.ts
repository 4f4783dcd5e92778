import { ConsoleController } from '../http/console-access';

/** The console's pages for journey 6 (issue 15). */
@ConsoleController('console')
export class AuditController {}

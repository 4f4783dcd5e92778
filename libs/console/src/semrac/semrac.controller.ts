import { ConsoleController } from '../http/console-access';

/** The console's pages for journey 3 (issue 15). */
@ConsoleController('console')
export class SemracController {}

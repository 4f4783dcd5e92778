import { ConsoleController } from '../http/console-access';

/** The console's pages for journey 5 (issue 15). */
@ConsoleController('console')
export class SharingController {}

import { ConsoleController } from '../http/console-access';

/** The console's pages for journey 2's risk assessments and missing episodes (issue 15). */
@ConsoleController('console')
export class RiskMissingController {}

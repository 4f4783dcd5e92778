import { Command } from '@nestjs/cqrs';
import type { CaseCommand } from '../case.decider';
import type { CaseCommandContext, CaseCommandResult } from '../case-command.executor';

/** Any change to an existing case; the decider says which are allowed. */
export class ChangeCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly change: Exclude<CaseCommand, { type: 'ReceiveReferral' }>,
    readonly context: CaseCommandContext,
  ) {
    super();
  }
}

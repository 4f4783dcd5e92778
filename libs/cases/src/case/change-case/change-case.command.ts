import { Command } from '@nestjs/cqrs';
import type { CaseCommand } from '../case.decider';
import type { StreamCommandContext } from '@app/common';
import type { CaseCommandResult } from '../case.stream';

/** Any change to an existing case; the decider says which are allowed. */
export class ChangeCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly change: Exclude<CaseCommand, { type: 'ReceiveReferral' }>,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}

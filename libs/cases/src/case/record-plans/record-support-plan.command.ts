import { Command } from '@nestjs/cqrs';
import type { CaseCommandContext, CaseCommandResult } from '../case-command.executor';
import type { CasePlanCommand } from '../case-plans.decider';

/** A support plan revision; when it names a meeting, that meeting must have discussed the case. */
export class RecordSupportPlanCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly plan: Extract<CasePlanCommand, { type: 'RecordSupportPlan' }>['data'],
    readonly context: CaseCommandContext,
  ) {
    super();
  }
}

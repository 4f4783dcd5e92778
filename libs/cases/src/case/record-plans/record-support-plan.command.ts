import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { CaseCommandResult } from '../case.stream';
import type { CasePlanCommand } from '../case-plans.decider';

/** A support plan revision; when it names a meeting, that meeting must have discussed the case. */
export class RecordSupportPlanCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly plan: Extract<CasePlanCommand, { type: 'RecordSupportPlan' }>['data'],
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}

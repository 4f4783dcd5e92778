import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { ChangeCaseCommand } from '../change-case/change-case.command';
import { RecordSafetyPlanDto, RecordSupportPlanDto } from './record-plans.dto';
import { RecordSupportPlanCommand } from './record-support-plan.command';

export interface PlanAnswer {
  caseId: string;
  /** The case revision: send as If-Match with the next change. */
  revision: number;
  position?: string;
  /** False for a retried Idempotency-Key. */
  changed: boolean;
  /** The support plan's revision number (1 when created). */
  planRevision?: number;
}

const EXAMPLE = { caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', revision: 7, position: '00000000000000000081:00000000000000000081', changed: true };

@ApiTags('cases')
@ApiCommandHeaders({ ifMatch: true, record: 'case' })
@ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
@ApiNotFoundResponse({ description: 'No such case (or meeting)' })
@ApiConflictResponse({ description: 'The case changed since the revision given, or is closed; nothing was written' })
@ApiUnprocessableEntityResponse({ description: 'A rule refused the plan (e.g. review date in the past)' })
@Controller('cases/:caseId')
export class RecordPlansController {
  constructor(private readonly commands: CommandBus) {}

  @Post('support-plans')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record the multi-agency support plan, or a revision of it',
    description: 'The first plan is revision 1; each later one is the next revision. Every revision is kept on the case.',
  })
  @ApiCreatedResponse({ description: 'Recorded', schema: { example: { ...EXAMPLE, planRevision: 2 } } })
  @Writes('case', 'RecordSupportPlan')
  async supportPlan(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordSupportPlanDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<PlanAnswer> {
    const plan = {
      objectives: [...body.objectives],
      interventions: body.interventions.map(({ agencyId, description, frequency }) => ({ agencyId, description, frequency })),
      reviewDate: body.reviewDate,
      ...(body.meetingId ? { meetingId: body.meetingId } : {}),
    };
    const context = { actor, request: { change: 'RecordSupportPlan', request: body }, ...headers };
    const result = await this.commands.execute(new RecordSupportPlanCommand(caseId, plan, context));
    const recorded = result.events.find((e) => e.type === 'SupportPlanRecorded');
    return {
      caseId,
      revision: result.revision,
      position: result.position,
      changed: result.written,
      ...(recorded?.type === 'SupportPlanRecorded' ? { planRevision: recorded.data.planRevision } : {}),
    };
  }

  @Post('safety-plans')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a safety plan for the child during an investigation (action 1.4)' })
  @ApiCreatedResponse({ description: 'Recorded', schema: { example: EXAMPLE } })
  @Writes('case', 'RecordSafetyPlan')
  async safetyPlan(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: RecordSafetyPlanDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<PlanAnswer> {
    const data = {
      investigationRef: body.investigationRef,
      measures: [...body.measures],
      contacts: body.contacts.map(({ role, agencyId }) => ({ role, agencyId })),
      reviewDate: body.reviewDate,
    };
    const context = { actor, request: { change: 'RecordSafetyPlan', request: body }, ...headers };
    const result = await this.commands.execute(new ChangeCaseCommand(caseId, { type: 'RecordSafetyPlan', data }, context));
    return { caseId, revision: result.revision, position: result.position, changed: result.written };
  }
}

import { CASEWORK_ROLES } from '@app/access';
import { CommandRule, StreamCommandResult, RecordRuleInput, defineStream, requireWriteAccess } from '@app/common';
import { CaseCommand, CaseCommandEnvelope, CaseState, caseDecider } from './case.decider';
import { CaseEvent, caseStreamId } from './case.events';
import { caseEventSchemas } from './case.schemas';
import { caseWriteAccessRecord } from './case-write-access';

type Input<K extends CaseCommand['type']> = RecordRuleInput<Extract<CaseCommand, { type: K }>, CaseState>;

/** The access policy decides, from the case's own stream: the agencies on it, and whether SEMRAC has it. */
function onTheCase({ id, actor, history, policy }: RecordRuleInput<unknown, CaseState>): void {
  // A case that does not exist is the decider's to refuse (404), not the policy's.
  if (history.length === 0) return;
  requireWriteAccess(policy, actor, { ...caseWriteAccessRecord(id, history) });
}

const casework: CommandRule<CaseCommand, CaseState> = { roles: CASEWORK_ROLES, record: onTheCase };

/**
 * A child's case, `case-{caseId}`: every referral, flag, link, lead professional, assessment,
 * listing, discussion and plan. Who may do what (issue 11): casework roles of an agency on the
 * case, or SEMRAC once it has the case; referrals are open to every agency; listings are
 * the platform's; a discussion is the meeting's chair's (recorded on the case as its follow-up).
 */
export const caseStream = defineStream<CaseCommand, CaseEvent, CaseState, CaseCommandEnvelope>({
  kind: 'case',
  streamId: caseStreamId,
  decider: caseDecider,
  envelope: (command, { id, now }) => ({ ...command, caseId: id, now }) as CaseCommandEnvelope,
  events: caseEventSchemas,
  commands: {
    // Any agency may refer a child, and so join the child's case (a practitioner may record a
    // referral phoned in by another agency: the event names both the referring agency and who acted).
    ReceiveReferral: { roles: CASEWORK_ROLES },
    SetFlag: casework,
    ClearFlag: casework,
    LinkCases: casework,
    // An agency joins a case by naming its own lead professional (action 3.1).
    NameLeadProfessional: {
      roles: CASEWORK_ROLES,
      record: (input: Input<'NameLeadProfessional'>) => {
        if (input.command.data.agencyId !== input.actor.agencyId) onTheCase(input);
      },
    },
    CloseCase: casework,
    ReopenCase: casework,
    AssessRisk: casework,
    RecordSupportPlan: casework,
    RecordSafetyPlan: casework,
    // The SEMRAC overview criteria list a case by themselves (strategy section 4; DOMAIN.md).
    ListForSemrac: { roles: [], system: true },
    // The case's side of a discussion the meeting's chair recorded (the meeting's follow-up).
    RecordSemracDiscussion: { roles: ['semrac-chair'] },
  },
});

/** What a command on a case answers: the case's state, revision and position after it, and its events. */
export type CaseCommandResult = StreamCommandResult<CaseEvent, CaseState>;

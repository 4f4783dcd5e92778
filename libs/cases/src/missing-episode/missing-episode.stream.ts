import { CASEWORK_ROLES } from '@app/access';
import { CommandRule, DomainError, RecordRuleInput, defineStream, refuse } from '@app/common';
import { caseStream } from '../case/case.stream';
import { caseWriteAccessRecord } from '../case/case-write-access';
import { MissingEpisodeCommand, MissingEpisodeCommandEnvelope, MissingEpisodeState, missingEpisodeDecider } from './missing-episode.decider';
import { MissingEpisodeEvent, missingEpisodeStreamId } from './missing-episode.events';
import { missingEpisodeEventSchemas } from './missing-episode.schemas';

/** A command on an episode, with the board's return interview period (statutory guidance: 72 hours). */
export type IssuedMissingEpisodeCommand = MissingEpisodeCommand & { returnInterviewHours: number };

/**
 * An episode is the child's: those who may change the child's case may change it, and a police
 * force records an episode on any child's case (missing children are reported to the police).
 */
async function onTheChildsCase({ command, actor, history, policy, readStream }: RecordRuleInput<IssuedMissingEpisodeCommand, MissingEpisodeState>): Promise<void> {
  const caseId = command.type === 'ReportMissingEpisode' ? command.data.caseId : String(history[0]?.data.caseId ?? '');
  // An episode that does not exist is the decider's to refuse (404).
  if (!caseId) return;
  const caseHistory = await readStream(caseStream.streamId(caseId));
  if (caseHistory.length === 0) throw new DomainError(`No case ${caseId}`, 'case-not-found', 404);
  if (policy.isPoliceAgency(actor)) return;
  const decision = policy.decideWrite(actor, { ...caseWriteAccessRecord(caseId, caseHistory) });
  if (decision.outcome !== 'allow') refuse(decision.reason);
}

const casework: CommandRule<IssuedMissingEpisodeCommand, MissingEpisodeState> = { roles: CASEWORK_ROLES, record: onTheChildsCase };

/** One missing episode of a child, `missing-episode-{episodeId}`. */
export const missingEpisodeStream = defineStream<IssuedMissingEpisodeCommand, MissingEpisodeEvent, MissingEpisodeState, MissingEpisodeCommandEnvelope>({
  kind: 'missing-episode',
  streamId: missingEpisodeStreamId,
  decider: missingEpisodeDecider,
  envelope: (command, { id, now }) => ({ ...command, episodeId: id, now }) as MissingEpisodeCommandEnvelope,
  events: missingEpisodeEventSchemas,
  commands: {
    ReportMissingEpisode: casework,
    UpdateMissingEpisode: casework,
    RecordReturn: casework,
    RecordReturnInterview: casework,
    RecordReturnInterviewNotHeld: casework,
  },
});

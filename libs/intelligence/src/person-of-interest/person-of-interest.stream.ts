import { CASEWORK_ROLES } from '@app/access';
import { CommandRule, RecordRuleInput, defineStream, requireWriteAccess } from '@app/common';
import { PersonOfInterestCommand, PersonOfInterestCommandEnvelope, PersonOfInterestState, personOfInterestDecider } from './person-of-interest.decider';
import { PersonOfInterestEvent, poiStreamId } from './person-of-interest.events';
import { personOfInterestEventSchemas } from './person-of-interest.schemas';

/** The access policy decides, knowing which agency recorded the POI: the actor of its first event. */
function onThePoi({ id, actor, history, policy }: RecordRuleInput<unknown, PersonOfInterestState>): void {
  const recordedBy = history[0]?.metadata.actor.agencyId;
  requireWriteAccess(policy, actor, { kind: 'poi', id, ...(recordedBy ? { recordedByAgencyId: recordedBy } : {}) });
}

/** Partners record and add what they know of a POI (README, "Need to know"). */
const casework: CommandRule<PersonOfInterestCommand, PersonOfInterestState> = { roles: CASEWORK_ROLES, record: onThePoi };
/** A merge decides that two records are one person: intelligence work (DOMAIN.md, "Intelligence"). */
const merging: CommandRule<PersonOfInterestCommand, PersonOfInterestState> = { roles: ['intelligence-officer'], record: onThePoi };

/**
 * A person of interest, `poi-{poiId}`: identifiers, links, merges (a command on each of the two
 * streams), the vulnerable young person's mark with interventions (4.3), and disruption (4.5).
 */
export const personOfInterestStream = defineStream<PersonOfInterestCommand, PersonOfInterestEvent, PersonOfInterestState, PersonOfInterestCommandEnvelope>({
  kind: 'poi',
  streamId: poiStreamId,
  decider: personOfInterestDecider,
  envelope: (command, { id, now }) => ({ ...command, poiId: id, now }),
  events: personOfInterestEventSchemas,
  commands: {
    RecordPersonOfInterest: casework,
    AddIdentifiers: casework,
    LinkPersonOfInterest: casework,
    MarkVulnerableYoungPerson: casework,
    RecordDisengagementIntervention: casework,
    RecordDisruption: casework,
    MergeInto: merging,
    AbsorbMerged: merging,
  },
});

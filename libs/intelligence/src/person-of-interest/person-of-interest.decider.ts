import { Decider, DomainError } from '@app/common/domain';
import {
  DisruptionKind,
  LinkNature,
  PersonOfInterestEvent,
  PoiIdentifiers,
  PoiLinkTarget,
  PoiLocation,
} from './person-of-interest.events';
import { NO_IDENTIFIERS, cleanIdentifiers, displayPostcode, conflictingIdentifiers, locationKey, newIdentifiers, withIdentifiers } from './person-of-interest.identifiers';

/** A link target as asked for: the location's graph key is the decider's to derive. */
export type PoiLinkTargetInput = { kind: 'case'; caseId: string } | { kind: 'location'; location: PoiLocation } | { kind: 'poi'; poiId: string };

export type PersonOfInterestCommand =
  | { type: 'RecordPersonOfInterest'; data: { identifiers: Partial<PoiIdentifiers> } }
  | { type: 'AddIdentifiers'; data: { identifiers: Partial<PoiIdentifiers> } }
  /** The duplicate's side of a merge: written first, so the duplicate stops taking changes. */
  | { type: 'MergeInto'; data: { survivorPoiId: string; reason: string } }
  /** The survivor's side, carrying what the duplicate's side recorded. */
  | { type: 'AbsorbMerged'; data: { mergedPoiId: string; mergedIdentifiers: PoiIdentifiers; reason: string; mergedAt: string } }
  | { type: 'LinkPersonOfInterest'; data: { linkId: string; target: PoiLinkTargetInput; nature: LinkNature; detail?: string } }
  | { type: 'MarkVulnerableYoungPerson'; data: { note: string; caseId?: string } }
  | {
      type: 'RecordDisengagementIntervention';
      data: { interventionId: string; agency: string; intervention: string; startedOn: string; endedOn?: string; outcome?: string };
    }
  | { type: 'RecordDisruption'; data: { disruptionId: string; kind: DisruptionKind; on: string; reference?: string; notes?: string } };

export type PersonOfInterestCommandEnvelope = PersonOfInterestCommand & { poiId: string; now: string };

export interface PersonOfInterestState {
  exists: boolean;
  identifiers: PoiIdentifiers;
  /** Set once merged into another POI: this one then refuses every change. */
  mergedInto?: string;
  mergedPoiIds: string[];
  /** Target key + nature of every link, so the same link is not recorded twice. */
  links: string[];
  vulnerableYoungPerson: boolean;
}

const initialState = (): PersonOfInterestState => ({ exists: false, identifiers: NO_IDENTIFIERS, mergedPoiIds: [], links: [], vulnerableYoungPerson: false });

/**
 * One person of interest: recorded with identifiers, identifiers added, merged (an event on each
 * of the two streams), linked to children's cases, places and other POIs, marked as a vulnerable
 * young person with interventions to help them disengage (4.3), and disruption (4.5).
 */
export const personOfInterestDecider: Decider<PersonOfInterestCommandEnvelope, PersonOfInterestEvent, PersonOfInterestState> = {
  initialState,

  decide(command, state) {
    if (command.type === 'RecordPersonOfInterest') return recordPersonOfInterest(command, state);

    const { poiId } = command;
    if (!state.exists) throw new DomainError(`No person of interest ${poiId}`, 'poi-not-found', 404);
    if (state.mergedInto !== undefined) {
      // Repeating the merge that froze this POI changes nothing: how an interrupted merge completes.
      if (command.type === 'MergeInto' && command.data.survivorPoiId === state.mergedInto) return [];
      throw mergedError(poiId, state.mergedInto);
    }

    switch (command.type) {
      case 'AddIdentifiers':
        return addIdentifiers(command, state);
      case 'MergeInto':
        return mergeInto(command);
      case 'AbsorbMerged':
        return absorbMerged(command, state);
      case 'LinkPersonOfInterest':
        return linkPersonOfInterest(command, state);
      case 'MarkVulnerableYoungPerson':
        return markVulnerableYoungPerson(command, state);
      case 'RecordDisengagementIntervention':
        return recordDisengagementIntervention(command, state);
      case 'RecordDisruption':
        return recordDisruption(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PersonOfInterestRecorded':
        return { ...state, exists: true, identifiers: event.data.identifiers };
      case 'PersonOfInterestIdentifiersAdded':
        return { ...state, identifiers: withIdentifiers(state.identifiers, event.data.added) };
      case 'PersonOfInterestMerged':
        return {
          ...state,
          identifiers: withIdentifiers(state.identifiers, event.data.mergedIdentifiers),
          mergedPoiIds: [...state.mergedPoiIds, event.data.mergedPoiId],
        };
      case 'PersonOfInterestMergedInto':
        return { ...state, mergedInto: event.data.survivorPoiId };
      case 'PersonOfInterestLinked':
        return { ...state, links: [...state.links, linkKey(event.data.target, event.data.nature)] };
      case 'VulnerableYoungPersonMarked':
        return { ...state, vulnerableYoungPerson: true };
      default:
        return state;
    }
  },
};

type PoiCommandOf<T extends PersonOfInterestCommand['type']> = Extract<PersonOfInterestCommandEnvelope, { type: T }>;

function recordPersonOfInterest({ poiId, now, data }: PoiCommandOf<'RecordPersonOfInterest'>, state: PersonOfInterestState): PersonOfInterestEvent[] {
  if (state.exists) throw new DomainError(`Person of interest ${poiId} is already recorded`, 'poi-already-recorded', 409);
  const identifiers = cleanIdentifiers(data.identifiers);
  if (identifiers.names.length === 0) throw new DomainError('A person of interest is recorded with at least one name or alias', 'name-required');
  checkSingleValues(identifiers, now);
  return [{ type: 'PersonOfInterestRecorded', data: { poiId, identifiers, recordedAt: now } }];
}

/** Identifiers are added, never replaced: a different value of one already on record is refused. */
function addIdentifiers({ poiId, now, data }: PoiCommandOf<'AddIdentifiers'>, state: PersonOfInterestState): PersonOfInterestEvent[] {
  const added = cleanIdentifiers(data.identifiers);
  checkSingleValues(added, now);
  const conflicts = conflictingIdentifiers(state.identifiers, added);
  if (conflicts.length > 0) {
    throw new DomainError(`A different ${conflicts.join(' and ')} is already on record for ${poiId}`, 'identifier-conflict', 409);
  }
  const fresh = newIdentifiers(state.identifiers, added);
  if (Object.keys(fresh).length === 0) return [];
  return [{ type: 'PersonOfInterestIdentifiersAdded', data: { poiId, added: fresh, addedAt: now } }];
}

function mergeInto({ poiId, now, data }: PoiCommandOf<'MergeInto'>): PersonOfInterestEvent[] {
  const { survivorPoiId, reason } = data;
  if (survivorPoiId === poiId) throw new DomainError('A person of interest cannot be merged into itself', 'merge-into-self');
  return [{ type: 'PersonOfInterestMergedInto', data: { poiId, survivorPoiId, reason: required(reason, 'reason'), mergedAt: now } }];
}

function absorbMerged({ poiId, data }: PoiCommandOf<'AbsorbMerged'>, state: PersonOfInterestState): PersonOfInterestEvent[] {
  const { mergedPoiId, mergedIdentifiers, reason, mergedAt } = data;
  if (mergedPoiId === poiId) throw new DomainError('A person of interest cannot be merged into itself', 'merge-into-self');
  if (state.mergedPoiIds.includes(mergedPoiId)) return [];
  return [{ type: 'PersonOfInterestMerged', data: { poiId, mergedPoiId, mergedIdentifiers, reason: required(reason, 'reason'), mergedAt } }];
}

function linkPersonOfInterest({ poiId, now, data }: PoiCommandOf<'LinkPersonOfInterest'>, state: PersonOfInterestState): PersonOfInterestEvent[] {
  const { linkId, nature } = data;
  const input = data.target;
  if (input.kind === 'poi' && (input.poiId === poiId || state.mergedPoiIds.includes(input.poiId))) {
    throw new DomainError('A person of interest cannot be linked to itself', 'link-to-self');
  }
  const detail = data.detail?.trim();
  if (nature === 'other' && !detail) throw new DomainError('A link of nature "other" says what it is, in detail', 'link-detail-required');
  const target: PoiLinkTarget =
    input.kind === 'location'
      ? { kind: 'location', location: cleanLocation(input.location), locationKey: locationKey(cleanLocation(input.location)) }
      : input;
  if (state.links.includes(linkKey(target, nature))) return [];
  return [{ type: 'PersonOfInterestLinked', data: { poiId, linkId, target, nature, ...(detail ? { detail } : {}), linkedAt: now } }];
}

function markVulnerableYoungPerson({ poiId, now, data }: PoiCommandOf<'MarkVulnerableYoungPerson'>, state: PersonOfInterestState): PersonOfInterestEvent[] {
  if (state.vulnerableYoungPerson) return [];
  const { caseId } = data;
  return [{ type: 'VulnerableYoungPersonMarked', data: { poiId, note: required(data.note, 'note'), ...(caseId ? { caseId } : {}), markedAt: now } }];
}

/** Action 4.3: interventions to help a young person disengage, once the POI is marked as one. */
function recordDisengagementIntervention(
  { poiId, now, data: d }: PoiCommandOf<'RecordDisengagementIntervention'>,
  state: PersonOfInterestState,
): PersonOfInterestEvent[] {
  if (!state.vulnerableYoungPerson) {
    throw new DomainError(
      'Interventions to help a young person disengage (action 4.3) are recorded once the POI is marked as a vulnerable young person',
      'not-a-vulnerable-young-person',
      409,
    );
  }
  const startedOn = calendarDate(d.startedOn, 'startedOn', now);
  const endedOn = d.endedOn === undefined ? undefined : calendarDate(d.endedOn, 'endedOn', now);
  if (endedOn !== undefined && endedOn < startedOn) throw new DomainError('An intervention cannot end before it started', 'ended-before-started');
  return [
    {
      type: 'DisengagementInterventionRecorded',
      data: {
        poiId,
        interventionId: d.interventionId,
        agency: required(d.agency, 'agency'),
        intervention: required(d.intervention, 'intervention'),
        startedOn,
        ...(endedOn ? { endedOn } : {}),
        ...(d.outcome?.trim() ? { outcome: d.outcome.trim() } : {}),
        recordedAt: now,
      },
    },
  ];
}

/** Action 4.5: disruption of a person of interest, an outcome saying what it was. */
function recordDisruption({ poiId, now, data: d }: PoiCommandOf<'RecordDisruption'>): PersonOfInterestEvent[] {
  const notes = d.notes?.trim();
  if (d.kind === 'outcome' && !notes) throw new DomainError('An outcome says what it was (e.g. convicted, sentence), in notes', 'outcome-notes-required');
  return [
    {
      type: 'DisruptionRecorded',
      data: {
        poiId,
        disruptionId: d.disruptionId,
        kind: d.kind,
        on: calendarDate(d.on, 'on', now),
        ...(d.reference?.trim() ? { reference: d.reference.trim() } : {}),
        ...(notes ? { notes } : {}),
        recordedAt: now,
      },
    },
  ];
}

export function mergedError(poiId: string, survivorPoiId: string): DomainError {
  return new DomainError(`Person of interest ${poiId} was merged into ${survivorPoiId}: record changes there`, 'poi-merged', 409);
}

function linkKey(target: PoiLinkTarget, nature: LinkNature): string {
  const to = target.kind === 'case' ? target.caseId : target.kind === 'poi' ? target.poiId : target.locationKey;
  return `${target.kind}:${to}:${nature}`;
}

function cleanLocation(location: PoiLocation): PoiLocation {
  const postcode = displayPostcode(location.postcode);
  return { kind: location.kind, name: location.name.trim().replace(/\s+/g, ' '), ...(postcode ? { postcode } : {}) };
}

function checkSingleValues(identifiers: Partial<PoiIdentifiers>, now: string): void {
  if (identifiers.dateOfBirth !== undefined) calendarDate(identifiers.dateOfBirth, 'dateOfBirth', now);
}

function required(value: string, field: string): string {
  const text = value?.trim();
  if (!text) throw new DomainError(`${field} is required`, `${field}-required`);
  return text;
}

/** A real calendar date (YYYY-MM-DD), not after today. */
function calendarDate(value: string, field: string, now: string): string {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new DomainError(`${field} is not a calendar date (YYYY-MM-DD)`, 'invalid-date');
  }
  if (value > now.slice(0, 10)) throw new DomainError(`${field} cannot be in the future`, 'date-in-future');
  return value;
}

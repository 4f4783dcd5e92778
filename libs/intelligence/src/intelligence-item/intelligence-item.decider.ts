import { Decider, DomainError } from '@app/common/domain';
import {
  Grading,
  HowKnown,
  IntelligenceItemEvent,
  IntelligenceStatus,
  PoliceAcknowledgementRecorded,
  REFERENCED_SUBJECT_KINDS,
  SourceDetails,
  Subject,
  gradingCode,
} from './intelligence-item.events';
import { sourceIdentifiersIn } from './source.identifiers';

export type IntelligenceItemCommand =
  | {
      type: 'SubmitInformation';
      data: {
        information: string;
        subjects: Subject[];
        knownAt: string;
        howKnown: HowKnown;
        howKnownDetail?: string;
        source: { name: string; otherIdentifiers?: string[]; relationship?: string; contact?: string; notes?: string };
      };
    }
  | { type: 'GradeIntelligence'; data: Grading }
  | { type: 'RegradeIntelligence'; data: Grading & { reason: string } }
  | { type: 'SanitiseIntelligence'; data: { text: string } }
  | { type: 'DisseminateIntelligence'; data: { urgent?: boolean } }
  | { type: 'RecordPoliceAcknowledgement'; data: Omit<PoliceAcknowledgementRecorded['data'], 'itemId' | 'recordedAt'> };

/**
 * What a command needs besides its data: which item, and when. Who may issue it (grading,
 * sanitising and dissemination are police intelligence work) is the stream's rule, checked by the
 * write path before this decides (intelligence-item.stream.ts).
 */
export type IntelligenceItemCommandEnvelope = IntelligenceItemCommand & { itemId: string; now: string };

export interface IntelligenceItemState {
  exists: boolean;
  status: IntelligenceStatus;
  subjects: Subject[];
  knownAt?: string;
  source?: SourceDetails;
  grading?: Grading;
  sanitisedText?: string;
  /** How many times it has been disseminated (a regrade sends it again). */
  disseminations: number;
  urgent: boolean;
  /** Acknowledgement message ids already recorded. */
  acknowledgements: string[];
}

const initialState = (): IntelligenceItemState => ({ exists: false, status: 'submitted', subjects: [], disseminations: 0, urgent: false, acknowledgements: [] });

/**
 * One item of information: a partner submits it (the source's details kept apart); a police
 * intelligence officer grades it 3x5x2, sanitises it and disseminates it; regrading is an event
 * with a reason.
 */
export const intelligenceItemDecider: Decider<IntelligenceItemCommandEnvelope, IntelligenceItemEvent, IntelligenceItemState> = {
  initialState,

  decide(command, state) {
    if (command.type === 'SubmitInformation') return submitInformation(command, state);

    if (!state.exists) throw new DomainError(`No intelligence item ${command.itemId}`, 'item-not-found', 404);
    switch (command.type) {
      case 'GradeIntelligence':
        return gradeIntelligence(command, state);
      case 'RegradeIntelligence':
        return regradeIntelligence(command, state);
      case 'SanitiseIntelligence':
        return sanitiseIntelligence(command, state);
      case 'DisseminateIntelligence':
        return disseminateIntelligence(command, state);
      case 'RecordPoliceAcknowledgement':
        return recordPoliceAcknowledgement(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'InformationSubmitted':
        return { ...state, exists: true, status: 'submitted', subjects: event.data.subjects, knownAt: event.data.knownAt };
      case 'SourceDetailsRecorded':
        return { ...state, source: event.data.source };
      case 'IntelligenceGraded':
        return { ...state, grading: event.data.grading, status: state.status === 'submitted' ? 'graded' : state.status };
      case 'IntelligenceRegraded':
        return { ...state, grading: event.data.grading };
      case 'IntelligenceSanitised':
        return { ...state, sanitisedText: event.data.text, status: state.disseminations > 0 ? state.status : 'sanitised' };
      case 'IntelligenceDisseminated':
        return { ...state, status: 'disseminated', disseminations: event.data.dissemination ?? state.disseminations + 1, urgent: event.data.urgent };
      case 'PoliceAcknowledgementRecorded':
        return { ...state, status: 'acknowledged', acknowledgements: [...state.acknowledgements, event.data.messageId] };
      default:
        return state;
    }
  },
};

type IntelligenceCommandOf<T extends IntelligenceItemCommand['type']> = Extract<IntelligenceItemCommandEnvelope, { type: T }>;

/** The source's details are recorded apart from the information, so that they can be sealed. */
function submitInformation({ itemId, now, data: d }: IntelligenceCommandOf<'SubmitInformation'>, state: IntelligenceItemState): IntelligenceItemEvent[] {
  if (state.exists) throw new DomainError(`Item ${itemId} has already been submitted`, 'item-already-submitted', 409);
  const subjects = cleanSubjects(d.subjects);
  const howKnownDetail = d.howKnownDetail?.trim();
  if (d.howKnown === 'other' && !howKnownDetail) throw new DomainError('Say how the information is known when it is "other", in howKnownDetail', 'how-known-detail-required');
  const source: SourceDetails = {
    name: required(d.source.name, 'source.name'),
    otherIdentifiers: [...new Set((d.source.otherIdentifiers ?? []).map((i) => i.trim()).filter(Boolean))],
    ...optional('relationship', d.source.relationship),
    ...optional('contact', d.source.contact),
    ...optional('notes', d.source.notes),
  };
  return [
    {
      type: 'InformationSubmitted',
      data: {
        itemId,
        information: required(d.information, 'information'),
        subjects,
        knownAt: knownAt(d.knownAt, now),
        howKnown: d.howKnown,
        ...(howKnownDetail ? { howKnownDetail } : {}),
        submittedAt: now,
      },
    },
    { type: 'SourceDetailsRecorded', data: { itemId, source } },
  ];
}

/** Graded once; a later change of grading is a regrade, with a reason. */
function gradeIntelligence({ itemId, now, data }: IntelligenceCommandOf<'GradeIntelligence'>, state: IntelligenceItemState): IntelligenceItemEvent[] {
  if (state.grading) throw new DomainError(`Item ${itemId} is already graded: regrade it, with a reason`, 'already-graded', 409);
  return [{ type: 'IntelligenceGraded', data: { itemId, grading: checkedGrading(data), gradedAt: now } }];
}

function regradeIntelligence({ itemId, now, data }: IntelligenceCommandOf<'RegradeIntelligence'>, state: IntelligenceItemState): IntelligenceItemEvent[] {
  if (!state.grading) throw new DomainError(`Item ${itemId} has not been graded yet: grade it first`, 'not-graded', 409);
  const { reason, ...asked } = data;
  const grading = checkedGrading(asked);
  if (sameGrading(grading, state.grading)) throw new DomainError('The new grading is the same as the current one', 'grading-unchanged');
  const regraded: IntelligenceItemEvent = { type: 'IntelligenceRegraded', data: { itemId, grading, previous: state.grading, reason: required(reason, 'reason'), regradedAt: now } };
  // The police must not act on a grading (or handling conditions) that no longer stands: a
  // disseminated item goes out again with the new grading, as the next dissemination.
  if (state.disseminations === 0) return [regraded];
  return [regraded, disseminated(itemId, { ...state, grading }, state.urgent, now)];
}

/** Sanitised text goes to the police: it must not identify the source, nor change once it has gone. */
function sanitiseIntelligence({ itemId, now, data }: IntelligenceCommandOf<'SanitiseIntelligence'>, state: IntelligenceItemState): IntelligenceItemEvent[] {
  if (!state.grading) throw new DomainError(`Item ${itemId} is graded before it is sanitised`, 'not-graded', 409);
  if (state.disseminations > 0) throw new DomainError(`Item ${itemId} has been disseminated: its text can no longer change`, 'already-disseminated', 409);
  const text = required(data.text, 'text');
  const found = state.source ? sourceIdentifiersIn(text, state.source) : [];
  if (found.length > 0) {
    throw new DomainError(`The sanitised text would identify the source: it contains the source's ${found.join(', ')}`, 'source-identified');
  }
  if (text === state.sanitisedText) return [];
  return [{ type: 'IntelligenceSanitised', data: { itemId, text, sanitisedAt: now } }];
}

function disseminateIntelligence({ itemId, now, data }: IntelligenceCommandOf<'DisseminateIntelligence'>, state: IntelligenceItemState): IntelligenceItemEvent[] {
  if (state.disseminations > 0) throw new DomainError(`Item ${itemId} has already been disseminated: a regrade sends it again`, 'already-disseminated', 409);
  if (!state.grading) throw new DomainError(`Item ${itemId} is graded and sanitised before it is disseminated: it is not graded`, 'not-graded', 409);
  if (state.sanitisedText === undefined) {
    throw new DomainError(`Item ${itemId} is graded and sanitised before it is disseminated: it is not sanitised`, 'not-sanitised', 409);
  }
  return [disseminated(itemId, state, data.urgent ?? false, now)];
}

/** Each acknowledgement message is recorded once, whatever the case of its id. */
function recordPoliceAcknowledgement({ itemId, now, data }: IntelligenceCommandOf<'RecordPoliceAcknowledgement'>, state: IntelligenceItemState): IntelligenceItemEvent[] {
  if (state.disseminations === 0) throw new DomainError(`Item ${itemId} has not been disseminated: there is nothing to acknowledge`, 'not-disseminated', 409);
  if (state.acknowledgements.includes(data.messageId.toLowerCase())) return [];
  const { operationRef, ...rest } = data;
  if (rest.outcome === 'linked-to-operation' && !operationRef?.trim()) {
    throw new DomainError('An outcome linked to an operation names the operation: give operationRef', 'operation-ref-required');
  }
  return [
    {
      type: 'PoliceAcknowledgementRecorded',
      data: { itemId, ...rest, messageId: rest.messageId.toLowerCase(), ...(operationRef?.trim() ? { operationRef: operationRef.trim() } : {}), recordedAt: now },
    },
  ];
}

/** The item as the police get it: everything the feed message needs, nothing sealed. */
function disseminated(itemId: string, state: IntelligenceItemState, urgent: boolean, now: string): IntelligenceItemEvent {
  const { source, assessment, handling, conditions } = state.grading!;
  return {
    type: 'IntelligenceDisseminated',
    data: {
      itemId,
      grading: { source, assessment, handling, code: gradingCode(state.grading!) },
      ...(conditions ? { handlingConditions: conditions } : {}),
      text: state.sanitisedText!,
      subjects: state.subjects,
      urgent,
      knownAt: state.knownAt!,
      disseminatedAt: now,
      dissemination: state.disseminations + 1,
    },
  };
}

/** 3x5x2: C needs its conditions in writing; P carries none. */
function checkedGrading(g: Grading): Grading {
  const conditions = g.conditions?.trim();
  if (g.handling === 'C' && !conditions) {
    throw new DomainError('Handling code C permits sharing with conditions, which must be written: give the conditions', 'handling-conditions-required');
  }
  if (g.handling === 'P' && conditions) {
    throw new DomainError('Handling code P carries no conditions: use C to share with conditions', 'conditions-need-handling-c');
  }
  return { source: g.source, assessment: g.assessment, handling: g.handling, ...(conditions ? { conditions } : {}) };
}

function sameGrading(a: Grading, b: Grading): boolean {
  return a.source === b.source && a.assessment === b.assessment && a.handling === b.handling && (a.conditions ?? '') === (b.conditions ?? '');
}

function cleanSubjects(subjects: Subject[]): Subject[] {
  if (subjects.length === 0) throw new DomainError('Say whom or what the information is about: at least one subject', 'subject-required');
  const seen = new Set<string>();
  const clean: Subject[] = [];
  subjects.forEach((subject, index) => {
    const referenced = REFERENCED_SUBJECT_KINDS.includes(subject.kind);
    const value = (referenced ? subject.ref : subject.text)?.trim().replace(/\s+/g, ' ');
    if (!value) {
      throw new DomainError(`subjects.${index}: a ${subject.kind} subject gives ${referenced ? 'ref, the record id' : 'text'}`, 'subject-incomplete');
    }
    const key = `${subject.kind}:${value.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    clean.push(referenced ? { kind: subject.kind, ref: value } : { kind: subject.kind, text: value });
  });
  return clean;
}

/** A date (YYYY-MM-DD) or an instant (stored in canonical UTC form), not in the future. */
function knownAt(value: string, now: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms) || (dateOnly && new Date(ms).toISOString().slice(0, 10) !== value)) {
    throw new DomainError('knownAt is not a date or a date and time', 'invalid-date');
  }
  const canonical = dateOnly ? value : new Date(ms).toISOString();
  if ((dateOnly && value > now.slice(0, 10)) || (!dateOnly && canonical > now)) throw new DomainError('knownAt cannot be in the future', 'date-in-future');
  return canonical;
}

function required(value: string | undefined, field: string): string {
  const text = value?.trim();
  if (!text) throw new DomainError(`${field} is required`, `${field.replace(/\./g, '-')}-required`);
  return text;
}

function optional<K extends string>(key: K, value?: string): Partial<Record<K, string>> {
  const text = value?.trim();
  return (text ? { [key]: text } : {}) as Partial<Record<K, string>>;
}

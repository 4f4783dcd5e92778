/**
 * The events of one item of information, stream `intel-{itemId}`: submitted by a partner agency,
 * graded by a police intelligence officer (3x5x2), sanitised, disseminated (DOMAIN.md,
 * "Intelligence"; actions 1.4, 4.1). The source's details are an event of their own,
 * `SourceDetailsRecorded`, which only the sealed view reads: no projection, feed or message
 * carries them, and the original text (`InformationSubmitted.information`) stays sealed the same way.
 */

/** Source evaluation: 1 reliable, 2 untested, 3 not reliable. */
export const SOURCE_EVALUATIONS = { 1: 'Reliable', 2: 'Untested', 3: 'Not reliable' } as const;
export type SourceEvaluation = 1 | 2 | 3;
export const SOURCE_EVALUATION_CODES: SourceEvaluation[] = [1, 2, 3];

/** Intelligence assessment, A to E. */
export const ASSESSMENTS = {
  A: 'Known directly to the source',
  B: 'Known indirectly to the source but corroborated',
  C: 'Known indirectly to the source',
  D: 'Not known',
  E: 'Suspected to be false',
} as const;
export type Assessment = keyof typeof ASSESSMENTS;
export const ASSESSMENT_CODES = Object.keys(ASSESSMENTS) as Assessment[];

/** Handling: P lawful sharing permitted; C sharing permitted with conditions, which must be written. */
export const HANDLING_CODES = { P: 'Lawful sharing permitted', C: 'Sharing permitted with conditions' } as const;
export type HandlingCode = keyof typeof HANDLING_CODES;
export const HANDLING_CODE_LIST = Object.keys(HANDLING_CODES) as HandlingCode[];

export interface Grading {
  source: SourceEvaluation;
  assessment: Assessment;
  handling: HandlingCode;
  /** Handling C only: the conditions of sharing, in writing. */
  conditions?: string;
}

/** e.g. `2/B/C`. */
export const gradingCode = (g: Pick<Grading, 'source' | 'assessment' | 'handling'>) => `${g.source}/${g.assessment}/${g.handling}`;

export const SUBJECT_KINDS = {
  poi: 'Person of interest (ref: the POI id)',
  'child-case': "A child (ref: the child's case id)",
  location: 'Location (text: address or place)',
  vehicle: 'Vehicle (text: registration and description)',
  phone: 'Phone number (text)',
  'online-identity': 'Online identity (text: platform and handle)',
} as const;
export type SubjectKind = keyof typeof SUBJECT_KINDS;
export const SUBJECT_KIND_CODES = Object.keys(SUBJECT_KINDS) as SubjectKind[];
/** Subjects that point at a record (by id) rather than describe something in text. */
export const REFERENCED_SUBJECT_KINDS: readonly SubjectKind[] = ['poi', 'child-case'];

/** Who or what the information is about: a record (`ref`) or a description (`text`). */
export type Subject = { kind: SubjectKind; ref?: string; text?: string };

export const HOW_KNOWN = {
  'seen-or-heard': 'Seen or heard it directly',
  'told-by-child': 'Told by the child',
  'told-by-someone-else': 'Told by someone else',
  records: 'From records or systems',
  online: 'Seen online',
  other: 'Other (say how)',
} as const;
export type HowKnown = keyof typeof HOW_KNOWN;
export const HOW_KNOWN_CODES = Object.keys(HOW_KNOWN) as HowKnown[];

export interface SourceDetails {
  /** The source's name (or how they are known). */
  name: string;
  /** Anything else that would identify them: nickname, phone, address, school, role. */
  otherIdentifiers: string[];
  relationship?: string;
  contact?: string;
  notes?: string;
}

export type InformationSubmitted = {
  type: 'InformationSubmitted';
  data: {
    itemId: string;
    /** The original, as the partner wrote it: sealed. */
    information: string;
    subjects: Subject[];
    /** When the submitter came to know it: a date (YYYY-MM-DD) or an instant. */
    knownAt: string;
    howKnown: HowKnown;
    howKnownDetail?: string;
    submittedAt: string;
  };
};

/** Sealed: read only by intelligence officers, never projected. */
export type SourceDetailsRecorded = {
  type: 'SourceDetailsRecorded';
  data: { itemId: string; source: SourceDetails };
};

export type IntelligenceGraded = {
  type: 'IntelligenceGraded';
  data: { itemId: string; grading: Grading; gradedAt: string };
};

export type IntelligenceRegraded = {
  type: 'IntelligenceRegraded';
  data: { itemId: string; grading: Grading; previous: Grading; reason: string; regradedAt: string };
};

/** The text that may be disseminated: nothing in it identifies the source. */
export type IntelligenceSanitised = {
  type: 'IntelligenceSanitised';
  data: { itemId: string; text: string; sanitisedAt: string };
};

/**
 * The item goes to the police intelligence unit: everything the feed message needs, and nothing
 * sealed (no original text, no source, no submitter).
 */
export type IntelligenceDisseminated = {
  type: 'IntelligenceDisseminated';
  data: {
    itemId: string;
    grading: { source: SourceEvaluation; assessment: Assessment; handling: HandlingCode; code: string };
    /** Handling C: the conditions every recipient must keep. */
    handlingConditions?: string;
    /** The sanitised text. */
    text: string;
    subjects: Subject[];
    urgent: boolean;
    knownAt: string;
    disseminatedAt: string;
    /** 1 when first disseminated; a regrade of a disseminated item sends it again as 2, 3, ... */
    dissemination?: number;
  };
};

/** What the police intelligence unit did with a disseminated item (intelligence-acknowledged.v1). */
export const POLICE_OUTCOMES = {
  actioned: 'Actioned',
  'no-further-action': 'No further action',
  'linked-to-operation': 'Linked to an operation',
} as const;
export type PoliceOutcome = keyof typeof POLICE_OUTCOMES;

/**
 * The police unit acknowledged a feed item and recorded its outcome. Also the one event of a
 * disclosure notice's stream (`disclosure-notice-{assessmentId}`, police-feed folder).
 */
export type PoliceAcknowledgementRecorded = {
  type: 'PoliceAcknowledgementRecorded';
  data: {
    itemId: string;
    /** The acknowledgement message's id: the same message is recorded once. */
    messageId: string;
    outcome: PoliceOutcome;
    operationRef?: string;
    unit: { id: string; officer: string };
    acknowledgedAt: string;
    /** How it came: the acknowledgements topic, or the pull API for units that do not use Kafka. */
    via: 'kafka' | 'http';
    recordedAt: string;
  };
};

export type IntelligenceItemEvent =
  | InformationSubmitted
  | SourceDetailsRecorded
  | IntelligenceGraded
  | IntelligenceRegraded
  | IntelligenceSanitised
  | IntelligenceDisseminated
  | PoliceAcknowledgementRecorded;

/** Every event type of the stream. */
export const INTELLIGENCE_ITEM_EVENT_TYPES: readonly IntelligenceItemEvent['type'][] = [
  'InformationSubmitted',
  'SourceDetailsRecorded',
  'IntelligenceGraded',
  'IntelligenceRegraded',
  'IntelligenceSanitised',
  'IntelligenceDisseminated',
  'PoliceAcknowledgementRecorded',
];

export const intelligenceStreamId = (itemId: string) => `intel-${itemId}`;

export type IntelligenceStatus = 'submitted' | 'graded' | 'sanitised' | 'disseminated' | 'acknowledged';
export const INTELLIGENCE_STATUSES: IntelligenceStatus[] = ['submitted', 'graded', 'sanitised', 'disseminated', 'acknowledged'];

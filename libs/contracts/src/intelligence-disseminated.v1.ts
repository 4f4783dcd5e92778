import { FieldErrors, MessageContract, defineContract } from './contract';
import { array, boolean, integer, object, oneOf, text } from './fields';

/** Source evaluation (3x5x2): 1 reliable, 2 untested, 3 not reliable. */
export const SOURCE_EVALUATIONS = [1, 2, 3] as const;
/** Intelligence assessment (3x5x2): A known directly ... E suspected to be false. */
export const INTELLIGENCE_ASSESSMENTS = ['A', 'B', 'C', 'D', 'E'] as const;
/** Handling code (3x5x2): P lawful sharing permitted; C sharing permitted with written conditions. */
export const HANDLING_CODES = ['P', 'C'] as const;
/** What a feed item is: a graded intelligence item, or a disclosure recorded in a child's risk assessment. */
export const FEED_ITEM_KINDS = ['intelligence', 'disclosure'] as const;
/** Subjects that point at a platform record by `ref` (never a name). */
export const REFERENCED_SUBJECT_KINDS = ['poi', 'child-case'] as const;
/** Subjects described in `text` (an address, a registration, a number, a handle). */
export const DESCRIBED_SUBJECT_KINDS = ['location', 'vehicle', 'phone', 'online-identity'] as const;
export const SUBJECT_KINDS = [...REFERENCED_SUBJECT_KINDS, ...DESCRIBED_SUBJECT_KINDS] as const;

export type FeedItemKind = (typeof FEED_ITEM_KINDS)[number];
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface IntelligenceGradingV1 {
  /** Intelligence only: a disclosure is not graded by an intelligence officer before it is sent. */
  source?: (typeof SOURCE_EVALUATIONS)[number];
  assessment?: (typeof INTELLIGENCE_ASSESSMENTS)[number];
  handling: (typeof HANDLING_CODES)[number];
  /** The written conditions: required with handling C, absent with P. */
  conditions?: string;
}

/**
 * One item for the police intelligence unit, on the police feed topic, keyed by `itemId`: a graded,
 * sanitised intelligence item, or an urgent notice that a child disclosed exploitation. It carries
 * nothing that identifies the source, and children only by their case reference.
 */
export interface IntelligenceDisseminatedV1 {
  /** UUID of this message: consumers are idempotent by it (a redelivery changes nothing). */
  messageId: string;
  kind: FeedItemKind;
  /** The item: an intelligence item id, or `disclosure-{assessmentId}`. */
  itemId: string;
  /** The item's dissemination number: 1, then 2, 3, ... each time a regrade sends it again; keep the highest. */
  sequence: number;
  /** When it was disseminated (ISO 8601). */
  disseminatedAt: string;
  grading: IntelligenceGradingV1;
  /** The disseminated text: sanitised, no source identity. */
  sanitisedText: string;
  /** Whom and what it is about. */
  subjects: ({ kind: (typeof REFERENCED_SUBJECT_KINDS)[number]; ref: string } | { kind: (typeof DESCRIBED_SUBJECT_KINDS)[number]; text: string })[];
  /** A disclosure from a risk assessment, or an item graded as urgent: act now. */
  urgent: boolean;
}

const FIELDS = ['messageId', 'kind', 'itemId', 'sequence', 'disseminatedAt', 'grading', 'sanitisedText', 'subjects', 'urgent'] as const;

function check(value: unknown, errors: FieldErrors): void {
  const message = object(errors, '', value, FIELDS);
  if (!message) return;
  text(errors, message, '', 'messageId', { maxLength: 36, format: 'uuid' });
  oneOf(errors, message, '', 'kind', FEED_ITEM_KINDS);
  text(errors, message, '', 'itemId', { maxLength: 100, format: 'reference' });
  integer(errors, message, '', 'sequence', 1);
  text(errors, message, '', 'disseminatedAt', { maxLength: 40, format: 'date-time' });
  if (message.grading === undefined) errors.add('grading', 'is required');
  else {
    const grading = object(errors, 'grading', message.grading, ['source', 'assessment', 'handling', 'conditions']);
    if (grading) {
      // A disclosure has not been evaluated; intelligence always has been (3x5x2).
      const graded = message.kind !== 'disclosure';
      if (graded || grading.source !== undefined) oneOf(errors, grading, 'grading', 'source', SOURCE_EVALUATIONS);
      if (graded || grading.assessment !== undefined) oneOf(errors, grading, 'grading', 'assessment', INTELLIGENCE_ASSESSMENTS);
      if (!graded && (grading.source !== undefined || grading.assessment !== undefined)) errors.add('grading', 'a disclosure carries only handling and conditions');
      oneOf(errors, grading, 'grading', 'handling', HANDLING_CODES);
      // Handling code C without written conditions is refused (3x5x2); P has none to carry.
      if (grading.handling === 'C') text(errors, grading, 'grading', 'conditions', { maxLength: 2000 });
      else if (grading.handling === 'P' && grading.conditions !== undefined) errors.add('grading.conditions', 'only handling code C carries conditions');
    }
  }
  text(errors, message, '', 'sanitisedText', { maxLength: 20_000 });
  array(errors, message, '', 'subjects', 200, (item, path) => {
    const subject = object(errors, path, item, ['kind', 'ref', 'text']);
    if (!subject) return;
    oneOf(errors, subject, path, 'kind', SUBJECT_KINDS);
    if ((REFERENCED_SUBJECT_KINDS as readonly unknown[]).includes(subject.kind)) {
      text(errors, subject, path, 'ref', { maxLength: 100, format: 'reference' });
      if (subject.text !== undefined) errors.add(`${path}.text`, 'a referenced subject gives ref only');
    } else if ((DESCRIBED_SUBJECT_KINDS as readonly unknown[]).includes(subject.kind)) {
      text(errors, subject, path, 'text', { maxLength: 500 });
      if (subject.ref !== undefined) errors.add(`${path}.ref`, 'a described subject gives text only');
    }
  });
  boolean(errors, message, '', 'urgent');
}

export const IntelligenceDisseminatedV1: MessageContract<IntelligenceDisseminatedV1> = defineContract<IntelligenceDisseminatedV1>({
  name: 'intelligence-disseminated',
  version: 1,
  description: 'A graded, sanitised intelligence item or an urgent disclosure notice for the police intelligence unit (police feed topic, key: itemId).',
  check,
  example: {
    messageId: '6f1d3c2a-8b4e-4f6a-9c1d-2e3f4a5b6c7d',
    kind: 'intelligence',
    itemId: 'b0c4e9a2-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
    sequence: 1,
    disseminatedAt: '2026-11-27T10:15:00.000Z',
    grading: { source: 2, assessment: 'B', handling: 'C', conditions: 'Not to be disclosed to the subject. Consult the originating officer before any action.' },
    sanitisedText: 'A male in his 30s driving a silver hatchback has been seen collecting a 14-year-old girl from the shopping centre on weekday afternoons.',
    subjects: [
      { kind: 'poi', ref: '3a9f5c1e-2b7d-4c8e-9f0a-1b2c3d4e5f60' },
      { kind: 'child-case', ref: 'c7e2a1b9-4d3f-4a6e-8c5b-9d0e1f2a3b4c' },
      { kind: 'location', text: 'Brightfield shopping centre, bus station entrance' },
      { kind: 'vehicle', text: 'Silver hatchback, partial registration KX6' },
    ],
    urgent: false,
  },
});

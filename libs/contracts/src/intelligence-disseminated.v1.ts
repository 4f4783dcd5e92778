import { FieldErrors, MessageContract, defineContract } from './contract';
import { array, boolean, integer, object, oneOf, text } from './fields';

/** Source evaluation (3x5x2): 1 reliable, 2 untested, 3 not reliable. */
export const SOURCE_EVALUATIONS = [1, 2, 3] as const;
/** Intelligence assessment (3x5x2): A known directly ... E suspected to be false. */
export const INTELLIGENCE_ASSESSMENTS = ['A', 'B', 'C', 'D', 'E'] as const;
/** Handling code (3x5x2): P lawful sharing permitted; C sharing permitted with written conditions. */
export const HANDLING_CODES = ['P', 'C'] as const;
/** What a subject reference points at (DOMAIN.md, "Intelligence": subjects). */
export const SUBJECT_KINDS = ['poi', 'child', 'location', 'vehicle', 'phone-number', 'online-identity'] as const;

export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface IntelligenceGradingV1 {
  source: (typeof SOURCE_EVALUATIONS)[number];
  assessment: (typeof INTELLIGENCE_ASSESSMENTS)[number];
  handling: (typeof HANDLING_CODES)[number];
  /** The written conditions: required with handling C, absent with P. */
  conditions?: string;
}

/**
 * One graded, sanitised intelligence item for the police intelligence unit, on the police feed
 * topic, keyed by `itemId`. It carries nothing that identifies the source.
 */
export interface IntelligenceDisseminatedV1 {
  /** UUID of this message: consumers are idempotent by it (a redelivery changes nothing). */
  messageId: string;
  /** The intelligence item. A regraded item is disseminated again: same itemId, new messageId and sequence. */
  itemId: string;
  /** The item's place in the feed: 1, 2, 3, ... in dissemination order (the pull API's position). */
  sequence: number;
  /** When it was disseminated (ISO 8601). */
  disseminatedAt: string;
  grading: IntelligenceGradingV1;
  /** The disseminated text: sanitised, no source identity. */
  sanitisedText: string;
  /** Whom and what it is about, by the platform's references (never names). */
  subjects: { kind: SubjectKind; ref: string }[];
  /** A disclosure from a risk assessment, or an item graded as urgent: act now. */
  urgent: boolean;
}

const FIELDS = ['messageId', 'itemId', 'sequence', 'disseminatedAt', 'grading', 'sanitisedText', 'subjects', 'urgent'] as const;

function check(value: unknown, errors: FieldErrors): void {
  const message = object(errors, '', value, FIELDS);
  if (!message) return;
  text(errors, message, '', 'messageId', { maxLength: 36, format: 'uuid' });
  text(errors, message, '', 'itemId', { maxLength: 100, format: 'reference' });
  integer(errors, message, '', 'sequence', 1);
  text(errors, message, '', 'disseminatedAt', { maxLength: 40, format: 'date-time' });
  if (message.grading === undefined) errors.add('grading', 'is required');
  else {
    const grading = object(errors, 'grading', message.grading, ['source', 'assessment', 'handling', 'conditions']);
    if (grading) {
      oneOf(errors, grading, 'grading', 'source', SOURCE_EVALUATIONS);
      oneOf(errors, grading, 'grading', 'assessment', INTELLIGENCE_ASSESSMENTS);
      oneOf(errors, grading, 'grading', 'handling', HANDLING_CODES);
      // Handling code C without written conditions is refused (3x5x2); P has none to carry.
      if (grading.handling === 'C') text(errors, grading, 'grading', 'conditions', { maxLength: 2000 });
      else if (grading.handling === 'P' && grading.conditions !== undefined) errors.add('grading.conditions', 'only handling code C carries conditions');
    }
  }
  text(errors, message, '', 'sanitisedText', { maxLength: 20_000 });
  array(errors, message, '', 'subjects', 200, (item, path) => {
    const subject = object(errors, path, item, ['kind', 'ref']);
    if (!subject) return;
    oneOf(errors, subject, path, 'kind', SUBJECT_KINDS);
    text(errors, subject, path, 'ref', { maxLength: 100, format: 'reference' });
  });
  boolean(errors, message, '', 'urgent');
}

export const IntelligenceDisseminatedV1: MessageContract<IntelligenceDisseminatedV1> = defineContract<IntelligenceDisseminatedV1>({
  name: 'intelligence-disseminated',
  version: 1,
  description: 'A graded, sanitised intelligence item sent to the police intelligence unit (police feed topic, key: itemId).',
  check,
  example: {
    messageId: '6f1d3c2a-8b4e-4f6a-9c1d-2e3f4a5b6c7d',
    itemId: 'b0c4e9a2-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
    sequence: 42,
    disseminatedAt: '2026-11-27T10:15:00.000Z',
    grading: { source: 2, assessment: 'B', handling: 'C', conditions: 'Not to be disclosed to the subject. Consult the originating officer before any action.' },
    sanitisedText: 'A male in his 30s driving a silver hatchback has been seen collecting a 14-year-old girl from the shopping centre on weekday afternoons.',
    subjects: [
      { kind: 'poi', ref: '3a9f5c1e-2b7d-4c8e-9f0a-1b2c3d4e5f60' },
      { kind: 'child', ref: 'c7e2a1b9-4d3f-4a6e-8c5b-9d0e1f2a3b4c' },
      { kind: 'location', ref: 'loc-brightfield-shopping-centre' },
    ],
    urgent: false,
  },
});

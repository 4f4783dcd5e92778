import { z } from 'zod';
import type { EventSchemas } from '@app/common';
import {
  ASSESSMENT_CODES,
  HANDLING_CODE_LIST,
  HOW_KNOWN_CODES,
  IntelligenceItemEvent,
  PoliceAcknowledgementRecorded,
  POLICE_OUTCOMES,
  PoliceOutcome,
  SOURCE_EVALUATION_CODES,
  SUBJECT_KIND_CODES,
} from './intelligence-item.events';

const id = z.string().min(1);
const text = z.string().min(1);
/** The moment the write path decided the event (`now`, ISO 8601 in UTC). */
const instant = z.iso.datetime({ offset: true });
/** When the submitter came to know it: a calendar date, or an instant (the decider stores either). */
const knownAt = z.union([z.iso.date(), instant]);

const subjects = z.array(z.object({ kind: z.enum(SUBJECT_KIND_CODES), ref: text.optional(), text: text.optional() })).min(1);
const source = z.literal(SOURCE_EVALUATION_CODES);
const assessment = z.enum(ASSESSMENT_CODES);
const handling = z.enum(HANDLING_CODE_LIST);
const grading = z.object({ source, assessment, handling, conditions: text.optional() });

/** The police unit's acknowledgement: the same on an intelligence item's stream and a disclosure notice's. */
export const policeAcknowledgementRecordedSchema: z.ZodType<PoliceAcknowledgementRecorded['data']> = z.object({
  itemId: id,
  messageId: id,
  outcome: z.enum(Object.keys(POLICE_OUTCOMES) as PoliceOutcome[]),
  operationRef: text.optional(),
  unit: z.object({ id: text, officer: text }),
  acknowledgedAt: instant,
  via: z.enum(['kafka', 'http']),
  recordedAt: instant,
});

/** What each event of an intelligence item's stream holds: checked before it is stored. */
export const intelligenceItemEventSchemas: EventSchemas<IntelligenceItemEvent> = {
  InformationSubmitted: z.object({
    itemId: id,
    information: text,
    subjects,
    knownAt,
    howKnown: z.enum(HOW_KNOWN_CODES),
    howKnownDetail: text.optional(),
    submittedAt: instant,
  }),
  SourceDetailsRecorded: z.object({
    itemId: id,
    source: z.object({ name: text, otherIdentifiers: z.array(text), relationship: text.optional(), contact: text.optional(), notes: text.optional() }),
  }),
  IntelligenceGraded: z.object({ itemId: id, grading, gradedAt: instant }),
  IntelligenceRegraded: z.object({ itemId: id, grading, previous: grading, reason: text, regradedAt: instant }),
  IntelligenceSanitised: z.object({ itemId: id, text, sanitisedAt: instant }),
  IntelligenceDisseminated: z.object({
    itemId: id,
    grading: z.object({ source, assessment, handling, code: text }),
    handlingConditions: text.optional(),
    text,
    subjects,
    urgent: z.boolean(),
    knownAt,
    disseminatedAt: instant,
    dissemination: z.number().int().positive().optional(),
  }),
  PoliceAcknowledgementRecorded: policeAcknowledgementRecordedSchema,
};

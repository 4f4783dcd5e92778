import type { Assessment, HandlingCode, IntelligenceItemEvent, IntelligenceStatus, PoliceOutcome, SourceEvaluation, Subject } from '../intelligence-item/intelligence-item.events';
import { gradingCode } from '../intelligence-item/intelligence-item.events';

/**
 * An item as anyone may see it: the sanitised copy. Never the original text, the source, how the
 * submitter knows it or who submitted it: those stay sealed (GET /intelligence/{id}/original).
 */
export interface IntelligenceItemView {
  itemId: string;
  /** The item stream's revision: send it as If-Match with the next change. */
  revision: number;
  status: IntelligenceStatus;
  subjects: Subject[];
  knownAt: string;
  submittedAt: string;
  grading?: {
    source: SourceEvaluation;
    assessment: Assessment;
    handling: HandlingCode;
    /** Handling C: the conditions of sharing. */
    conditions?: string;
    /** e.g. `2/B/C`. */
    code: string;
    gradedAt: string;
  };
  /** Each regrading, from and to (the reasons are in the sealed view). */
  regradings: { at: string; from: string; to: string }[];
  /** Present once sanitised: the only text that leaves the intelligence officers. */
  sanitisedText?: string;
  sanitisedAt?: string;
  urgent: boolean;
  /** The latest dissemination; a regrade of a disseminated item sends it again. */
  disseminatedAt?: string;
  disseminations: number;
  /** What the police intelligence unit last said of it. */
  policeOutcome?: { outcome: PoliceOutcome; operationRef?: string; acknowledgedAt: string; unitId: string };
  updatedAt: string;
}

export interface ItemViewSource {
  revision: number;
  recordedAt: string;
}

/** Pure: the sanitised view after one more event of its stream. Never throws (history is a fact). */
export function evolveIntelligenceItemView(view: IntelligenceItemView | undefined, event: IntelligenceItemEvent, source: ItemViewSource): IntelligenceItemView | undefined {
  if (event.type === 'InformationSubmitted') {
    // Field by field: `information`, `howKnown` and `howKnownDetail` are sealed.
    const { itemId, subjects, knownAt, submittedAt } = event.data;
    return { itemId, revision: source.revision, status: 'submitted', subjects, knownAt, submittedAt, regradings: [], urgent: false, disseminations: 0, updatedAt: source.recordedAt };
  }
  if (!view) return view;
  const next = { ...view, revision: source.revision, updatedAt: source.recordedAt };
  switch (event.type) {
    case 'IntelligenceGraded':
      return { ...next, status: view.status === 'submitted' ? 'graded' : view.status, grading: { ...event.data.grading, code: gradingCode(event.data.grading), gradedAt: event.data.gradedAt } };
    case 'IntelligenceRegraded': {
      const { grading, previous, regradedAt } = event.data;
      return {
        ...next,
        grading: { ...grading, code: gradingCode(grading), gradedAt: regradedAt },
        regradings: [...view.regradings, { at: regradedAt, from: gradingCode(previous), to: gradingCode(grading) }],
      };
    }
    case 'IntelligenceSanitised':
      return { ...next, status: view.disseminations > 0 ? view.status : 'sanitised', sanitisedText: event.data.text, sanitisedAt: event.data.sanitisedAt };
    case 'IntelligenceDisseminated':
      return {
        ...next,
        status: 'disseminated',
        urgent: event.data.urgent,
        disseminatedAt: event.data.disseminatedAt,
        disseminations: event.data.dissemination ?? view.disseminations + 1,
      };
    case 'PoliceAcknowledgementRecorded': {
      const { outcome, operationRef, acknowledgedAt, unit } = event.data;
      return { ...next, status: 'acknowledged', policeOutcome: { outcome, ...(operationRef ? { operationRef } : {}), acknowledgedAt, unitId: unit.id } };
    }
    default:
      // SourceDetailsRecorded: only its revision counts here; its data is never read.
      return next;
  }
}

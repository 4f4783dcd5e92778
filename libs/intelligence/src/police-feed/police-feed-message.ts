import { z } from 'zod';
import type { IntelligenceDisseminatedV1 } from '@app/contracts';
import type { IntelligenceDisseminated, Subject } from '../intelligence-item/intelligence-item.events';

/**
 * What the police feed says of the events that feed it (DOMAIN.md, "Intelligence": police-facing
 * feed; "Risk assessment": a disclosure notifies police). Pure and deterministic: the outbox
 * mapper sends it, the feed read model stores it, and a rebuild gives the very same documents.
 */

/** A casework event, named here rather than imported: the intelligence context does not depend on cases. */
export interface DisclosureRecordedData {
  caseId: string;
  assessmentId: string;
  notify: string[];
  urgent: true;
  recordedAt: string;
}

/**
 * What the feed reads of a `DisclosureRecorded`, checked when read: the case context owns the
 * event and its schema, and this one does not import it.
 */
export const disclosureRecordedData: z.ZodType<DisclosureRecordedData> = z.object({
  caseId: z.string().min(1),
  assessmentId: z.string().min(1),
  notify: z.array(z.string()),
  urgent: z.literal(true),
  recordedAt: z.string().min(1),
});

/** The handling of every disclosure notice: a child's own account, not graded by an intelligence officer. */
export const DISCLOSURE_HANDLING_CONDITIONS =
  "A child's disclosure of exploitation, recorded in a risk assessment and not yet graded. Do not contact the child or family " +
  'before speaking to the lead professional of the recording agency; what the child said is on the case record.';

export const disclosureItemId = (assessmentId: string) => `disclosure-${assessmentId}`;

/** The assessment behind a disclosure notice's item id, or undefined for an intelligence item. */
export function disclosureAssessmentOf(itemId: string): string | undefined {
  return itemId.startsWith('disclosure-') ? itemId.slice('disclosure-'.length) : undefined;
}

/** The feed document for a disseminated item; `messageId` is the outbox message id. */
export function intelligenceFeedItem(data: IntelligenceDisseminated['data'], messageId: string): IntelligenceDisseminatedV1 {
  const { source, assessment, handling } = data.grading;
  return {
    messageId,
    kind: 'intelligence',
    itemId: data.itemId,
    sequence: data.dissemination ?? 1,
    disseminatedAt: data.disseminatedAt,
    grading: { source, assessment, handling, ...(handling === 'C' && data.handlingConditions ? { conditions: data.handlingConditions } : {}) },
    sanitisedText: data.text,
    subjects: data.subjects.map(feedSubject),
    urgent: data.urgent,
  };
}

/** The urgent notice for a disclosure; `agencyId` is the agency that recorded the assessment. */
export function disclosureFeedItem(data: DisclosureRecordedData, agencyId: string, messageId: string): IntelligenceDisseminatedV1 {
  return {
    messageId,
    kind: 'disclosure',
    itemId: disclosureItemId(data.assessmentId),
    sequence: 1,
    disseminatedAt: data.recordedAt,
    grading: { handling: 'C', conditions: DISCLOSURE_HANDLING_CONDITIONS },
    sanitisedText:
      `Urgent: a child disclosed sexual exploitation during a risk assessment recorded by ${agencyId}. ` +
      `The case is at the top risk band; contact ${agencyId} about case ${data.caseId}.`,
    subjects: [{ kind: 'child-case', ref: data.caseId }],
    urgent: true,
  };
}

function feedSubject(subject: Subject): IntelligenceDisseminatedV1['subjects'][number] {
  if (subject.kind === 'poi' || subject.kind === 'child-case') return { kind: subject.kind, ref: subject.ref! };
  return { kind: subject.kind, text: subject.text! };
}

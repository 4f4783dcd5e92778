import type { PersonalDataRules } from '@app/event-store';
import { inboundShareSubject } from './inbound-share/inbound-share.events';

/**
 * The content of an outbound share, at the sending board, is the child's personal data (or the
 * intelligence's): sealed with the child's key when it is about a case, so erasing the child
 * erases the copies kept of what was shared; otherwise with the share's own key. Received content
 * is sealed with a key of the received share's own, destroyed when the sender revokes it.
 */
function subjectOf({ data }: { data: Record<string, unknown> }): string {
  const content = (data.content ?? {}) as { caseSummary?: { caseId?: string }; chronologyEntries?: { caseId?: string }[] };
  const caseId = content.caseSummary?.caseId ?? content.chronologyEntries?.[0]?.caseId;
  return caseId ? `child:${caseId}` : `share:${String(data.shareId)}`;
}

export const SHARING_PERSONAL_DATA: PersonalDataRules = {
  ShareRequested: { subject: subjectOf, fields: ['content'] },
  ShareSent: { subject: subjectOf, fields: ['content'] },
  ShareReceived: { subject: ({ data }) => inboundShareSubject(String(data.shareId)), fields: ['content'] },
};

import type { CaseAccessRecord } from '@app/access';
import type { RecordedEvent } from '@app/event-store';

/**
 * What the access policy weighs before a change to a case, from the case's own stream (the write
 * side's truth, never a read model): every agency involved (referrers, lead professionals,
 * assessors, and every agency that recorded something) and whether SEMRAC has it.
 */
export function caseWriteAccessRecord(caseId: string, history: readonly RecordedEvent[]): CaseAccessRecord {
  const agencies = new Set<string>();
  let atSemrac = false;
  for (const event of history) {
    const actor = event.metadata.actor as { agencyId?: string } | undefined;
    if (actor?.agencyId) agencies.add(actor.agencyId);
    const data = event.data as Record<string, unknown>;
    if (event.type === 'ReferralReceived') agencies.add(String((data.referringAgency as { id: string }).id));
    if (event.type === 'LeadProfessionalNamed') agencies.add(String(data.agencyId));
    if (event.type === 'RiskAssessed') agencies.add(String((data.assessor as { agencyId: string }).agencyId));
    if (event.type === 'ListedForSemrac' || event.type === 'DiscussedAtSemrac') atSemrac = true;
  }
  return { kind: 'case', id: caseId, agencyIds: [...agencies], atSemrac };
}

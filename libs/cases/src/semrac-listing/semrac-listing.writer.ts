import { DomainError, deterministicUuid } from '@app/common';
import { EventStore, JsonObject, WrongExpectedRevisionError } from '@app/event-store';
import { caseDecider } from '../case/case.decider';
import { CaseEvent, caseStreamId } from '../case/case.events';
import type { ReferralReceived } from '../referral/referral.events';
import type { Firing } from './semrac-listing.rules';

/** Who the listing's events name as acting: the platform, on behalf of the case's first referring agency. */
export const SEMRAC_LISTING_USER = 'system:semrac-listing';

/** `written` now; `already-stored`: this very listing exists; `already-listed` under the rule by another; `no-case`. */
export type ListingOutcome = 'written' | 'already-stored' | 'already-listed' | 'no-case';

/** The listing event's id: the same firing always gives the same id, and the store keeps one event per id. */
export const listingEventId = (firing: Pick<Firing, 'key' | 'rule'>) => deterministicUuid('semrac-listing', firing.key, firing.rule);

/**
 * Lists a case for SEMRAC through the case decider, appending with the revision it decided on and
 * a deterministic event id. A listing already stored (a crash before the checkpoint, a restart, a
 * rebuild) is found, never written twice.
 */
export class SemracListingWriter {
  constructor(private readonly store: EventStore) {}

  async list(caseId: string, firing: Firing): Promise<ListingOutcome> {
    const streamId = caseStreamId(caseId);
    const id = listingEventId(firing);
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(streamId);
      if (history.some((e) => e.id === id)) return 'already-stored';
      const state = history.reduce((s, e) => caseDecider.evolve(s, e as unknown as CaseEvent), caseDecider.initialState());
      let events: CaseEvent[];
      try {
        const { rule, detail, triggeredBy } = firing;
        events = caseDecider.decide({ type: 'ListForSemrac', data: { rule, detail, triggeredBy }, caseId, now: new Date().toISOString() }, state);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'case-not-found') return 'no-case';
        throw error;
      }
      if (events.length === 0) return 'already-listed';
      const first = history.find((e) => e.type === 'ReferralReceived') as unknown as ReferralReceived | undefined;
      const metadata = {
        actor: { userId: SEMRAC_LISTING_USER, agencyId: first?.data.referringAgency.id ?? 'board' },
        reason: `SEMRAC overview criterion met, rule ${firing.rule}: ${firing.detail.summary}`,
        causationId: firing.triggeredBy,
      };
      try {
        await this.store.append(streamId, [{ id, type: events[0].type, data: events[0].data as JsonObject, metadata }], { expectedRevision: history.length - 1 });
        return 'written';
      } catch (error) {
        // Someone changed the case meanwhile: decide again on the new revision.
        if (error instanceof WrongExpectedRevisionError && attempt < 5) continue;
        throw error;
      }
    }
  }
}

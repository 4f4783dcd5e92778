import { CommandStreams, DomainError, deterministicUuid, systemActor } from '@app/common';
import { caseStream } from '../case/case.stream';
import type { Firing } from './semrac-listing.rules';

/** Who the listing's events name as acting: the platform, on behalf of the case's first referring agency. */
export const SEMRAC_LISTING_USER = 'system:semrac-listing';

/** `written` now; `already-stored`: this very listing exists; `already-listed` under the rule by another; `no-case`. */
export type ListingOutcome = 'written' | 'already-stored' | 'already-listed' | 'no-case';

/** The listing event's id: the same firing always gives the same id, and the store keeps one event per id. */
export const listingEventId = (firing: Pick<Firing, 'key' | 'rule'>) => deterministicUuid('semrac-listing', firing.key, firing.rule);

/**
 * Lists a case for SEMRAC: a `ListForSemrac` command issued by the platform through the one write
 * path, its event id derived from the firing. A listing already stored (a crash before the
 * checkpoint, a restart, a rebuild, the sweep in another process) is found, never written twice;
 * a case changed meanwhile is decided again.
 */
export class SemracListingWriter {
  constructor(private readonly streams: CommandStreams) {}

  async list(caseId: string, firing: Firing): Promise<ListingOutcome> {
    const { events } = await this.streams.load(caseStream, caseId);
    if (events.length === 0) return 'no-case';
    const first = events.find((e) => e.type === 'ReferralReceived');
    const agencyId = first?.type === 'ReferralReceived' ? first.data.referringAgency.id : 'board';
    const id = listingEventId(firing);
    const { rule, detail, triggeredBy } = firing;
    try {
      const result = await this.streams.handle(
        caseStream,
        caseId,
        { type: 'ListForSemrac', data: { rule, detail, triggeredBy } },
        {
          actor: systemActor(SEMRAC_LISTING_USER, agencyId),
          request: { firing: firing.key, rule },
          reason: `SEMRAC overview criterion met, rule ${firing.rule}: ${firing.detail.summary}`,
          causationId: triggeredBy,
          eventIds: (i) => (i === 0 ? id : deterministicUuid(id, String(i))),
        },
      );
      if (result.written) return 'written';
      return result.stored.length > 0 ? 'already-stored' : 'already-listed';
    } catch (error) {
      if (error instanceof DomainError && error.code === 'case-not-found') return 'no-case';
      throw error;
    }
  }
}

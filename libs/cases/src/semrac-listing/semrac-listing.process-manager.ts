import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CommandStreams } from '@app/common';
import { Projection, ReadModelProjection, RecordedEvent, upsertRows } from '@app/event-store';
import { CASES_SETTINGS, CasesSettings } from '../cases.settings';
import { MISSING_EPISODE_EVENT_TYPES } from '../missing-episode/missing-episode.events';
import { SEMRAC_LISTING_STATE_EVENT_TYPES } from './semrac-listing.decider';
import { SemracListingCaseEntity } from './semrac-listing.entity';
import { CaseListingFacts, emptyListingFacts, markListed, onListingEvent, openSince } from './semrac-listing.rules';
import { SemracListingWriter } from './semrac-listing.writer';

/** What the listing reads: missing episodes, risk assessments, and the listings and discussions themselves. */
export const SEMRAC_LISTING_EVENT_TYPES: readonly string[] = [...MISSING_EPISODE_EVENT_TYPES, 'RiskAssessed', ...SEMRAC_LISTING_STATE_EVENT_TYPES];

/**
 * Lists a child for SEMRAC when an overview criterion is met (strategy section 4): a process
 * manager run as a projection, so it is fed from the store subscription, checkpointed with its
 * own table in one transaction, and rebuilt like any read model. Its listings are appended to the
 * case stream through the case decider with ids derived from the triggering event and the rule:
 * replaying a batch (a crash before the checkpoint, a restart, a rebuild) never lists twice.
 */
@Injectable()
@ReadModelProjection()
export class SemracListingProcessManager implements Projection {
  readonly name = 'semrac-listing';
  readonly version = 1;
  readonly entities = [SemracListingCaseEntity];
  readonly eventTypes = SEMRAC_LISTING_EVENT_TYPES;
  private readonly writer: SemracListingWriter;

  constructor(
    streams: CommandStreams,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
  ) {
    this.writer = new SemracListingWriter(streams);
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const caseIds = [...new Set(events.map((e) => e.data.caseId).filter((id): id is string => typeof id === 'string'))];
    const facts = new Map<string, CaseListingFacts>();
    for (let i = 0; i < caseIds.length; i += 500) {
      for (const row of await manager.findBy(SemracListingCaseEntity, { caseId: In(caseIds.slice(i, i + 500)) })) facts.set(row.caseId, row.facts);
    }
    for (const event of events) {
      const caseId = event.data.caseId;
      if (typeof caseId !== 'string') continue;
      let current = onListingEvent(facts.get(caseId) ?? emptyListingFacts(caseId), event, this.settings);
      let next = current.facts;
      for (const firing of current.firings) {
        const outcome = await this.writer.list(caseId, firing);
        if (outcome !== 'no-case') next = markListed(next, firing);
      }
      facts.set(caseId, next);
    }
    const rows = [...facts.values()].map((f) => ({ caseId: f.caseId, openSince: openSince(f) ?? null, facts: f }));
    await upsertRows(manager, SemracListingCaseEntity, rows, ['caseId']);
  }
}

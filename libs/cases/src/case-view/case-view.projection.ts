import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager, In } from 'typeorm';
import { HeldWriter, Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { CASE_EVENT_TYPES } from '../case/case.events';
import { CaseView, caseViewEventSchemas, caseViewTargets, evolveCaseViewInPlace } from './case-view';
import { MISSING_EPISODE_EVENT_TYPES } from '../missing-episode/missing-episode.events';
import { CaseViewEntity } from './case-view.entity';
import { caseAgencyIds, currentRiskBand, delimited, isAtSemrac, isListedForSemrac } from '../case-list/case-list-columns';

/**
 * What a rebuild holds between batches: the views built so far, the least recently changed first;
 * the views let go and being written meanwhile, on PostgreSQL in a transaction of their own while
 * later batches evolve (`writing`, until it commits); and the cases whose views it has written
 * already (a rebuild starts from an empty table, so no other case has a row to read).
 */
export interface HeldCaseViews {
  views: Map<string, CaseView>;
  writing?: { views: Map<string, CaseView>; done: Promise<void> };
  written: Set<string>;
  /** The runner's transactions beside the batch's (PostgreSQL); without it, views are written in the batch's own. */
  writer?: HeldWriter;
}

/** Events a rebuild's batch evolves between two turns of the event loop (its write goes out meanwhile). */
const EVOLVE_SLICE = 250;

/**
 * Views a rebuild holds at most: past it, the least recently changed are written (and read back
 * if a later event changes them), so memory stays bounded however many cases the log holds.
 */
export const HELD_CASE_VIEWS = 500;

/** The case view: one document per case, built by `evolveCaseView`. */
@Injectable()
@ReadModelProjection()
export class CaseViewProjection implements Projection<HeldCaseViews> {
  readonly name = 'case-view';
  readonly version = 4;
  readonly entities = [CaseViewEntity];
  readonly eventTypes: readonly string[] = [...CASE_EVENT_TYPES, ...MISSING_EPISODE_EVENT_TYPES];
  /** Views a rebuild holds at most (see HELD_CASE_VIEWS). */
  holdAtMost = HELD_CASE_VIEWS;

  async apply(events: readonly RecordedEvent[], manager: EntityManager, held?: HeldCaseViews): Promise<void> {
    // A loop, not flatMap: a rebuild routes every event of the log's cases through here.
    const routed: Routed[] = [];
    for (const recorded of events) {
      const event = eventOf(caseViewEventSchemas, recorded);
      if (event) for (const target of caseViewTargets(event)) routed.push({ caseId: target.caseId, event: target.event, recorded });
    }
    if (held) return this.applyHeld(routed, manager, held);
    // One read and one write per batch, however many events it holds.
    const views = new Map<string, CaseView | undefined>();
    for (const chunk of inChunks([...new Set(routed.map((r) => r.caseId))], 500)) {
      for (const row of await manager.findBy(CaseViewEntity, { caseId: In(chunk) })) views.set(row.caseId, row.view);
    }
    // The views were just loaded for this batch: the batch owns them, so they grow in place.
    for (const { caseId, event, recorded } of routed) views.set(caseId, evolveCaseViewInPlace(views.get(caseId), event, recorded));
    const rows = [...views.values()].filter((view): view is CaseView => view !== undefined).map(toRow);
    await upsertRows(manager, CaseViewEntity, rows, ['caseId']);
  }

  /**
   * A rebuild writes each case's view once (when the rebuild ends, or when it has held it longest),
   * not once a batch: a case's events spread over many batches of a long log.
   */
  holdWrites(writer?: HeldWriter): HeldCaseViews {
    return { views: new Map(), written: new Set(), ...(writer ? { writer } : {}) };
  }

  async flushHeld(held: HeldCaseViews, manager: EntityManager): Promise<void> {
    await this.writeDone(held);
    const rows = [...held.views.values()].map(toRow);
    held.views.clear();
    for (const chunk of inChunks(rows, 500)) await upsertRows(manager, CaseViewEntity, chunk, ['caseId']);
  }

  /**
   * A batch of a rebuild: its cases' views evolved in memory. Views held longest are let go and
   * written; on PostgreSQL in a transaction of their own while the next batches evolve, so the
   * database stores them while this process reads and evolves on (a case view is kilobytes of
   * JSON: storing hundreds takes the database longer than evolving a batch takes this process).
   */
  private async applyHeld(routed: Routed[], manager: EntityManager, held: HeldCaseViews): Promise<void> {
    const { views, written } = held;
    const caseIds = new Set(routed.map((r) => r.caseId));
    const inFlight = held.writing;
    if (inFlight && [...caseIds].some((caseId) => inFlight.views.has(caseId))) {
      // A view being written that this batch changes comes back, as it is in memory, once it is
      // written (it is written again later with this batch's events). None changes until then.
      await this.writeDone(held);
      for (const [caseId, view] of inFlight.views) if (caseIds.has(caseId)) views.set(caseId, view);
    }
    // Only a view written already (and committed: a write still under way has none of these cases) has a row;
    // it is read back as the live path would read it.
    const toRead = [...caseIds].filter((caseId) => !views.has(caseId) && written.has(caseId));
    for (const chunk of inChunks(toRead, 500)) {
      for (const row of await manager.findBy(CaseViewEntity, { caseId: In(chunk) })) views.set(row.caseId, row.view);
    }
    for (let start = 0; start < routed.length; start += EVOLVE_SLICE) {
      // A turn of the event loop between slices: a write under way sends its bytes meanwhile.
      if (held.writing) await new Promise((resolve) => setImmediate(resolve));
      for (const { caseId, event, recorded } of routed.slice(start, start + EVOLVE_SLICE)) {
        const view = evolveCaseViewInPlace(views.get(caseId), event, recorded);
        // Moved to the end: the map's order is the order in which views last changed.
        views.delete(caseId);
        if (view) views.set(caseId, view);
      }
    }
    if (views.size > this.holdAtMost) await this.letGo(held, manager);
  }

  /** Writes the views held longest (half of those held), and holds them no more. */
  private async letGo(held: HeldCaseViews, manager: EntityManager): Promise<void> {
    const going = new Map<string, CaseView>();
    let count = held.views.size - Math.floor(this.holdAtMost / 2);
    for (const [caseId, view] of held.views) {
      if (count-- <= 0) break;
      going.set(caseId, view);
    }
    for (const caseId of going.keys()) {
      held.views.delete(caseId);
      held.written.add(caseId);
    }
    const rows = [...going.values()].map(toRow);
    // SQLite: in the batch's own transaction (its statements run synchronously, one connection).
    if (!held.writer) return upsertRows(manager, CaseViewEntity, rows, ['caseId']);
    // One write under way at a time: the database works through them in turn anyway.
    await this.writeDone(held);
    const done = held.writer((writing) => upsertRows(writing, CaseViewEntity, rows, ['caseId']));
    // Its failure is seen by the next batch that waits for it, or by the flush: never unhandled.
    done.catch(() => undefined);
    held.writing = { views: going, done };
  }

  /** Waits for the write under way, if any; its failure fails the batch (and so the rebuild). */
  private async writeDone(held: HeldCaseViews): Promise<void> {
    const inFlight = held.writing;
    if (!inFlight) return;
    await inFlight.done;
    if (held.writing === inFlight) held.writing = undefined;
  }
}

type Routed = ReturnType<typeof caseViewTargets>[number] & { recorded: RecordedEvent };

function toRow(view: CaseView): CaseViewEntity {
  return {
    caseId: view.caseId,
    status: view.status,
    openedAt: view.openedAt,
    updatedAt: view.updatedAt,
    referralCount: view.referrals.length,
    riskBand: currentRiskBand(view),
    listedForSemrac: isListedForSemrac(view),
    atSemrac: isAtSemrac(view),
    flags: delimited(view.flags.map((f) => f.code)),
    agencyIds: delimited(caseAgencyIds(view)),
    view,
  };
}


import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { CASE_EVENT_TYPES } from '../case/case.events';
import { CaseView, caseViewEventSchemas, caseViewTargets, evolveCaseViewInPlace } from './case-view';
import { MISSING_EPISODE_EVENT_TYPES } from '../missing-episode/missing-episode.events';
import { CaseViewEntity } from './case-view.entity';
import { caseAgencyIds, currentRiskBand, delimited, isAtSemrac, isListedForSemrac } from '../case-list/case-list-columns';

/**
 * What a rebuild holds between batches: the views built so far, the least recently changed first;
 * those the last batch let go, written by the next batch while it works out its own; and the cases
 * whose views it has written already (a rebuild starts from an empty table, so no other case has a
 * row to read).
 */
export interface HeldCaseViews {
  views: Map<string, CaseView>;
  leaving: Map<string, CaseView>;
  written: Set<string>;
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
  holdWrites(): HeldCaseViews {
    return { views: new Map(), leaving: new Map(), written: new Set() };
  }

  async flushHeld(held: HeldCaseViews, manager: EntityManager): Promise<void> {
    const rows = [...held.leaving.values(), ...held.views.values()].map(toRow);
    held.leaving.clear();
    held.views.clear();
    for (const chunk of inChunks(rows, 500)) await upsertRows(manager, CaseViewEntity, chunk, ['caseId']);
  }

  /**
   * A batch of a rebuild writes the views the batch before let go; on PostgreSQL while it evolves
   * its own events, so the database stores one while this process works out the other instead of
   * each waiting for the other in turn.
   */
  private async applyHeld(routed: Routed[], manager: EntityManager, held: HeldCaseViews): Promise<void> {
    const { views, leaving, written } = held;
    const going = [...leaving.values()];
    leaving.clear();
    for (const view of going) written.add(view.caseId);
    const rows = going.map(toRow);
    // On SQLite the statements run synchronously, and a turn of the event loop inside the
    // transaction would let the process's other work run inside it too: written first, as before.
    const overlap = rows.length > 0 && manager.connection.options.type === 'postgres';
    if (rows.length > 0 && !overlap) await upsertRows(manager, CaseViewEntity, rows, ['caseId']);
    // Sent while this batch evolves its events. None of these views changes until it is written.
    const writing = overlap ? upsertRows(manager, CaseViewEntity, rows, ['caseId']) : undefined;
    try {
      const caseIds = new Set(routed.map((r) => r.caseId));
      const back = going.filter((view) => caseIds.has(view.caseId));
      if (back.length > 0) {
        // A view being written that this batch changes comes back, as it is in memory, once it is
        // written (it is written again later with this batch's events).
        await writing;
        for (const view of back) views.set(view.caseId, view);
      }
      // Only a view written already has a row; it is read back as the live path would read it.
      const toRead = [...caseIds].filter((caseId) => !views.has(caseId) && written.has(caseId));
      for (const chunk of inChunks(toRead, 500)) {
        for (const row of await manager.findBy(CaseViewEntity, { caseId: In(chunk) })) views.set(row.caseId, row.view);
      }
      for (let start = 0; start < routed.length; start += EVOLVE_SLICE) {
        // A turn of the event loop between slices: the write's bytes go out while this batch evolves.
        if (writing) await new Promise((resolve) => setImmediate(resolve));
        for (const { caseId, event, recorded } of routed.slice(start, start + EVOLVE_SLICE)) {
          const view = evolveCaseViewInPlace(views.get(caseId), event, recorded);
          // Moved to the end: the map's order is the order in which views last changed.
          views.delete(caseId);
          if (view) views.set(caseId, view);
        }
      }
      await writing;
    } catch (error) {
      // The batch's transaction rolls back: nothing of this write may run after it.
      await writing?.catch(() => undefined);
      throw error;
    }
    // The views held longest are let go, to be written by the next batch (or the end of the rebuild).
    if (views.size > this.holdAtMost) {
      let count = views.size - Math.floor(this.holdAtMost / 2);
      for (const [caseId, view] of views) {
        if (count-- <= 0) break;
        leaving.set(caseId, view);
      }
      for (const caseId of leaving.keys()) views.delete(caseId);
    }
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


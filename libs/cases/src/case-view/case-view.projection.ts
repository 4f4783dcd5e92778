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
 * What a rebuild holds between batches: the views built so far, the least recently changed first,
 * and the cases whose views it has written already (a rebuild starts from an empty table, so no
 * other case has a row to read).
 */
export interface HeldCaseViews {
  views: Map<string, CaseView>;
  written: Set<string>;
}

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
    const routed = events.flatMap((recorded) => {
      const event = eventOf(caseViewEventSchemas, recorded);
      return event ? caseViewTargets(event).map((target) => ({ ...target, recorded })) : [];
    });
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
    return { views: new Map(), written: new Set() };
  }

  async flushHeld(held: HeldCaseViews, manager: EntityManager): Promise<void> {
    await this.writeHeld(held, manager, held.views.size);
  }

  private async applyHeld(routed: Routed[], manager: EntityManager, held: HeldCaseViews): Promise<void> {
    const { views, written } = held;
    // Only a view written already has a row; it is read back as the live path would read it.
    const toRead = [...new Set(routed.map((r) => r.caseId))].filter((caseId) => !views.has(caseId) && written.has(caseId));
    for (const chunk of inChunks(toRead, 500)) {
      for (const row of await manager.findBy(CaseViewEntity, { caseId: In(chunk) })) views.set(row.caseId, row.view);
    }
    for (const { caseId, event, recorded } of routed) {
      const view = evolveCaseViewInPlace(views.get(caseId), event, recorded);
      // Moved to the end: the map's order is the order in which views last changed.
      views.delete(caseId);
      if (view) views.set(caseId, view);
    }
    if (views.size > this.holdAtMost) await this.writeHeld(held, manager, views.size - Math.floor(this.holdAtMost / 2));
  }

  /** Writes the `count` views held longest and lets them go. */
  private async writeHeld({ views, written }: HeldCaseViews, manager: EntityManager, count: number): Promise<void> {
    const rows: CaseViewEntity[] = [];
    for (const [caseId, view] of views) {
      if (rows.length >= count) break;
      rows.push(toRow(view));
      written.add(caseId);
    }
    for (const row of rows) views.delete(row.caseId);
    for (const chunk of inChunks(rows, 500)) await upsertRows(manager, CaseViewEntity, chunk, ['caseId']);
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


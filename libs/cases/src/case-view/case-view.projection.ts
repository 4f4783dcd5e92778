import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, inChunks, upsertRows } from '@app/event-store';
import { CASE_EVENT_TYPES } from '../case/case.events';
import { CaseView, caseViewEventSchemas, caseViewTargets, evolveCaseViewInPlace } from './case-view';
import { MISSING_EPISODE_EVENT_TYPES } from '../missing-episode/missing-episode.events';
import { CaseViewEntity } from './case-view.entity';
import { caseAgencyIds, currentRiskBand, delimited, isAtSemrac, isListedForSemrac } from '../case-list/case-list-columns';

/** The case view: one document per case, built by `evolveCaseView`. */
@Injectable()
@ReadModelProjection()
export class CaseViewProjection implements Projection {
  readonly name = 'case-view';
  readonly version = 4;
  readonly entities = [CaseViewEntity];
  readonly eventTypes: readonly string[] = [...CASE_EVENT_TYPES, ...MISSING_EPISODE_EVENT_TYPES];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const routed = events.flatMap((recorded) => {
      const event = eventOf(caseViewEventSchemas, recorded);
      return event ? caseViewTargets(event).map((target) => ({ ...target, recorded })) : [];
    });
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
}

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


import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent } from '@app/event-store';
import { CASE_EVENT_TYPES, CaseEvent } from '../case/case.events';
import { CaseView, caseViewTargets, evolveCaseView } from './case-view';
import { CaseViewEntity } from './case-view.entity';

/** The case view: one document per case, built by `evolveCaseView`. */
@Injectable()
@ReadModelProjection()
export class CaseViewProjection implements Projection {
  readonly name = 'case-view';
  readonly version = 2;
  readonly entities = [CaseViewEntity];
  readonly eventTypes = CASE_EVENT_TYPES;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const routed = events.flatMap((recorded) =>
      caseViewTargets({ type: recorded.type, data: recorded.data } as CaseEvent).map((target) => ({ ...target, recorded })),
    );
    // One read and one write per batch, however many events it holds.
    const views = new Map<string, CaseView | undefined>();
    for (const chunk of chunks([...new Set(routed.map((r) => r.caseId))], 500)) {
      for (const row of await manager.findBy(CaseViewEntity, { caseId: In(chunk) })) views.set(row.caseId, row.view);
    }
    for (const { caseId, event, recorded } of routed) views.set(caseId, evolveCaseView(views.get(caseId), event, recorded));
    const rows = [...views.values()].filter((view): view is CaseView => view !== undefined).map(toRow);
    for (const chunk of chunks(rows, 200)) await manager.upsert(CaseViewEntity, chunk, ['caseId']);
  }
}

function toRow(view: CaseView): CaseViewEntity {
  return {
    caseId: view.caseId,
    status: view.status,
    openedAt: view.openedAt,
    updatedAt: view.updatedAt,
    referralCount: view.referrals.length,
    view,
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

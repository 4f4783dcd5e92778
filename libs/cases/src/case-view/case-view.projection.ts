import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent } from '@app/event-store';
import { REFERRAL_EVENT_TYPES, ReferralEvent } from '../referral/referral.events';
import { CaseView, evolveCaseView } from './case-view';
import { CaseViewEntity } from './case-view.entity';

/** The case view: one document per case, built by `evolveCaseView`. */
@Injectable()
@ReadModelProjection()
export class CaseViewProjection implements Projection {
  readonly name = 'case-view';
  readonly version = 1;
  readonly entities = [CaseViewEntity];
  readonly eventTypes = REFERRAL_EVENT_TYPES;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    // One read and one write per batch, however many events it holds.
    const caseIds = [...new Set(events.map((e) => (e.data as { caseId: string }).caseId))];
    const views = new Map<string, CaseView | undefined>();
    for (const chunk of chunks(caseIds, 500)) {
      for (const row of await manager.findBy(CaseViewEntity, { caseId: In(chunk) })) views.set(row.caseId, row.view);
    }
    for (const event of events) {
      const domainEvent = { type: event.type, data: event.data } as ReferralEvent;
      const caseId = domainEvent.data.caseId;
      views.set(caseId, evolveCaseView(views.get(caseId), domainEvent, event));
    }
    const rows = [...views.values()]
      .filter((view): view is CaseView => view !== undefined)
      .map((view) => ({
        caseId: view.caseId,
        status: view.status,
        openedAt: view.openedAt,
        updatedAt: view.updatedAt,
        referralCount: view.referrals.length,
        view,
      }));
    for (const chunk of chunks(rows, 200)) await manager.upsert(CaseViewEntity, chunk, ['caseId']);
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

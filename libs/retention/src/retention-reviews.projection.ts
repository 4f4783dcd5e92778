import { Inject, Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EntityManager, In } from 'typeorm';
import { Projection, ReadModelProjection, RecordedEvent, upsertRows } from '@app/event-store';
import { RetentionReviewEntity } from './retention-review.entity';
import { addMonths } from './retention.events';
import { retentionEventSchemas } from './retention.schemas';
import { RETENTION_SETTINGS, RetentionSettings } from './retention.settings';

const key = (kind: string, id: string) => `${kind}:${id}`;

/**
 * Review dates for every intelligence item (from its submission) and every closed case (from its
 * closure), moved on by each review. The record's own events are read by name: retention depends
 * on no context's code.
 */
@Injectable()
@ReadModelProjection()
export class RetentionReviewsProjection implements Projection {
  readonly name = 'retention-reviews';
  readonly version = 1;
  readonly entities = [RetentionReviewEntity];
  readonly eventTypes = ['InformationSubmitted', 'CaseClosed', 'CaseReopened', 'RetentionReviewed'];

  constructor(@Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings) {}

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const touched = events.map((e) => this.recordOf(e)).filter((r): r is { kind: string; id: string } => r !== undefined);
    const rows = new Map<string, RetentionReviewEntity>();
    for (const kind of ['intelligence', 'case']) {
      const ids = [...new Set(touched.filter((t) => t.kind === kind).map((t) => t.id))];
      if (ids.length > 0) for (const row of await manager.findBy(RetentionReviewEntity, { recordKind: kind, recordId: In(ids) })) rows.set(key(kind, row.recordId), row);
    }
    for (const event of events) {
      const record = this.recordOf(event);
      if (!record) continue;
      const existing = rows.get(key(record.kind, record.id));
      const next = this.evolve(existing, event, record);
      if (next) rows.set(key(record.kind, record.id), next);
    }
    await upsertRows(manager, RetentionReviewEntity, [...rows.values()], ['recordKind', 'recordId']);
  }

  private recordOf(event: RecordedEvent): { kind: string; id: string } | undefined {
    if (event.type === 'InformationSubmitted' && event.streamId.startsWith('intel-')) return { kind: 'intelligence', id: String(event.data.itemId) };
    if ((event.type === 'CaseClosed' || event.type === 'CaseReopened') && event.streamId.startsWith('case-')) return { kind: 'case', id: String(event.data.caseId) };
    if (event.type === 'RetentionReviewed') return { kind: String(event.data.recordKind), id: String(event.data.recordId) };
    return undefined;
  }

  private evolve(row: RetentionReviewEntity | undefined, event: RecordedEvent, record: { kind: string; id: string }): RetentionReviewEntity | undefined {
    const blank = (basisAt: string): RetentionReviewEntity => ({
      recordKind: record.kind,
      recordId: record.id,
      status: 'pending',
      reviewDue: null,
      basisAt,
      reviews: 0,
      lastDecision: null,
      lastReason: null,
      lastReviewedAt: null,
      lastReviewedBy: null,
    });
    if (row?.status === 'disposed') return row;
    const review = eventOf(retentionEventSchemas, event);
    if (review) {
      const d = review.data;
      const base = row ?? blank(d.reviewedAt);
      const reviewed = {
        ...base,
        reviews: base.reviews + 1,
        lastDecision: d.decision,
        lastReason: d.reason,
        lastReviewedAt: d.reviewedAt,
        lastReviewedBy: String((event.metadata.actor as { userId?: string } | undefined)?.userId ?? ''),
      };
      return d.decision === 'dispose' ? { ...reviewed, status: 'disposed', reviewDue: null } : { ...reviewed, status: 'retained', reviewDue: d.nextReviewOn ?? null };
    }
    switch (event.type) {
      case 'InformationSubmitted': {
        const at = String(event.data.submittedAt);
        return { ...blank(at), ...row, reviewDue: row?.reviewDue ?? addMonths(at, this.settings.RETENTION_INTELLIGENCE_REVIEW_MONTHS) };
      }
      case 'CaseClosed': {
        const at = String(event.data.closedAt);
        return { ...blank(at), ...row, basisAt: at, status: 'pending', reviewDue: addMonths(at, this.settings.RETENTION_CLOSED_CASE_REVIEW_MONTHS) };
      }
      case 'CaseReopened':
        return row && { ...row, status: 'open', reviewDue: null };
    }
    return row;
  }
}

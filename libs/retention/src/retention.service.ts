import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, LessThanOrEqual, Not, Repository } from 'typeorm';
import { caseStream } from '@app/cases';
import { Actor, CommandStreams, DomainError, eraseSubjectThroughStreams, notYetConsistent } from '@app/common';
import { EVENT_STORE, EventStore, ProjectionsService } from '@app/event-store';
import { intelligenceItemStream } from '@app/intelligence';
import { RetentionReviewEntity } from './retention-review.entity';
import { RecordKind, RetentionDecision, subjectOf } from './retention.events';
import { RETENTION_SETTINGS, RetentionSettings } from './retention.settings';
import { retentionId, retentionStream } from './retention.stream';

export interface ReviewAnswer {
  recordKind: RecordKind;
  recordId: string;
  decision: RetentionDecision;
  nextReviewOn?: string;
  /** A disposal: the record's personal data was erased (its key destroyed). */
  erased: boolean;
  position?: string;
}

export type ReviewListFilter = 'overdue' | 'due-by' | 'all';

@Injectable()
export class RetentionService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings,
    private readonly streams: CommandStreams,
    private readonly projections: ProjectionsService,
    @InjectRepository(RetentionReviewEntity) private readonly reviews: Repository<RetentionReviewEntity>,
  ) {}

  async review(actor: Actor, input: { recordKind: RecordKind; recordId: string; decision: RetentionDecision; reason: string; nextReviewOn?: string }): Promise<ReviewAnswer> {
    const record = await this.recordState(input.recordKind, input.recordId);
    const { recordKind, recordId, decision, reason, nextReviewOn } = input;
    let result;
    try {
      result = await this.streams.handle(
        retentionStream,
        retentionId(recordKind, recordId),
        {
          type: 'ReviewRetention',
          recordKind,
          recordId,
          record,
          maxRetainMonths: this.settings.RETENTION_MAX_RETAIN_MONTHS,
          data: { decision, reason, ...(nextReviewOn ? { nextReviewOn } : {}) },
        },
        { actor, request: input, reason },
      );
    } catch (error) {
      // A disposal recorded before a failure: finish the erasure it decided, then answer as before.
      if (error instanceof DomainError && error.code === 'already-disposed') await this.erase(actor, recordKind, recordId, 'Retention review: disposal (completed)');
      throw error;
    }
    const erased = decision === 'dispose' ? (await this.erase(actor, recordKind, recordId, `Retention review: ${reason.trim()}`), true) : false;
    return { recordKind, recordId, decision, ...(nextReviewOn ? { nextReviewOn } : {}), erased, position: result.position };
  }

  /** Reviews by state: overdue (due on or before `on`, default today), or every record under retention. */
  async list(options: { filter: ReviewListFilter; on?: string; kind?: RecordKind; consistentWith?: string }): Promise<RetentionReviewEntity[]> {
    if (options.consistentWith) {
      await this.projections.waitForProjection('retention-reviews', options.consistentWith, 3000).catch(notYetConsistent('The read model has not caught up with that position yet; try again shortly'));
    }
    const where: FindOptionsWhere<RetentionReviewEntity> = {
      ...(options.kind ? { recordKind: options.kind } : {}),
      ...(options.filter === 'all' ? {} : { status: Not('disposed'), reviewDue: LessThanOrEqual(options.on ?? new Date().toISOString().slice(0, 10)) }),
    };
    return this.reviews.find({ where, order: { reviewDue: 'ASC', recordId: 'ASC' }, take: 500 });
  }

  private async erase(actor: Actor, kind: RecordKind, id: string, reason: string): Promise<void> {
    await eraseSubjectThroughStreams(this.streams, subjectOf(kind, id), reason, { actor, reason });
  }

  /** The record's own stream says whether it exists and, for a case, whether it is closed now. */
  private async recordState(kind: RecordKind, id: string): Promise<{ exists: boolean; closed: boolean }> {
    const events = await this.store.readStream((kind === 'intelligence' ? intelligenceItemStream : caseStream).streamId(id));
    const lastChange = events.filter((e) => e.type === 'CaseClosed' || e.type === 'CaseReopened').at(-1);
    return { exists: events.length > 0, closed: lastChange?.type === 'CaseClosed' };
  }
}

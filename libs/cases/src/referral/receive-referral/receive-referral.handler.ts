import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, deterministicUuid } from '@app/common';
import { EVENT_STORE, EventStore, RecordedEvent, canonicalJson } from '@app/event-store';
import { CaseViewEntity } from '../../case-view/case-view.entity';
import { ReceiveReferral, referralDecider } from '../referral.decider';
import { ReferralEvent, ReferralReceived, referralStreamId } from '../referral.events';
import { ReceiveReferralCommand, ReceiveReferralResult } from './receive-referral.command';
import type { ReceiveReferralDto } from './receive-referral.dto';

export const IMMEDIATE_DANGER_ADVICE =
  'Safeguard is not an emergency channel. A child in immediate danger: call the police on 999 now.';

@CommandHandler(ReceiveReferralCommand)
export class ReceiveReferralHandler implements ICommandHandler<ReceiveReferralCommand, ReceiveReferralResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly readModels: DataSource,
  ) {}

  async execute({ referral, actor, idempotencyKey }: ReceiveReferralCommand): Promise<ReceiveReferralResult> {
    // A retried request with the same key addresses the same referral with the same event id.
    const scope = idempotencyKey ? ['referral', actor.agencyId, actor.userId, idempotencyKey] : undefined;
    const referralId = scope ? deterministicUuid(...scope, 'referral') : randomUUID();
    const eventId = scope ? deterministicUuid(...scope, 'event', '0') : randomUUID();
    const streamId = referralStreamId(referralId);

    const history = await this.store.readStream(streamId);
    if (history.length > 0) return this.retried(history[0], referral, referralId, eventId);

    if (referral.caseId) {
      const known = await this.readModels.getRepository(CaseViewEntity).existsBy({ caseId: referral.caseId });
      if (!known) throw new DomainError(`No case ${referral.caseId}`, 'case-not-found', 404);
    }
    const caseId = referral.caseId ?? (scope ? deterministicUuid(...scope, 'case') : randomUUID());
    const events = referralDecider.decide(toCommand(referral, referralId, caseId), referralDecider.initialState());
    const result = await this.store.append(
      streamId,
      events.map((event) => ({ id: eventId, type: event.type, data: event.data, metadata: { actor } })),
      { expectedRevision: 'no-stream' },
    );
    return answer(events[0].data, result.position, result.written);
  }

  /** The same key again: the first answer if the request is the same, a refusal if it is not. */
  private retried(first: RecordedEvent, referral: ReceiveReferralDto, referralId: string, eventId: string): ReceiveReferralResult {
    const stored = first.data as ReferralReceived['data'];
    const again = referralDecider.decide(toCommand(referral, referralId, stored.caseId), referralDecider.initialState());
    if (first.id !== eventId || canonicalJson(again[0].data) !== canonicalJson(stored)) {
      throw new DomainError('This Idempotency-Key was already used for a different request; nothing was written', 'idempotency-key-reused', 409);
    }
    return answer(stored, first.position, false);
  }
}

function toCommand(referral: ReceiveReferralDto, referralId: string, caseId: string): ReceiveReferral {
  // Events hold plain JSON: drop the DTO classes and undefined fields.
  const { caseId: _requestedCase, ...plain } = JSON.parse(JSON.stringify(referral)) as ReceiveReferralDto;
  return {
    type: 'ReceiveReferral',
    data: { ...plain, referralId, caseId, opensCase: !referral.caseId },
    now: new Date().toISOString(),
  };
}

function answer(data: ReferralEvent['data'], position: string, created: boolean): ReceiveReferralResult {
  return {
    referralId: data.referralId,
    caseId: data.caseId,
    position,
    created,
    ...(data.immediateDanger ? { advice: IMMEDIATE_DANGER_ADVICE } : {}),
  };
}

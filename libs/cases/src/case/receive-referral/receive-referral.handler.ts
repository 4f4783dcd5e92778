import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/common';
import { CommandStreams } from '@app/common';
import { caseStream } from '../case.stream';
import { ReceiveReferralCommand, ReceiveReferralResult } from './receive-referral.command';

export const IMMEDIATE_DANGER_ADVICE =
  'Safeguard is not an emergency channel. A child in immediate danger: call the police on 999 now.';

@CommandHandler(ReceiveReferralCommand)
export class ReceiveReferralHandler implements ICommandHandler<ReceiveReferralCommand, ReceiveReferralResult> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ referral, actor, idempotencyKey }: ReceiveReferralCommand): Promise<ReceiveReferralResult> {
    // With a key, a retry derives the same referral and (for a new case) the same case id.
    const derive = (what: string) => (idempotencyKey ? deterministicUuid('referral', actor.agencyId, actor.userId, idempotencyKey, what) : randomUUID());
    const referralId = derive('referral');
    const caseId = referral.caseId ?? derive('case');
    // Events hold plain JSON: drop the DTO classes and undefined fields.
    const { caseId: _asked, ...details } = JSON.parse(JSON.stringify(referral)) as typeof referral;
    const result = await this.streams.handle(caseStream, caseId,
      { type: 'ReceiveReferral', data: { ...details, referralId, caseId, opensCase: !referral.caseId } },
      // A case id minted here at random names a stream no one has written.
      { actor, request: referral, idempotencyKey, newStream: !referral.caseId && !idempotencyKey },
    );
    const received = result.events.find((e) => e.type === 'ReferralReceived');
    return {
      referralId: received?.type === 'ReferralReceived' ? received.data.referralId : referralId,
      caseId,
      position: result.position!,
      created: result.written,
      ...(referral.immediateDanger ? { advice: IMMEDIATE_DANGER_ADVICE } : {}),
    };
  }
}

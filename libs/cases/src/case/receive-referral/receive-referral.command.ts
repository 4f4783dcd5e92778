import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/common';
import type { ReceiveReferralDto } from './receive-referral.dto';

export interface ReceiveReferralResult {
  referralId: string;
  caseId: string;
  /** Pass to `GET /cases/{caseId}?consistentWith=` to read your own write. */
  position: string;
  /** False when this was a retry with the same Idempotency-Key and nothing new was written. */
  created: boolean;
  /** Present when immediate danger was reported. */
  advice?: string;
}

export class ReceiveReferralCommand extends Command<ReceiveReferralResult> {
  constructor(
    readonly referral: ReceiveReferralDto,
    readonly actor: Actor,
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}

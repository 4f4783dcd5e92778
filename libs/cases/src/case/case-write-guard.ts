import { Inject, Injectable, Optional } from '@nestjs/common';
import { AccessGate } from '@app/access';
import { Actor, DomainError } from '@app/common';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { caseStreamId } from './case.events';
import { caseWriteAccessRecord } from './case-write-access';

/**
 * Asks the access policy before a change to a child's case or to a stream that belongs to it (a
 * missing episode), with the agencies on the case taken from the case's own stream.
 */
@Injectable()
export class CaseWriteGuard {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly gate?: AccessGate,
  ) {}

  /** Refuses (403, nothing written) unless the policy allows the actor to change the case. */
  check(caseId: string, actor: Actor, history: readonly RecordedEvent[], options: { policeMayReport?: boolean } = {}): void {
    if (!this.gate) return;
    const decision = this.gate.decide(actor, 'write', caseWriteAccessRecord(caseId, history));
    if (decision.outcome === 'allow') return;
    // Missing children are reported to the police: a force records an episode on any child's case.
    if (options.policeMayReport && this.gate.isPoliceAgency(actor) && actor.roles?.length) return;
    throw new DomainError(`${decision.reason}: nothing was written`, 'forbidden', 403);
  }

  /** The same, reading the case first. */
  async checkCase(caseId: string, actor: Actor, options: { policeMayReport?: boolean } = {}): Promise<void> {
    if (!this.gate) return;
    this.check(caseId, actor, await this.store.readStream(caseStreamId(caseId)), options);
  }
}

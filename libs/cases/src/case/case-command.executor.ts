import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, DomainError, deterministicUuid } from '@app/common';
import { EVENT_STORE, EventStore, RecordedEvent, WrongExpectedRevisionError, canonicalJson } from '@app/event-store';
import { CaseCommand, caseDecider } from './case.decider';
import { CaseEvent, caseStreamId } from './case.events';

export interface CaseCommandContext {
  actor: Actor;
  /** The request as the client sent it: what an Idempotency-Key is checked against. */
  request: unknown;
  idempotencyKey?: string;
  /** The case revision the client last saw (If-Match): a case changed since is a conflict. */
  ifMatch?: number;
  /** Why, where the law or the rule asks for one; recorded in the events' metadata. */
  reason?: string;
}

export interface CaseCommandResult {
  caseId: string;
  /** The case's revision after the command: the next If-Match. */
  revision: number;
  /** Where the change sits in the global log (for `consistentWith`); absent when nothing changed. */
  position?: string;
  /** False for an idempotent retry, or a command that changed nothing (e.g. a flag already set). */
  written: boolean;
  events: CaseEvent[];
}

/**
 * Runs a command against a case stream: load, decide, append with the revision it decided on.
 * Two writers deciding on the same revision: one wins, the other gets 409 and writes nothing.
 */
@Injectable()
export class CaseCommandExecutor {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(caseId: string, command: CaseCommand, context: CaseCommandContext): Promise<CaseCommandResult> {
    const streamId = caseStreamId(caseId);
    const history = await this.store.readStream(streamId);
    const current = history.length - 1;

    const requestHash = createHash('sha256').update(canonicalJson(plain(context.request))).digest('hex');
    const idFor = (index: number) =>
      context.idempotencyKey
        ? deterministicUuid('case-command', caseId, context.actor.agencyId, context.actor.userId, context.idempotencyKey, String(index))
        : undefined;
    const retried: RecordedEvent[] = [];
    if (context.idempotencyKey) {
      const byId = new Map(history.map((e) => [e.id, e]));
      for (let i = 0; byId.has(idFor(i)!); i++) retried.push(byId.get(idFor(i)!)!);
    }
    if (retried.length > 0) return this.answerRetry(caseId, retried, requestHash);

    if (context.ifMatch !== undefined && context.ifMatch !== current) {
      throw new WrongExpectedRevisionError(streamId, context.ifMatch, current);
    }
    const state = history.reduce((s, e) => caseDecider.evolve(s, e as unknown as CaseEvent), caseDecider.initialState());
    const events = caseDecider.decide({ ...command, caseId, now: new Date().toISOString() } as never, state);
    if (events.length === 0) return { caseId, revision: current, written: false, events };

    const metadata = {
      actor: { userId: context.actor.userId, agencyId: context.actor.agencyId },
      ...(context.reason ? { reason: context.reason } : {}),
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey, requestHash } : {}),
    };
    const result = await this.store.append(
      streamId,
      events.map((event, i) => ({ id: idFor(i), type: event.type, data: event.data, metadata })),
      { expectedRevision: current < 0 ? 'no-stream' : current },
    );
    return { caseId, revision: result.nextExpectedRevision, position: result.position, written: result.written, events };
  }

  /** The same key again: the first answer for the same request, a refusal for another. */
  private answerRetry(caseId: string, stored: RecordedEvent[], requestHash: string): CaseCommandResult {
    if (stored[0].metadata.requestHash !== requestHash) {
      throw new DomainError('This Idempotency-Key was already used for a different request; nothing was written', 'idempotency-key-reused', 409);
    }
    const last = stored[stored.length - 1];
    return {
      caseId,
      revision: last.revision,
      position: last.position,
      written: false,
      events: stored.map((e) => ({ type: e.type, data: e.data }) as unknown as CaseEvent),
    };
  }
}

function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

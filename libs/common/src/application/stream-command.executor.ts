import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Decider } from '../domain/decider';
import { DomainError } from '../domain/domain-error';
import { deterministicUuid } from '../domain/deterministic-id';
import { Actor } from '../http/actor';
import { EVENT_STORE, EventStore, JsonObject, NewEvent, OutboxMessage, RecordedEvent, WrongExpectedRevisionError, canonicalJson, hasOutbox } from '@app/event-store';

export interface StreamCommandContext {
  actor: Actor;
  /** The request as the client sent it: what an Idempotency-Key is checked against. */
  request: unknown;
  idempotencyKey?: string;
  /** The stream revision the client last saw (If-Match): a stream changed since is a conflict. */
  ifMatch?: number;
  /** Why, where the rule asks for one; recorded in the events' metadata. */
  reason?: string;
}

export interface StreamCommandResult<E, S = unknown> {
  streamId: string;
  /** The stream's state after the command. */
  state: S;
  /** The stream's revision after the command: the next If-Match. */
  revision: number;
  /** Where the change sits in the global log (for `consistentWith`); absent when nothing changed. */
  position?: string;
  /** False for an idempotent retry, or a command that changed nothing. */
  written: boolean;
  events: E[];
}

type StreamEvent = { type: string; data: object };

/**
 * The integration messages that events cause (libs/messaging provides it from its mappers): the
 * executor stores them in the outbox in the events' own transaction.
 */
export interface OutboxMessagesFor {
  messagesFor(streamId: string, events: readonly (NewEvent & { id: string })[]): OutboxMessage[];
}
export const OUTBOX_MESSAGES = Symbol('OUTBOX_MESSAGES');

/**
 * Runs a command against any decider's stream (cases, missing episodes, ...): load,
 * decide, append with the revision decided on; If-Match and Idempotency-Key (deterministic event
 * ids plus a hash of the request) the same way.
 */
@Injectable()
export class StreamCommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(OUTBOX_MESSAGES) private readonly outbox?: OutboxMessagesFor,
  ) {}

  async execute<C, E extends StreamEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    /** The command, given the moment of decision. */
    command: (now: string) => C,
    context: StreamCommandContext,
    options: { authorize?: (history: readonly RecordedEvent[]) => void | Promise<void> } = {},
  ): Promise<StreamCommandResult<E, S>> {
    const history = await this.store.readStream(streamId);
    // Who may change the stream can depend on what it holds (e.g. the agencies on a case): asked
    // before anything else, so a refusal says nothing about the stream's revision or contents.
    await options.authorize?.(history);
    const current = history.length - 1;
    const state = history.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());

    const requestHash = createHash('sha256').update(canonicalJson(plain(context.request))).digest('hex');
    const idFor = (index: number) =>
      context.idempotencyKey
        ? deterministicUuid('stream-command', streamId, context.actor.agencyId, context.actor.userId, context.idempotencyKey, String(index))
        : undefined;
    const retried: RecordedEvent[] = [];
    if (context.idempotencyKey) {
      const byId = new Map(history.map((e) => [e.id, e]));
      for (let i = 0; byId.has(idFor(i)!); i++) retried.push(byId.get(idFor(i)!)!);
    }
    if (retried.length > 0) return { ...answerRetry<E>(streamId, retried, requestHash), state };

    if (context.ifMatch !== undefined && context.ifMatch !== current) {
      throw new WrongExpectedRevisionError(streamId, context.ifMatch, current);
    }
    const events = decider.decide(command(new Date().toISOString()), state);
    if (events.length === 0) return { streamId, state, revision: current, written: false, events };

    const metadata = {
      actor: { userId: context.actor.userId, agencyId: context.actor.agencyId },
      ...(context.reason ? { reason: context.reason } : {}),
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey, requestHash } : {}),
    };
    // Ids now, not at the append: messages derive theirs from them (the same on a retry with a key).
    const toAppend = events.map((event, i) => ({ id: idFor(i) ?? randomUUID(), type: event.type, data: event.data as JsonObject, metadata }));
    const messages = this.outbox && hasOutbox(this.store) ? this.outbox.messagesFor(streamId, toAppend) : [];
    const result = await this.store.append(streamId, toAppend, {
      expectedRevision: current < 0 ? 'no-stream' : current,
      ...(messages.length > 0 ? { outbox: messages } : {}),
    });
    return { streamId, state: events.reduce(decider.evolve, state), revision: result.nextExpectedRevision, position: result.position, written: result.written, events };
  }
}

/** The same key again: the first answer for the same request, a refusal for another. */
function answerRetry<E>(streamId: string, stored: RecordedEvent[], requestHash: string): Omit<StreamCommandResult<E>, 'state'> {
  if (stored[0].metadata.requestHash !== requestHash) {
    throw new DomainError('This Idempotency-Key was already used for a different request; nothing was written', 'idempotency-key-reused', 409);
  }
  const last = stored[stored.length - 1];
  return {
    streamId,
    revision: last.revision,
    position: last.position,
    written: false,
    events: stored.map((e) => ({ type: e.type, data: e.data }) as unknown as E),
  };
}

function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

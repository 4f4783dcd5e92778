import { createHash, randomUUID } from 'node:crypto';
import { HttpException, Inject, Injectable, Optional } from '@nestjs/common';
import {
  EVENT_STORE,
  EventIdConflictError,
  EventStore,
  JsonObject,
  NewEvent,
  OutboxMessage,
  RecordedEvent,
  WrongExpectedRevisionError,
  canonicalJson,
  hasOutbox,
} from '@app/event-store';
import { DomainError } from '../../domain/domain-error';
import { deterministicUuid } from '../../domain/deterministic-id';
import { checkEvents } from '../../domain/event-schemas';
import { rolesPhrase } from '../../http/write-rule';
import { LATENCY_BUCKETS, Metrics } from '../../metrics/metrics';
import { currentRequestContext } from '../../logging/request-context';
import { CommandRule, StreamCommandContext, StreamDefinition, WRITE_POLICY, WritePolicy, isSystemActor } from './stream-definition';

type AnEvent = { type: string; data: object };
type ACommand = { type: string };

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
  /** The events as stored (ids, positions): what reactions derive their commands from. */
  stored: readonly StoredEvent<E>[];
}

/** An event of a stream as stored, typed by its definition. */
export type StoredEvent<E> = E & Pick<RecordedEvent, 'id' | 'revision' | 'position' | 'metadata' | 'streamId' | 'recordedAt'>;

/** A stream as it stands, typed by its definition. */
export interface LoadedStream<E, S> {
  state: S;
  /** The last revision, -1 when the stream has no events. */
  revision: number;
  events: StoredEvent<E>[];
}

/**
 * The integration messages that events cause (libs/messaging provides it from its mappers): the
 * write path stores them in the outbox in the events' own transaction.
 */
export interface OutboxMessagesFor {
  messagesFor(streamId: string, events: readonly (NewEvent & { id: string })[]): OutboxMessage[];
}
export const OUTBOX_MESSAGES = Symbol('OUTBOX_MESSAGES');

/**
 * A stream changed by someone else meanwhile: decided again on the new revision, up to this many
 * times. Each attempt that loses means another writer won, so n writers racing on one stream need
 * at most n attempts; a short random pause spreads the retries.
 */
const ATTEMPTS = 24;

/**
 * The one way a stream is changed. `handle` checks who may issue the command (by role, then by the
 * record), loads the stream, answers a retried Idempotency-Key as the first time, checks If-Match,
 * decides, checks the events against their schemas, and appends with the revision it decided on
 * and any outbox messages in one transaction. HTTP handlers, process managers, consumers and
 * retention all come through here.
 *
 * Idempotency is atomic: with a key, the events' ids derive from it, so two requests racing with
 * one key write once; the one that lost reads what the other stored and answers as a retry (the
 * same request) or 409 (another request). Without If-Match a stream that changed while the command
 * was decided is re-read and decided again; with it, the change answers 409.
 */
@Injectable()
export class CommandStreams {
  /** The last command queued on each stream in this process (see `handle`). */
  private readonly turns = new Map<string, Promise<void>>();
  private readonly measured?: { appends: ReturnType<Metrics['counter']>; duration: ReturnType<Metrics['histogram']> };

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    // Not optional: an app without the access policy must not start, never allow by default.
    @Inject(WRITE_POLICY) private readonly policy: WritePolicy,
    @Optional() @Inject(OUTBOX_MESSAGES) private readonly outbox?: OutboxMessagesFor,
    // Absent where nothing is scraped (command lines, tests that build the executor by hand).
    @Optional() metrics?: Metrics,
  ) {
    if (!policy) throw new Error('CommandStreams needs the access policy (WRITE_POLICY): import AccessModule');
    if (metrics) {
      const labelNames = ['stream', 'outcome'];
      this.measured = {
        appends: metrics.counter({ name: 'safeguard_appends_total', help: 'Commands on streams (load, decide, append), by stream kind and outcome', labelNames }),
        duration: metrics.histogram({ name: 'safeguard_append_duration_seconds', help: 'Time to handle a command on a stream, append included', labelNames, buckets: LATENCY_BUCKETS }),
      };
    }
  }

  /** The stream's state, revision and typed events. */
  async load<C extends ACommand, E extends AnEvent, S, DC>(definition: StreamDefinition<C, E, S, DC>, id: string): Promise<LoadedStream<E, S>> {
    const history = await this.store.readStream(definition.streamId(id));
    return { state: definition.replay(history), revision: history.length - 1, events: history as unknown as StoredEvent<E>[] };
  }

  /**
   * The role half of a command's rule, on its own: for a handler that reads other records before it
   * issues the command (a merge, a link), so that a refused user is refused before anything is read.
   */
  authorize<C extends ACommand, E extends AnEvent, S, DC>(definition: StreamDefinition<C, E, S, DC>, type: C['type'], context: StreamCommandContext): void {
    this.checkRole(definition.kind, type, (definition.commands as unknown as Record<string, CommandRule<C, S> | undefined>)[type], context);
  }

  async handle<C extends ACommand, E extends AnEvent, S, DC>(
    definition: StreamDefinition<C, E, S, DC>,
    id: string,
    command: C,
    context: StreamCommandContext,
  ): Promise<StreamCommandResult<E, S>> {
    const started = performance.now();
    const measure = (outcome: AppendOutcome) => {
      const labels = { stream: definition.kind, outcome };
      this.measured?.appends.inc(labels);
      this.measured?.duration.observe(labels, (performance.now() - started) / 1000);
    };
    try {
      const result = await this.handleInTurn(definition, id, command, context);
      measure(result.written ? 'written' : 'unchanged');
      return result;
    } catch (error) {
      measure(appendOutcomeOf(error));
      throw error;
    }
  }

  private handleInTurn<C extends ACommand, E extends AnEvent, S, DC>(
    definition: StreamDefinition<C, E, S, DC>,
    id: string,
    command: C,
    context: StreamCommandContext,
  ): Promise<StreamCommandResult<E, S>> {
    const rule = (definition.commands as unknown as Record<string, CommandRule<C, S> | undefined>)[command.type];
    // Before anything is read: a refusal says nothing about the stream.
    this.checkRole(definition.kind, command.type, rule, context);
    const streamId = definition.streamId(id);
    // Commands on one stream in this process take turns: racing them would only make all but one
    // decide again. Other processes still race; the retry below settles that.
    const previous = this.turns.get(streamId) ?? Promise.resolve();
    const turn = previous.then(() => this.run(definition, id, command, context, rule!, streamId));
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(streamId, settled);
    void settled.then(() => {
      if (this.turns.get(streamId) === settled) this.turns.delete(streamId);
    });
    return turn;
  }

  private async run<C extends ACommand, E extends AnEvent, S, DC>(
    definition: StreamDefinition<C, E, S, DC>,
    id: string,
    command: C,
    context: StreamCommandContext,
    rule: CommandRule<C, S>,
    streamId: string,
  ): Promise<StreamCommandResult<E, S>> {
    // One referral followed from its request to the police's acknowledgement: carried from the request or message in hand.
    const correlationId = context.correlationId ?? currentRequestContext()?.correlationId;
    const requestHash = createHash('sha256').update(canonicalJson(plain(context.request))).digest('hex');
    const keyed = context.idempotencyKey !== undefined || context.eventIds !== undefined;
    const idFor = (index: number) =>
      context.eventIds
        ? context.eventIds(index)
        : context.idempotencyKey
          ? deterministicUuid('stream-command', streamId, context.actor.agencyId, context.actor.userId, context.idempotencyKey, String(index))
          : undefined;

    for (let attempt = 1; ; attempt++) {
      // A stream minted for this command is empty: one round trip less on every new case.
      const history = attempt === 1 && context.newStream === true && !keyed ? [] : await this.store.readStream(streamId);
      const state = definition.replay(history);
      await rule.record?.({ id, command, actor: context.actor, history, state, policy: this.policy, readStream: (s) => this.store.readStream(s) });

      const retried = storedFor(history, idFor);
      if (retried.length > 0) return { ...answerRetry<E>(streamId, retried, requestHash, context), state };

      const current = history.length - 1;
      if (context.ifMatch !== undefined && context.ifMatch !== current) throw new WrongExpectedRevisionError(streamId, context.ifMatch, current);
      const now = new Date().toISOString();
      const events = definition.decider.decide(definition.envelope(command, { id, now, context }), state);
      if (events.length === 0) return { streamId, state, revision: current, written: false, events, stored: [] };
      checkEvents(definition.events, events);

      const metadata = {
        actor: { userId: context.actor.userId, agencyId: context.actor.agencyId },
        ...(context.reason ? { reason: context.reason } : {}),
        ...(correlationId ? { correlationId } : {}),
        ...(context.causationId ? { causationId: context.causationId } : {}),
        ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
        ...(keyed ? { requestHash } : {}),
      };
      // Ids now, not at the append: messages derive theirs from them (the same on a retry with a key).
      const toAppend = events.map((event, i) => ({ id: idFor(i) ?? randomUUID(), type: event.type, data: event.data as JsonObject, metadata }));
      const messages = this.outbox && hasOutbox(this.store) ? this.outbox.messagesFor(streamId, toAppend) : [];
      try {
        const result = await this.store.append(streamId, toAppend, {
          expectedRevision: current < 0 ? 'no-stream' : current,
          ...(messages.length > 0 ? { outbox: messages } : {}),
        });
        if (!result.written && keyed) return await this.answerRace(streamId, idFor, requestHash, state, context);
        const stored = toAppend.map((e, i) => ({ ...events[i], id: e.id, metadata, streamId, revision: result.nextExpectedRevision - toAppend.length + 1 + i, position: result.position, recordedAt: now }));
        return {
          streamId,
          state: events.reduce(definition.decider.evolve, state),
          revision: result.nextExpectedRevision,
          position: result.position,
          written: result.written,
          events,
          stored: stored as unknown as StoredEvent<E>[],
        };
      } catch (error) {
        const conflict = error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError;
        if (!conflict) throw error;
        // Another request with the same key got there first: answer as its retry (or 409).
        if (keyed) {
          const raced = storedFor(await this.store.readStream(streamId), idFor);
          if (raced.length > 0) return { ...answerRetry<E>(streamId, raced, requestHash, context), state };
        }
        if (error instanceof WrongExpectedRevisionError && context.ifMatch === undefined && attempt < ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 8)));
          continue;
        }
        throw error;
      }
    }
  }

  private async answerRace<E, S>(streamId: string, idFor: (i: number) => string | undefined, requestHash: string, state: S, context: StreamCommandContext): Promise<StreamCommandResult<E, S>> {
    const raced = storedFor(await this.store.readStream(streamId), idFor);
    return { ...answerRetry<E>(streamId, raced, requestHash, context), state };
  }

  private checkRole(kind: string, type: string, rule: Pick<CommandRule<unknown, unknown>, 'roles' | 'system'> | undefined, context: StreamCommandContext): void {
    if (!rule) throw new DomainError(`No access rule is declared for ${type} on a ${kind} stream; nothing was written`, 'forbidden', 403);
    const system = isSystemActor(context.actor);
    if (system ? rule.system === true : rule.roles.some((role) => context.actor.roles?.includes(role))) return;
    const who = rule.roles.length > 0 ? rolesPhrase(rule.roles) : 'the platform itself';
    throw new DomainError(`Only ${who} may ${describe(type)}; nothing was written`, 'forbidden', 403);
  }
}

/**
 * How a command ended, for metrics: events written; nothing new (a retry, or nothing to change);
 * refused (403); rejected by the rules (other domain errors: 409, 422); a conflicting writer; failed.
 */
export type AppendOutcome = 'written' | 'unchanged' | 'refused' | 'rejected' | 'conflict' | 'failed';

export function appendOutcomeOf(error: unknown): AppendOutcome {
  if (error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError) return 'conflict';
  if (error instanceof DomainError) return error.status === 403 ? 'refused' : 'rejected';
  // The access policy's refusal of a record (AccessGate.write).
  if (error instanceof HttpException) return error.getStatus() === 403 ? 'refused' : 'rejected';
  return 'failed';
}

/** The events a keyed command stored before, in order; none without a key. */
function storedFor(history: readonly RecordedEvent[], idFor: (i: number) => string | undefined): RecordedEvent[] {
  if (idFor(0) === undefined) return [];
  const byId = new Map(history.map((e) => [e.id, e]));
  const found: RecordedEvent[] = [];
  for (let i = 0; byId.has(idFor(i)!); i++) found.push(byId.get(idFor(i)!)!);
  return found;
}

/**
 * The same key again: the first answer for the same request, a refusal for another. Ids derived
 * from a trigger (`eventIds`) name the same request by construction.
 */
function answerRetry<E>(streamId: string, stored: RecordedEvent[], requestHash: string, context: StreamCommandContext): Omit<StreamCommandResult<E>, 'state'> {
  const sameRequest = context.eventIds !== undefined || stored[0]?.metadata.requestHash === requestHash;
  if (stored.length === 0 || !sameRequest) {
    throw new DomainError('This Idempotency-Key was already used for a different request; nothing was written', 'idempotency-key-reused', 409);
  }
  const last = stored[stored.length - 1];
  return {
    streamId,
    revision: last.revision,
    position: last.position,
    written: false,
    events: stored.map((e) => ({ type: e.type, data: e.data }) as unknown as E),
    stored: stored as unknown as StoredEvent<E>[],
  };
}

/** `RecordSafetyPlan` → `record safety plan`. */
function describe(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

import type { RecordedEvent } from '@app/event-store';
import type { Decider } from '../../domain/decider';
import { DomainError } from '../../domain/domain-error';
import type { EventSchemas } from '../../domain/event-schemas';
import { ROLES, Role } from '../../domain/roles';
import type { Actor } from '../../http/actor';

/** Who acts, why, and how the client asked: what every write records and checks. */
export interface StreamCommandContext {
  actor: Actor;
  /** The request as the client sent it: what an Idempotency-Key is checked against. */
  request: unknown;
  idempotencyKey?: string;
  /** The stream revision the client last read (If-Match): a stream changed since is a conflict. */
  ifMatch?: number;
  /** Why, where the rule asks for one; recorded in the events' metadata. */
  reason?: string;
  /** The event that caused this command (a process manager's or a consumer's trigger). */
  causationId?: string;
  /**
   * The work this command is part of, recorded in its events' metadata. Unset: the correlation id of
   * the request or consumed message in hand (X-Correlation-Id, see request-context.ts).
   */
  correlationId?: string;
  /**
   * Ids for the events, derived from the trigger (a process manager's or a follow-up's): however
   * often the trigger is handled, by whoever, the store keeps the events once, and a repeat is
   * answered as a retry. Takes the place of an Idempotency-Key.
   */
  eventIds?: (index: number) => string;
  /**
   * The id was minted at random for this command (a new case's): no one else can know it, so the
   * first attempt decides on an empty stream without reading it, and appends expecting no stream.
   * Should the stream exist after all, the store refuses that append and the command is decided
   * again on the stream as read, as after any conflict. Ignored with an Idempotency-Key or derived
   * event ids: their ids can name a stream that a first attempt made, which a retry must read.
   */
  newStream?: boolean;
}

/**
 * The access policy's answer to "may this actor change this record", as the write path needs it
 * (libs/access implements it; its AccessGate is bound to `WRITE_POLICY`). Declared here, by the
 * code that uses it.
 */
export interface WritePolicy {
  decideWrite(actor: Actor, record: { kind: string; id: string } & Record<string, unknown>): { outcome: 'allow' } | { outcome: 'deny' | 'break-glass'; reason: string };
  isPoliceAgency(actor: Actor): boolean;
}
export const WRITE_POLICY = Symbol('WRITE_POLICY');

/** What a command's record rule is given: the stream as it stands, before anything is decided. */
export interface RecordRuleInput<C, S> {
  id: string;
  command: C;
  actor: Actor;
  history: readonly RecordedEvent[];
  state: S;
  policy: WritePolicy;
  /** Reads another stream (a missing episode's case, a meeting's discussed case). */
  readStream(streamId: string): Promise<RecordedEvent[]>;
}

/**
 * Who may issue one command. Checked before the stream is decided on, in this order: the role (a
 * user must hold one of `roles`, or be the platform itself where `system` says so), then the
 * record's own rule (the agencies on a case, a meeting's chairs). Refusals are 403 and write
 * nothing.
 */
export interface CommandRule<C, S> {
  /** A user holding any one of these roles may issue it (then `record` decides). */
  roles: readonly Role[];
  /** The platform's own processes (process managers, consumers, retention) may issue it. */
  system?: boolean;
  /** The record's rule: throws a 403 DomainError (use `refuse`) when this actor may not change this record. */
  record?: (input: RecordRuleInput<C, S>) => void | Promise<void>;
}

type AnEvent = { type: string; data: object };
type ACommand = { type: string };

/**
 * One kind of stream, declared once: its name, its decider, who may issue each of its commands,
 * and the schema of each of its events. Every write goes through `CommandStreams.handle` with one.
 */
export interface StreamDefinition<C extends ACommand, E extends AnEvent, S, DC = unknown> {
  /** The stream kind, e.g. `case`: its streams are named `${kind}-${id}`. */
  readonly kind: string;
  readonly streamId: (id: string) => string;
  readonly decider: Decider<DC, E, S>;
  /** The decider's own command from the one issued: the stream's id, the moment, settings, roles. */
  readonly envelope: (command: C, input: { id: string; now: string; context: StreamCommandContext }) => DC;
  /** One rule per command type: a type without one is refused. */
  readonly commands: { readonly [K in C['type']]: CommandRule<Extract<C, { type: K }>, S> };
  /** One schema per event type: an event its schema refuses is never stored (422). */
  readonly events: EventSchemas<E>;
  /** The decider's state from a stream's stored events (the one place a stored event is typed). */
  readonly replay: (history: readonly RecordedEvent[]) => S;
}

/** Roles that never change a record (README, "Need to know"): a rule naming them is a defect. */
const READ_ONLY_ROLES: readonly Role[] = ['auditor', 'analyst', 'board'];

const definitions = new Map<string, StreamDefinition<ACommand, AnEvent, unknown>>();

/**
 * Declares a stream kind. Refuses (at load, so the app does not start) a rule without roles or
 * `system`, a role that is not one, a rule granting a read-only role, and a kind declared twice.
 */
export function defineStream<C extends ACommand, E extends AnEvent, S, DC = C & { now: string }>(
  definition: Omit<StreamDefinition<C, E, S, DC>, 'streamId' | 'replay'> & { streamId?: (id: string) => string },
): StreamDefinition<C, E, S, DC> {
  const { kind, decider } = definition;
  for (const [type, rule] of Object.entries(definition.commands) as [string, CommandRule<unknown, S> | undefined][]) {
    if (!rule || !Array.isArray(rule.roles)) throw new Error(`Stream ${kind}: command ${type} has no access rule`);
    if (rule.roles.length === 0 && !rule.system) throw new Error(`Stream ${kind}: command ${type} names no role and is not the platform's`);
    for (const role of rule.roles) {
      if (!(ROLES as readonly string[]).includes(role)) throw new Error(`Stream ${kind}: command ${type} names an unknown role ${role}`);
      if (READ_ONLY_ROLES.includes(role)) throw new Error(`Stream ${kind}: command ${type} would let ${role}s change records`);
    }
  }
  if (definitions.has(kind)) throw new Error(`Stream kind ${kind} is declared twice`);
  const streamId = definition.streamId ?? ((id: string) => `${kind}-${id}`);
  // Stored events are checked against these types' schemas before they are appended.
  const replay = (history: readonly RecordedEvent[]): S => history.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());
  const defined: StreamDefinition<C, E, S, DC> = { ...definition, streamId, replay };
  definitions.set(kind, defined as unknown as StreamDefinition<ACommand, AnEvent, unknown>);
  return defined;
}

/** The stream kind declared under `kind`, if any (the route guard asks on every write). */
export function streamDefinitionOf(kind: string): StreamDefinition<ACommand, AnEvent, unknown> | undefined {
  return definitions.get(kind);
}

/** Every stream kind declared so far (the auditor's record kinds, the access matrix test). */
export function streamDefinitions(): readonly StreamDefinition<ACommand, AnEvent, unknown>[] {
  return [...definitions.values()];
}

/** The 403 a record rule throws: nothing written. */
export function refuse(reason: string): never {
  throw new DomainError(`${reason}: nothing was written`, 'forbidden', 403);
}

/** Asks the access policy whether the actor may change the record; refuses (403) when not. */
export function requireWriteAccess(policy: WritePolicy, actor: Actor, record: { kind: string; id: string } & Record<string, unknown>): void {
  const decision = policy.decideWrite(actor, record);
  if (decision.outcome !== 'allow') refuse(decision.reason);
}

const SYSTEM = Symbol('safeguard.system-actor');

/**
 * The platform acting by itself (a process manager, a consumer, retention): only code can make
 * one, never a token, and only commands whose rule says `system` accept it.
 */
export function systemActor(userId: string, agencyId: string): Actor {
  return { userId, agencyId, roles: [], [SYSTEM]: true } as Actor;
}

export function isSystemActor(actor: Actor): boolean {
  return (actor as unknown as Record<symbol, unknown>)[SYSTEM] === true;
}

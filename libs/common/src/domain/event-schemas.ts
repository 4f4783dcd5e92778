import type { ZodType } from 'zod';
import { DomainError } from './domain-error';

type AnEvent = { type: string; data: unknown };

/**
 * One schema per event type of a stream: what its data must hold to be stored. The mapped type
 * makes a stream's definition name every type of its event union, each schema producing exactly
 * that type's data, so the schema and the TypeScript type cannot drift apart.
 */
export type EventSchemas<E extends AnEvent> = { [K in E['type']]: ZodType<Extract<E, { type: K }>['data']> };

/** A field at fault in an event, by its dotted path (never its value: it may be personal data). */
export interface EventProblem {
  field: string;
  problems: string[];
}

/** What is wrong with one event's data under its type's schema; empty when it may be stored. */
export function eventProblems<E extends AnEvent>(schemas: EventSchemas<E>, event: AnEvent): EventProblem[] {
  const schema = (schemas as Record<string, ZodType | undefined>)[event.type];
  if (!schema) return [{ field: 'type', problems: [`${event.type} is not an event type of this stream`] }];
  const result = schema.safeParse(event.data);
  if (result.success) return [];
  const byField = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || '(data)';
    byField.set(field, [...(byField.get(field) ?? []), problemOf(issue)]);
  }
  return [...byField].map(([field, problems]) => ({ field, problems }));
}

/**
 * Refuses (422, naming each field) events that their schemas do not allow: an event is a fact
 * forever, and every reader must be able to apply it.
 */
export function checkEvents<E extends AnEvent>(schemas: EventSchemas<E>, events: readonly AnEvent[]): void {
  const errors = events.flatMap((event) => eventProblems(schemas, event).map((p) => ({ field: `${event.type}.${p.field}`, problems: p.problems })));
  if (errors.length > 0) {
    throw new DomainError(`The change would record an event that is not valid (${errors.map((e) => e.field).join(', ')}); nothing was written`, 'invalid-event', 422, errors);
  }
}

/** zod's message without the received value (a value may be a child's personal data). */
function problemOf(issue: { code: string; message: string }): string {
  return issue.code === 'invalid_type' ? issue.message.replace(/, received .*$/, '') : issue.message;
}

/**
 * A stored event as one of a stream's event types, when its type is one the stream declares (its
 * data was checked against that type's schema before it was stored); undefined otherwise. Readers
 * use it instead of casting what the store hands them.
 */
export function eventOf<E extends AnEvent, R extends AnEvent>(schemas: EventSchemas<E>, recorded: R): (R & E) | undefined {
  return Object.prototype.hasOwnProperty.call(schemas, recorded.type) ? (recorded as R & E) : undefined;
}

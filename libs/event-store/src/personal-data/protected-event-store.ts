import type { AppendOptions, AppendResult, EventStore, JsonObject, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent, TypedLogPage } from '../event-store.port';
import { hasOutbox } from '../outbox/outbox';
import { PersonalDataRules, isSubject, openEvent, sealEvent, sealedSubject } from './personal-data';
import { SubjectKeyStore } from './subject-key-store';
import type { NewSubjectKey } from '../sql/postgres-event-store';
import { UnreadableEventError } from '../errors';

/** A write for a subject whose key was destroyed: its personal data can never be recorded again. */
export class SubjectErasedError extends Error {
  override readonly name = 'SubjectErasedError';
  constructor(readonly subject: string) {
    super(`The personal data of ${subject} has been erased: nothing more can be recorded about it`);
  }
}

/**
 * An event store that encrypts the personal fields its rules name on the way in, per subject,
 * and opens every sealed event on the way out (or shows it erased). The adapter underneath hashes and
 * stores the sealed form; integrity checks read `inner`.
 */
export class PersonalDataProtectedEventStore implements EventStore {
  readonly kind: EventStore['kind'];

  constructor(
    readonly inner: EventStore,
    readonly keys: SubjectKeyStore,
    private readonly rules: PersonalDataRules,
  ) {
    this.kind = inner.kind;
    // The outbox is the adapter's, untouched: messages carry only what contracts allow.
    if (hasOutbox(inner)) {
      Object.assign(this, {
        readUnsentOutbox: inner.readUnsentOutbox.bind(inner),
        markOutboxSent: inner.markOutboxSent.bind(inner),
        countUnsentOutbox: inner.countUnsentOutbox.bind(inner),
        readOutboxDelivery: inner.readOutboxDelivery.bind(inner),
        pruneSentOutbox: inner.pruneSentOutbox.bind(inner),
        onOutboxAppended: inner.onOutboxAppended.bind(inner),
      });
    }
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const subjects = events.map((event) => {
      const rule = this.rules[event.type];
      const subject = rule?.subject({ streamId, data: event.data });
      if (subject !== undefined && !isSubject(subject)) throw new RangeError(`Not a data subject: ${subject}`);
      return subject;
    });
    if (subjects.every((s) => s === undefined)) return this.inner.append(streamId, events, options);
    const wanted = new Set(subjects.filter((s): s is string => s !== undefined));
    const opening = options?.expectedRevision === 'no-stream';
    // A stream being opened is most often a new subject's (a new case's child): where the keys are
    // beside the events, its key is made here and stored with the events in one statement.
    if (opening && !options.outbox?.length && recordsNewSubjectKeys(this.inner)) {
      const made = this.keys.makeKeys(wanted);
      const sealed = this.sealed(events, subjects, (subject) => made.get(subject)!.key);
      const keys = [...made].map(([subject, { wrappedKey }]) => ({ subject, wrappedKey }));
      const result = await this.inner.appendWithNewSubjectKeys(streamId, sealed, options, keys);
      if (result) return result;
      // A subject known already (or erased), or a retry: sealed again with the stored keys.
      return this.appendWithStoredKeys(streamId, events, subjects, wanted, options, false);
    }
    // Elsewhere a new subject's key is still made without a read first.
    return this.appendWithStoredKeys(streamId, events, subjects, wanted, options, opening);
  }

  private async appendWithStoredKeys(
    streamId: string,
    events: readonly NewEvent[],
    subjects: readonly (string | undefined)[],
    wanted: Set<string>,
    options: AppendOptions | undefined,
    likelyNew: boolean,
  ): Promise<AppendResult> {
    const keys = await this.keys.keysFor(wanted, true, { likelyNew });
    return this.inner.append(streamId, this.sealed(events, subjects, (subject) => keys.get(subject) ?? null), options);
  }

  /** The events with their personal fields sealed under their subjects' keys; an erased subject's (no key) refused. */
  private sealed(events: readonly NewEvent[], subjects: readonly (string | undefined)[], keyOf: (subject: string) => Buffer | null): NewEvent[] {
    return events.map((event, i) => {
      const subject = subjects[i];
      if (subject === undefined) return event;
      const key = keyOf(subject);
      if (!key) throw new SubjectErasedError(subject);
      return { ...event, data: sealEvent(event.data, this.rules[event.type].fields, subject, key) };
    });
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.opened(await this.inner.readAll(options));
  }

  /** Only the wanted events are opened: the others cost no key lookup and no decryption. */
  async readAllOfTypes(types: readonly string[], options?: ReadAllOptions): Promise<TypedLogPage> {
    const page = await this.inner.readAllOfTypes(types, options);
    return { ...page, events: await this.opened(page.events) };
  }

  countEvents(): Promise<number> {
    return this.inner.countEvents();
  }

  onAppended(listener: () => void): () => void {
    return this.inner.onAppended(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** One key lookup per read, however many events: the keys table is the only truth (no cache to outlive an erasure). */
  private async opened(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const subjects = new Set<string>();
    for (const event of events) {
      const subject = sealedSubject(event.data);
      if (subject) subjects.add(subject);
    }
    if (subjects.size === 0) return events;
    const keys = await this.keys.keysFor(subjects, false);
    return events.map((event) => {
      const subject = sealedSubject(event.data);
      if (!subject) return event;
      try {
        return { ...event, data: openEvent(event.data, keys.get(subject) ?? null) as JsonObject };
      } catch (error) {
        return unreadable(event, error);
      }
    });
  }
}

/** An adapter that stores new subjects' keys with the events sealed with them (PostgreSQL, the keys beside the events). */
interface RecordsNewSubjectKeys {
  readonly recordsNewSubjectKeys: boolean;
  appendWithNewSubjectKeys(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions | undefined,
    keys: readonly NewSubjectKey[],
  ): Promise<AppendResult | undefined>;
}

function recordsNewSubjectKeys(store: EventStore): store is EventStore & RecordsNewSubjectKeys {
  return (store as Partial<RecordsNewSubjectKeys>).recordsNewSubjectKeys === true;
}

/**
 * An event whose personal data does not open: reading its `data` throws UnreadableEventError
 * naming it. A read of many events does not fail for it: only whoever needs its data does (one
 * projection stops at it and says which event; the others, and readers of other types, go on).
 */
function unreadable(event: RecordedEvent, cause: unknown): RecordedEvent {
  const { data: _sealed, ...rest } = event;
  const error = new UnreadableEventError({ id: event.id, position: event.position, type: event.type }, cause);
  return Object.defineProperty({ ...rest }, 'data', {
    enumerable: true,
    get(): never {
      throw error;
    },
  }) as RecordedEvent;
}

/** The adapter under any protection: what hash-chain verification must read. */
export function rawEventStore(store: EventStore): EventStore {
  return store instanceof PersonalDataProtectedEventStore ? store.inner : store;
}

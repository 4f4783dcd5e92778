import { randomUUID } from 'node:crypto';
import {
  AppendResult,
  CatchUpSubscription,
  EventIdConflictError,
  EventStore,
  GENESIS_HASH,
  InvalidAppendError,
  LogPosition,
  NewEvent,
  OutboxMessage,
  OutboxMessageConflictError,
  OutboxStore,
  RecordedEvent,
  START,
  WrongExpectedRevisionError,
  contentHash,
  hasOutbox,
  linkHash,
  verifyAll,
  verifyStream,
} from '../src';

export interface ContractSubject {
  store: EventStore;
  /** Closes the store and removes what the test created. */
  teardown(): Promise<void>;
}

export type ContractFactory = () => Promise<ContractSubject>;

const actor = { userId: 'user-1', agencyId: 'agency-police' };

export function anEvent(type = 'ThingHappened', data: Record<string, unknown> = {}, id?: string): NewEvent {
  return { id, type, data: { n: 1, ...data } as NewEvent['data'], metadata: { actor, correlationId: 'c-1' } };
}

const stream = (prefix = 'case') => `${prefix}-${randomUUID()}`;

function aMessage(key = 'item-1', n = 1): OutboxMessage {
  // Control characters too: an adapter may use one as a separator on the wire.
  return { id: randomUUID(), topic: 'police.feed', key, type: 'test-message.v1', payload: { n, text: 'Ада\u001e\u0000' }, headers: { origin: 'contract' } };
}

/**
 * The event store contract. Every adapter runs it: `describeEventStoreContract('postgres', factory)`.
 * The factory gives a fresh, empty store per test.
 */
export function describeEventStoreContract(adapter: string, factory: ContractFactory, describeFn: jest.Describe = describe): void {
  describeFn(`event store contract: ${adapter}`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });

    afterEach(async () => {
      await subject.teardown();
    });

    describe('append and read a stream', () => {
      it('stores events with revisions from 0, as they were given', async () => {
        const id = stream();
        // Control characters too: an adapter may use one as a separator on the wire.
        const events = [anEvent('ReferralReceived', { child: { name: 'Ада Łucja Ó', age: 14 } }), anEvent('RiskAssessed', { band: 'moderate', note: 'a\u001eb\u0000c' })];
        const result = await store.append(id, events, { expectedRevision: 'no-stream' });
        expect(result).toMatchObject({ streamId: id, nextExpectedRevision: 1, written: true });

        const read = await store.readStream(id);
        expect(read.map((e) => [e.revision, e.type, e.data, e.metadata])).toEqual([
          [0, 'ReferralReceived', { n: 1, child: { name: 'Ада Łucja Ó', age: 14 } }, { actor, correlationId: 'c-1' }],
          [1, 'RiskAssessed', { n: 1, band: 'moderate', note: 'a\u001eb\u0000c' }, { actor, correlationId: 'c-1' }],
        ]);
        expect(read.every((e) => e.streamId === id && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
        expect(Date.parse(read[0].recordedAt)).toBeGreaterThan(Date.now() - 60_000);
        expect(read[1].position > read[0].position).toBe(true);
        expect(result.position).toBe(read[1].position);
      });

      it('keeps the ids it was given and makes UUIDs for the rest', async () => {
        const id = stream();
        const given = randomUUID();
        await store.append(id, [anEvent('A', {}, given), anEvent('B')]);
        const [a, b] = await store.readStream(id);
        expect(a.id).toBe(given);
        expect(b.id).toMatch(/^[0-9a-f-]{36}$/);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('reads backwards, between revisions, and a limited number', async () => {
        const id = stream();
        await store.append(id, Array.from({ length: 10 }, (_, i) => anEvent('E', { i })));
        const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);
        expect(revisions(await store.readStream(id, { fromRevision: 3, toRevision: 6 }))).toEqual([3, 4, 5, 6]);
        expect(revisions(await store.readStream(id, { direction: 'backwards', limit: 3 }))).toEqual([9, 8, 7]);
        expect(revisions(await store.readStream(id, { direction: 'backwards', fromRevision: 5, toRevision: 2 }))).toEqual([5, 4, 3, 2]);
        expect(revisions(await store.readStream(id, { fromRevision: 8 }))).toEqual([8, 9]);
        expect(revisions(await store.readStream(id, { fromRevision: 2, limit: 2 }))).toEqual([2, 3]);
      });

      it('reads a stream as of a revision and as of a moment', async () => {
        const id = stream();
        await store.append(id, [anEvent('Opened'), anEvent('Assessed')]);
        const [, second] = await store.readStream(id);
        await new Promise((resolve) => setTimeout(resolve, 25));
        await store.append(id, [anEvent('Closed')]);

        expect((await store.readStream(id, { asOf: { revision: 0 } })).map((e) => e.type)).toEqual(['Opened']);
        expect((await store.readStream(id, { asOf: { time: second.recordedAt } })).map((e) => e.type)).toEqual(['Opened', 'Assessed']);
        expect((await store.readStream(id, { asOf: { time: new Date(Date.parse(second.recordedAt) - 1000) } }))).toEqual([]);
        expect((await store.readStream(id, { asOf: { time: new Date() } })).map((e) => e.type)).toEqual(['Opened', 'Assessed', 'Closed']);
      });

      it('never records an event earlier than the one before it in the stream', async () => {
        const id = stream();
        for (let i = 0; i < 20; i++) await store.append(id, [anEvent('Tick', { i })]);
        const times = (await store.readStream(id)).map((e) => Date.parse(e.recordedAt));
        expect(times).toEqual([...times].sort((a, b) => a - b));
      });
    });

    describe('expected revision', () => {
      it('appends when the stream is where the writer expected it', async () => {
        const id = stream();
        await store.append(id, [anEvent()], { expectedRevision: 'no-stream' });
        await store.append(id, [anEvent()], { expectedRevision: 0 });
        await store.append(id, [anEvent()], { expectedRevision: 'stream-exists' });
        const result = await store.append(id, [anEvent()], { expectedRevision: 'any' });
        expect(result.nextExpectedRevision).toBe(3);
      });

      it.each([
        ['an exact revision that is behind', 0, 1],
        ['an exact revision that is ahead', 5, 1],
        ['no-stream on a stream that exists', 'no-stream', 1],
      ] as const)('refuses %s and writes nothing', async (_label, expected, actual) => {
        const id = stream();
        await store.append(id, [anEvent(), anEvent()]);
        const attempt = store.append(id, [anEvent('Late')], { expectedRevision: expected });
        await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(attempt).rejects.toMatchObject({ streamId: id, expected, actual });
        expect((await store.readStream(id)).map((e) => e.type)).not.toContain('Late');
      });

      it('refuses stream-exists and an exact revision on a stream that does not exist', async () => {
        const id = stream();
        await expect(store.append(id, [anEvent()], { expectedRevision: 'stream-exists' })).rejects.toMatchObject({ actual: -1 });
        await expect(store.append(id, [anEvent()], { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(id)).toEqual([]);
        expect(await store.countEvents()).toBe(0);
      });

      it('lets exactly one of many concurrent writers at the same revision win', async () => {
        const id = stream();
        await store.append(id, [anEvent()]);
        const attempts = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) => store.append(id, [anEvent('Racer', { i })], { expectedRevision: 0 })),
        );
        expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        const failures = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(failures.every((f) => f.reason instanceof WrongExpectedRevisionError)).toBe(true);
        expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0, 1]);
      });

      it('lets exactly one of many concurrent writers of a new stream win', async () => {
        const id = stream();
        const attempts = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) => store.append(id, [anEvent('Opened', { i }), anEvent('Assessed', { i })], { expectedRevision: 'no-stream' })),
        );
        const won = attempts.filter((a): a is PromiseFulfilledResult<AppendResult> => a.status === 'fulfilled');
        expect(won.map((a) => a.value.nextExpectedRevision)).toEqual([1]);
        const failures = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(failures.every((f) => f.reason instanceof WrongExpectedRevisionError && f.reason.actual === 1)).toBe(true);
        const events = await store.readStream(id);
        expect(events.map((e) => [e.revision, e.type])).toEqual([[0, 'Opened'], [1, 'Assessed']]);
        expect(events[1].data.i).toBe(events[0].data.i);
        expect((await verifyStream(store, id)).ok).toBe(true);
      });

      it('appends every one of many concurrent single events with any to a new stream, in gapless revisions', async () => {
        const id = stream();
        const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.append(id, [anEvent('Read', { i })])));
        expect(results.map((r) => r.nextExpectedRevision).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
        expect((await store.readStream(id)).map((e) => e.revision)).toEqual(Array.from({ length: 12 }, (_, i) => i));
        expect((await verifyStream(store, id)).ok).toBe(true);
      });

      it('keeps revisions gapless when many writers append with any', async () => {
        const id = stream();
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(id, [anEvent('A', { i }), anEvent('B', { i })])));
        const events = await store.readStream(id);
        expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 40 }, (_, i) => i));
        // The two events of each append stay together.
        for (let i = 0; i < 40; i += 2) expect(events[i + 1].data.i).toBe(events[i].data.i);
        expect((await verifyStream(store, id)).ok).toBe(true);
      });
    });

    describe('all or nothing, and idempotency', () => {
      it('writes nothing when one event of an append is invalid', async () => {
        const id = stream();
        const bad = { type: 'not a valid type!', data: {}, metadata: { actor } } as NewEvent;
        await expect(store.append(id, [anEvent(), bad])).rejects.toBeInstanceOf(InvalidAppendError);
        const noActor = { type: 'Fine', data: {}, metadata: {} } as unknown as NewEvent;
        await expect(store.append(id, [anEvent(), noActor])).rejects.toThrow(/actor/);
        await expect(store.append(id, [])).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream(id)).toEqual([]);
      });

      it('answers a retried append as the first time and stores nothing twice', async () => {
        const id = stream();
        const events = [anEvent('A', {}, randomUUID()), anEvent('B', {}, randomUUID())];
        const first = await store.append(id, events, { expectedRevision: 'no-stream' });
        const retry = await store.append(id, events, { expectedRevision: 'no-stream' });
        expect(retry).toEqual({ ...first, written: false });
        expect(await store.readStream(id)).toHaveLength(2);
        expect(await store.countEvents()).toBe(2);
      });

      it('stores an event id once even when the retries race each other', async () => {
        const id = stream();
        const event = anEvent('Once', {}, randomUUID());
        const results = await Promise.all(Array.from({ length: 8 }, () => store.append(id, [event])));
        expect(results.filter((r) => r.written)).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('refuses an append that repeats some stored ids with new ones, or an id of another stream', async () => {
        const id = stream();
        const known = randomUUID();
        await store.append(id, [anEvent('A', {}, known)]);
        await expect(store.append(id, [anEvent('A', {}, known), anEvent('New')])).rejects.toBeInstanceOf(EventIdConflictError);
        await expect(store.append(stream(), [anEvent('A', {}, known)])).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await store.countEvents()).toBe(1);
      });
    });

    describe('the global log', () => {
      it('reads every event once, in order, in batches', async () => {
        const streams = [stream('a'), stream('b'), stream('c')];
        for (let i = 0; i < 30; i++) await store.append(streams[i % 3], [anEvent('E', { i })]);
        const seen: RecordedEvent[] = [];
        let after: LogPosition = START;
        for (;;) {
          const batch = await store.readAll({ after, limit: 7 });
          if (batch.length === 0) break;
          expect(batch.length).toBeLessThanOrEqual(7);
          seen.push(...batch);
          after = batch[batch.length - 1].position;
        }
        expect(seen.map((e) => e.data.i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
        const positions = seen.map((e) => e.position);
        expect(new Set(positions).size).toBe(30);
        expect([...positions].sort()).toEqual(positions);
        expect(await store.countEvents()).toBe(30);
      });

      it('reads nothing after the last position', async () => {
        await store.append(stream(), [anEvent()]);
        const all = await store.readAll();
        expect(await store.readAll({ after: all[all.length - 1].position })).toEqual([]);
      });

      it.each([false, true])('reads the same pages for some types only, as whole events, and says how far each page went (sparse: %s)', async (sparse) => {
        const streams = [stream('a'), stream('b')];
        const types = ['Wanted', 'Noise', 'Noise', 'Other', 'Wanted', 'Noise', 'Noise', 'Noise', 'Noise'];
        for (const [i, type] of types.entries()) await store.append(streams[i % 2], [anEvent(type, { i })]);
        const all = await store.readAll({ limit: 100 });

        const pages = [];
        let after: LogPosition = START;
        for (;;) {
          const page = await store.readAllOfTypes(['Wanted', 'Other'], { after, limit: 4, sparse });
          if (page.scanned === 0) break;
          // The page covers exactly what readAll gives with the same options.
          const plain = await store.readAll({ after, limit: 4 });
          expect(page.scanned).toBe(plain.length);
          expect(page.scannedTo).toBe(plain[plain.length - 1].position);
          expect(page.events).toEqual(plain.filter((e) => e.type === 'Wanted' || e.type === 'Other'));
          pages.push(page);
          after = page.scannedTo!;
        }
        expect(pages.map((p) => p.events.map((e) => e.data.i))).toEqual([[0, 3], [4], []]);
        expect(pages.flatMap((p) => p.events)).toEqual(all.filter((e) => e.type !== 'Noise'));
        // A page of nothing wanted still moves the reader on; the end of the log moves it nowhere.
        expect(pages[2]).toMatchObject({ events: [], scanned: 1, scannedTo: all[8].position });
        expect(await store.readAllOfTypes(['Wanted'], { after: all[8].position, sparse })).toEqual({ events: [], scanned: 0 });
      });
    });

    describe('subscriptions', () => {
      it('catch up from a stored checkpoint, then follow live appends', async () => {
        let stored: LogPosition = START;
        const handled: string[] = [];
        const consumer = {
          name: 'contract-test',
          loadCheckpoint: async () => stored,
          handle: async (events: RecordedEvent[], checkpoint: LogPosition) => {
            handled.push(...events.map((e) => e.type));
            stored = checkpoint;
          },
        };
        const id = stream();
        await store.append(id, [anEvent('Before1'), anEvent('Before2')]);

        const first = new CatchUpSubscription(store, consumer, { pollIntervalMs: 50 });
        first.start();
        const live = await store.append(id, [anEvent('Live')]);
        await first.waitFor(live.position);
        await first.stop();
        expect(handled).toEqual(['Before1', 'Before2', 'Live']);

        const whileStopped = await store.append(id, [anEvent('WhileStopped')]);
        const second = new CatchUpSubscription(store, consumer, { pollIntervalMs: 50 });
        second.start();
        await second.waitFor(whileStopped.position);
        await second.stop();
        expect(handled).toEqual(['Before1', 'Before2', 'Live', 'WhileStopped']);
      });

      it('gives a failed batch again and skips nothing', async () => {
        let stored: LogPosition = START;
        let failures = 0;
        const handled: number[] = [];
        const consumer = {
          name: 'flaky',
          loadCheckpoint: async () => stored,
          handle: async (events: RecordedEvent[], checkpoint: LogPosition) => {
            if (failures++ < 2) throw new Error('read model unavailable');
            handled.push(...events.map((e) => e.data.i as number));
            stored = checkpoint;
          },
        };
        const id = stream();
        const last = await store.append(id, Array.from({ length: 5 }, (_, i) => anEvent('E', { i })));
        const subscription = new CatchUpSubscription(store, consumer, { retryDelayMs: 10, pollIntervalMs: 20 });
        subscription.start();
        await subscription.waitFor(last.position);
        await subscription.stop();
        expect(handled).toEqual([0, 1, 2, 3, 4]);
      });
    });

    if (adapter === 'eventstoredb') {
      describe('outbox', () => {
        it('refuses outbox messages with a clear error and writes nothing', async () => {
          const id = stream();
          const attempt = store.append(id, [anEvent()], { outbox: [aMessage()] });
          await expect(attempt).rejects.toBeInstanceOf(InvalidAppendError);
          await expect(attempt).rejects.toThrow(/keeps no outbox.*subscription/);
          expect(await store.readStream(id)).toEqual([]);
        });
      });
    } else {
      describe('transactional outbox', () => {
        let outbox: OutboxStore;
        beforeEach(() => {
          expect(hasOutbox(store)).toBe(true);
          outbox = store as EventStore & OutboxStore;
        });
        /**
         * The unsent messages once every committed one is readable: on PostgreSQL a transaction
         * open elsewhere in the cluster holds readers back (never makes them skip), as for readAll.
         */
        const unsent = async (limit = 100) => {
          for (const until = Date.now() + 10_000; ; ) {
            const read = await outbox.readUnsentOutbox(limit);
            if (read.length === Math.min(limit, await outbox.countUnsentOutbox()) || Date.now() > until) return read;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        };
        const unsentIds = async () => (await unsent()).map((m) => m.id);

        it('tells its outbox listeners of appends that stored messages, and only of those', async () => {
          let calls = 0;
          const stop = outbox.onOutboxAppended(() => calls++);
          const settle = () => new Promise((resolve) => setImmediate(resolve));
          await store.append(stream(), [anEvent('Viewed')]);
          await settle();
          expect(calls).toBe(0);
          await store.append(stream(), [anEvent('Disseminated')], { outbox: [aMessage()] });
          await settle();
          expect(calls).toBe(1);
          stop();
          await store.append(stream(), [anEvent('Disseminated')], { outbox: [aMessage()] });
          await settle();
          expect(calls).toBe(1);
        });

        it('stores messages with the events that cause them, in the order of those events', async () => {
          const [a, b] = [stream(), stream()];
          const [m1, m2, m3] = [aMessage('item-1', 1), aMessage('item-2', 2), aMessage('item-1', 3)];
          await store.append(a, [anEvent('Disseminated')], { outbox: [m1, m2] });
          await store.append(b, [anEvent('Disseminated')], { outbox: [m3] });
          const stored = await unsent();
          expect(stored.map(({ storedAt: _, ...m }) => m)).toEqual([m1, m2, m3]);
          expect(Date.parse(stored[0].storedAt)).toBeGreaterThan(Date.now() - 60_000);
          expect(await outbox.countUnsentOutbox()).toBe(3);
          expect((await unsent(2)).map((m) => m.id)).toEqual([m1.id, m2.id]);
        });

        it('writes neither events nor messages when the append is refused', async () => {
          const id = stream();
          await store.append(id, [anEvent('First')]);
          await expect(store.append(id, [anEvent('Late')], { expectedRevision: 'no-stream', outbox: [aMessage()] })).rejects.toBeInstanceOf(
            WrongExpectedRevisionError,
          );
          const bad = { type: 'not a valid type!', data: {}, metadata: { actor } } as NewEvent;
          await expect(store.append(id, [anEvent(), bad], { outbox: [aMessage()] })).rejects.toBeInstanceOf(InvalidAppendError);
          await expect(store.append(id, [anEvent('Late')], { outbox: [{ ...aMessage(), id: 'not-a-uuid' }] })).rejects.toThrow(/not a UUID/);
          await expect(store.append(id, [anEvent('Late')], { outbox: [{ ...aMessage(), topic: 'no spaces' }] })).rejects.toThrow(/topic/);
          expect((await store.readStream(id)).map((e) => e.type)).toEqual(['First']);
          expect(await unsentIds()).toEqual([]);
          expect(await outbox.countUnsentOutbox()).toBe(0);
        });

        it("stores a retried append's messages once, even when the retries race", async () => {
          const id = stream();
          const events = [anEvent('A', {}, randomUUID())];
          const message = aMessage();
          const results = await Promise.all(Array.from({ length: 8 }, () => store.append(id, events, { expectedRevision: 'no-stream', outbox: [message] })));
          expect(results.filter((r) => r.written)).toHaveLength(1);
          const again = await store.append(id, events, { expectedRevision: 'no-stream', outbox: [message, aMessage()] });
          expect(again.written).toBe(false);
          expect(await unsentIds()).toEqual([message.id]);
          expect(await store.readStream(id)).toHaveLength(1);
        });

        it('refuses a message id already stored with other events, and writes nothing', async () => {
          const message = aMessage();
          await store.append(stream(), [anEvent()], { outbox: [message] });
          const other = stream();
          await expect(store.append(other, [anEvent()], { outbox: [aMessage(), message] })).rejects.toBeInstanceOf(OutboxMessageConflictError);
          expect(await store.readStream(other)).toEqual([]);
          expect(await unsentIds()).toEqual([message.id]);
        });

        it('no longer gives messages once they are marked sent', async () => {
          const [m1, m2, m3] = [aMessage(), aMessage(), aMessage()];
          await store.append(stream(), [anEvent()], { outbox: [m1, m2, m3] });
          await outbox.markOutboxSent([m1.id, m2.id]);
          await outbox.markOutboxSent([m1.id]);
          expect(await unsentIds()).toEqual([m3.id]);
          expect(await outbox.countUnsentOutbox()).toBe(1);
        });

        it('tells when each message was sent, null while it waits, and nothing of ids it never held', async () => {
          const [m1, m2] = [aMessage(), aMessage()];
          await store.append(stream(), [anEvent()], { outbox: [m1, m2] });
          const before = Date.now();
          await outbox.markOutboxSent([m1.id]);
          const unknown = randomUUID();
          const delivery = await outbox.readOutboxDelivery([m1.id.toUpperCase(), m2.id, unknown]);
          expect([...delivery.keys()].sort()).toEqual([m1.id, m2.id].sort());
          expect(delivery.get(m2.id)).toBeNull();
          expect(Date.parse(delivery.get(m1.id)!)).toBeGreaterThanOrEqual(before - 1000);
          expect(await outbox.readOutboxDelivery([])).toEqual(new Map());
        });

        describe('pruning sent messages', () => {
          const sentAt = async (id: string) => Date.parse((await outbox.readOutboxDelivery([id])).get(id)!);
          /** Until the clock (the database's and ours) has passed `moment`: what is marked next is sent after it. */
          const clockPast = async (moment: number) => {
            while (Date.now() <= moment + 1) await new Promise((resolve) => setTimeout(resolve, 2));
          };

          it('deletes only messages sent before the cutoff: never unsent ones, never recently sent ones', async () => {
            const [old1, old2, recent, waiting] = [aMessage('a', 1), aMessage('a', 2), aMessage('a', 3), aMessage('a', 4)];
            await store.append(stream(), [anEvent()], { outbox: [old1, old2, recent, waiting] });
            await outbox.markOutboxSent([old1.id, old2.id]);
            const cutoff = new Date((await sentAt(old2.id)) + 1);
            await clockPast(cutoff.getTime());
            await outbox.markOutboxSent([recent.id]);
            expect(await sentAt(recent.id)).toBeGreaterThanOrEqual(cutoff.getTime());

            expect(await outbox.pruneSentOutbox(new Date((await sentAt(old1.id)) - 1000), 100)).toBe(0);
            expect(await outbox.pruneSentOutbox(cutoff, 100)).toBe(2);
            const left = await outbox.readOutboxDelivery([old1.id, old2.id, recent.id, waiting.id]);
            expect([...left.keys()].sort()).toEqual([recent.id, waiting.id].sort());
            expect(left.get(waiting.id)).toBeNull();
            expect(await outbox.pruneSentOutbox(cutoff, 100)).toBe(0);
            expect(await unsentIds()).toEqual([waiting.id]);
          });

          it('never deletes an unsent message, whatever the cutoff', async () => {
            const [sent, waiting1, waiting2] = [aMessage('b', 1), aMessage('b', 2), aMessage('b', 3)];
            await store.append(stream(), [anEvent()], { outbox: [sent, waiting1, waiting2] });
            await outbox.markOutboxSent([sent.id]);
            expect(await outbox.pruneSentOutbox(new Date('9999-12-31T00:00:00Z'), 100)).toBe(1);
            expect(await unsentIds()).toEqual([waiting1.id, waiting2.id]);
            expect(await outbox.countUnsentOutbox()).toBe(2);
          });

          it('deletes in batches of at most the limit, then reports none left', async () => {
            const messages = Array.from({ length: 5 }, (_, i) => aMessage('c', i));
            await store.append(stream(), [anEvent()], { outbox: messages });
            for (const m of messages) await outbox.markOutboxSent([m.id]);
            const future = new Date(Date.now() + 86_400_000);
            const counts = [];
            for (let n = -1; n !== 0; ) counts.push((n = await outbox.pruneSentOutbox(future, 2)));
            expect(counts).toEqual([2, 2, 1, 0]);
            expect(await outbox.readOutboxDelivery(messages.map((m) => m.id))).toEqual(new Map());
          });

          it('refuses a limit out of range or a cutoff that is not a date', async () => {
            await expect(outbox.pruneSentOutbox(new Date(), 0)).rejects.toThrow(RangeError);
            await expect(outbox.pruneSentOutbox(new Date(), 1.5)).rejects.toThrow(RangeError);
            await expect(outbox.pruneSentOutbox(new Date('nonsense'), 10)).rejects.toThrow(/sentBefore/);
          });
        });
      });
    }

    describe('hash chain', () => {
      it('links each event to the previous one of its stream by the documented formula', async () => {
        const id = stream();
        await store.append(id, [anEvent('A', { z: 1, a: { y: 2, b: 3 } }), anEvent('B')]);
        await store.append(id, [anEvent('C')]);
        let previous = GENESIS_HASH;
        for (const event of await store.readStream(id)) {
          const expected = linkHash(previous, contentHash(event), event.revision, Date.parse(event.recordedAt));
          expect(event.hash).toBe(expected.toString('hex'));
          previous = expected;
        }
      });

      it('verifies one stream and the whole store', async () => {
        const a = stream();
        const b = stream();
        await store.append(a, [anEvent(), anEvent()]);
        await store.append(b, [anEvent()]);
        await store.append(a, [anEvent()]);
        expect(await verifyStream(store, a)).toEqual({ ok: true, streamsChecked: 1, eventsChecked: 3 });
        const progress: number[] = [];
        expect(await verifyAll(store, { batchSize: 2, onProgress: (n) => progress.push(n) })).toEqual({
          ok: true,
          streamsChecked: 2,
          eventsChecked: 4,
        });
        expect(progress).toEqual([2, 4]);
      });
    });
  });
}

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AccessGate, AccessRecorder, DEFAULT_ACCESS_SETTINGS } from '@app/access';
import { EventStore, PostgresEventStore, SqliteEventStore, WrongExpectedRevisionError } from '@app/event-store';
import { readWholeLog, scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import type { Decider } from '../../domain/decider';
import { DomainError } from '../../domain/domain-error';
import type { Role } from '../../domain/roles';
import type { Actor } from '../../http/actor';
import { CommandStreams } from './command-streams';
import { StreamCommandContext, defineStream, requireWriteAccess, systemActor } from './stream-definition';

/*
 * A notice board, declared only for this suite: agencies pin notices (the first pin opens the
 * board; afterwards only agencies on it may pin, as on a case), and the platform tidies it.
 */
type BoardCommand = { type: 'PinNotice'; data: { text: string } } | { type: 'TidyBoard' };
type BoardEvent = { type: 'NoticePinned'; data: { boardId: string; text: string; agencyId: string } } | { type: 'BoardTidied'; data: { boardId: string; tidiedAt: string } };
type BoardState = { agencies: string[]; notices: number };
type BoardEnvelope = BoardCommand & { boardId: string; agencyId: string; now: string };

const boardDecider: Decider<BoardEnvelope, BoardEvent, BoardState> = {
  initialState: () => ({ agencies: [], notices: 0 }),
  decide: (command) =>
    command.type === 'PinNotice'
      ? [{ type: 'NoticePinned', data: { boardId: command.boardId, text: command.data.text, agencyId: command.agencyId } }]
      : [{ type: 'BoardTidied', data: { boardId: command.boardId, tidiedAt: command.now } }],
  evolve: (state, event) =>
    event.type === 'NoticePinned'
      ? { agencies: state.agencies.includes(event.data.agencyId) ? state.agencies : [...state.agencies, event.data.agencyId], notices: state.notices + 1 }
      : { ...state, notices: 0 },
};

const boardStream = defineStream<BoardCommand, BoardEvent, BoardState, BoardEnvelope>({
  kind: 'notice-board',
  decider: boardDecider,
  envelope: (command, { id, now, context }) => ({ ...command, boardId: id, agencyId: context.actor.agencyId, now }),
  events: {
    // A notice says something: an empty one is a defect of the decider, never stored.
    NoticePinned: z.object({ boardId: z.string().min(1), text: z.string().min(1).max(500), agencyId: z.string().min(1) }),
    BoardTidied: z.object({ boardId: z.string().min(1), tidiedAt: z.string().min(1) }),
  },
  commands: {
    PinNotice: {
      roles: ['practitioner', 'referrer'],
      record: ({ id, actor, history, state, policy }) => {
        if (history.length > 0) requireWriteAccess(policy, actor, { kind: 'case', id, agencyIds: state.agencies, atSemrac: false });
      },
    },
    TidyBoard: { roles: [], system: true },
  },
});

const user = (agencyId: string, roles: Role[], userId = `u-${randomUUID().slice(0, 8)}`): Actor => ({ userId, agencyId, roles });
const pin = (text: string): BoardCommand => ({ type: 'PinNotice', data: { text } });
const as = (actor: Actor, more: Partial<StreamCommandContext> = {}): StreamCommandContext => ({ actor, request: more.request ?? null, ...more });

/** What a refused promise threw (fails when it did not refuse). */
async function refusal(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => {
      throw new Error('expected the command to be refused');
    },
    (error: unknown) => error,
  );
}

/** The store, and a view of it that notes every read the write path makes. */
function watched(store: EventStore): { store: EventStore; reads: string[] } {
  const reads: string[] = [];
  const proxy = new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof property === 'string' && property.startsWith('read')) reads.push(`${property}(${String(args[0] ?? '')})`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, reads };
}

async function openStore(database: 'sqlite' | 'postgres'): Promise<{ store: EventStore; drop(): Promise<void> }> {
  if (database === 'sqlite') {
    const db = scratchSqlite();
    return { store: await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') }), drop: db.drop };
  }
  const db = await scratchPostgres();
  return { store: await PostgresEventStore.create({ dataSource: await db.dataSource(), schema: db.schema }), drop: db.drop };
}

describe.each(['sqlite', 'postgres'] as const)('the one write path (%s)', (database) => {
  let store: EventStore;
  let drop: () => Promise<void>;
  let reads: string[];
  let streams: CommandStreams;

  /** The last position of the global log: unchanged means nothing was written anywhere. */
  const head = async () => (await readWholeLog(store)).at(-1)?.position ?? '';
  const board = async (id: string) => store.readStream(boardStream.streamId(id));

  beforeAll(async () => {
    ({ store, drop } = await openStore(database));
    const watching = watched(store);
    reads = watching.reads;
    // The real access policy, as AccessModule binds it to WRITE_POLICY.
    streams = new CommandStreams(watching.store, new AccessGate(DEFAULT_ACCESS_SETTINGS, new AccessRecorder(store)));
  });

  afterAll(async () => {
    await store.close();
    await drop();
  });

  beforeEach(() => {
    reads.length = 0;
  });

  it('stores a valid event, under the kind’s stream name, with who acted', async () => {
    const boardId = randomUUID();
    const result = await streams.handle(boardStream, boardId, pin('Drop-in on Friday'), as(user('bf-csc', ['practitioner'], 'sw-9')));
    expect(result).toMatchObject({ streamId: `notice-board-${boardId}`, revision: 0, written: true, state: { agencies: ['bf-csc'], notices: 1 } });
    const stored = await board(boardId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'NoticePinned', data: { boardId, text: 'Drop-in on Friday', agencyId: 'bf-csc' }, metadata: { actor: { userId: 'sw-9', agencyId: 'bf-csc' } } });
    expect((await streams.load(boardStream, boardId)).state).toEqual({ agencies: ['bf-csc'], notices: 1 });
  });

  describe('a stream minted for the command (newStream)', () => {
    it('is written without being read first; with an Idempotency-Key it is read as always', async () => {
      const boardId = randomUUID();
      const result = await streams.handle(boardStream, boardId, pin('New board'), as(user('bf-csc', ['practitioner']), { newStream: true }));
      expect(result).toMatchObject({ revision: 0, written: true });
      expect(reads).toEqual([]);
      expect(await board(boardId)).toHaveLength(1);

      const keyed = randomUUID();
      await streams.handle(boardStream, keyed, pin('Keyed'), as(user('bf-csc', ['practitioner']), { newStream: true, idempotencyKey: 'k-1', request: { n: 1 } }));
      expect(reads).toEqual([`readStream(notice-board-${keyed})`]);
    });

    it('that exists after all is read and decided again under its own rule, and nothing is written over it', async () => {
      const boardId = randomUUID();
      await streams.handle(boardStream, boardId, pin('First'), as(user('bf-csc', ['practitioner'])));
      const before = await head();
      // Another agency, not on the board: on an empty stream it could pin; on the board as it is, it may not.
      const error = await refusal(streams.handle(boardStream, boardId, pin('Over it'), as(user('bf-police', ['practitioner']), { newStream: true })));
      expect(error).toMatchObject({ status: 403 });
      expect((await board(boardId)).map((e) => e.data.text)).toEqual(['First']);
      expect(await head()).toBe(before);
    });
  });

  describe('an event its schema refuses', () => {
    it('answers 422 invalid-event naming the field, and writes nothing', async () => {
      const boardId = randomUUID();
      const before = await head();
      const error = await refusal(streams.handle(boardStream, boardId, pin(''), as(user('bf-csc', ['practitioner']))));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ status: 422, code: 'invalid-event', errors: [{ field: 'NoticePinned.text' }] });
      expect((error as DomainError).message).toContain('NoticePinned.text');
      expect(await head()).toBe(before);
      expect(await board(boardId)).toEqual([]);
    });

    it('refuses the whole command when one field is wrong, even on a board that has notices', async () => {
      const boardId = randomUUID();
      const practitioner = user('bf-csc', ['practitioner']);
      await streams.handle(boardStream, boardId, pin('First notice'), as(practitioner));
      const before = await head();
      await expect(streams.handle(boardStream, boardId, pin('x'.repeat(501)), as(practitioner))).rejects.toMatchObject({ status: 422, code: 'invalid-event' });
      expect(await head()).toBe(before);
      expect(await board(boardId)).toHaveLength(1);
    });
  });

  describe('who may issue a command', () => {
    it.each([
      ['an auditor', user('bf-board', ['auditor'])],
      ['an analyst', user('bf-board', ['analyst'])],
      ['an admin', user('bf-board', ['admin'])],
      ['a token with no roles', user('bf-csc', [])],
    ])('refuses %s a command its rule does not name (403), before reading or writing anything', async (_who, actor) => {
      const boardId = randomUUID();
      const before = await head();
      const error = await refusal(streams.handle(boardStream, boardId, pin('Not mine to pin'), as(actor)));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ status: 403, code: 'forbidden' });
      expect(reads).toEqual([]);
      expect(await head()).toBe(before);
    });

    it('refuses the platform a command whose rule is not the platform’s, and a user a command that only the platform issues', async () => {
      const boardId = randomUUID();
      await streams.handle(boardStream, boardId, pin('Opened'), as(user('bf-csc', ['practitioner'])));
      const before = await head();
      reads.length = 0;
      await expect(streams.handle(boardStream, boardId, pin('Pinned by a process'), as(systemActor('notice-process', 'safeguard')))).rejects.toMatchObject({ status: 403, code: 'forbidden' });
      await expect(streams.handle(boardStream, boardId, { type: 'TidyBoard' }, as(user('bf-csc', ['practitioner', 'semrac-chair'])))).rejects.toMatchObject({ status: 403, code: 'forbidden' });
      // A token that claims to be the platform is still a user.
      await expect(streams.handle(boardStream, boardId, { type: 'TidyBoard' }, as({ userId: 'notice-process', agencyId: 'safeguard', roles: [] }))).rejects.toMatchObject({ status: 403 });
      expect(reads).toEqual([]);
      expect(await head()).toBe(before);
      // The platform itself may.
      await expect(streams.handle(boardStream, boardId, { type: 'TidyBoard' }, as(systemActor('notice-process', 'safeguard')))).resolves.toMatchObject({ written: true });
    });

    it('refuses (403) a user whose role the rule names when the record’s own rule does not let them, and writes nothing', async () => {
      const boardId = randomUUID();
      await streams.handle(boardStream, boardId, pin('School notice'), as(user('bf-school', ['referrer'])));
      const before = await head();
      const error = await refusal(streams.handle(boardStream, boardId, pin('Health notice'), as(user('bf-health', ['practitioner']))));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ status: 403, code: 'forbidden' });
      expect((error as DomainError).message).toContain('not on case');
      expect(await head()).toBe(before);
      expect(await board(boardId)).toHaveLength(1);
      // The agency on it may.
      await expect(streams.handle(boardStream, boardId, pin('Another school notice'), as(user('bf-school', ['practitioner'])))).resolves.toMatchObject({ written: true, revision: 1 });
    });
  });

  describe('concurrent writers', () => {
    it('without If-Match, 16 writers at once all succeed and every change is stored', async () => {
      const boardId = randomUUID();
      await streams.handle(boardStream, boardId, pin('Opened'), as(user('bf-csc', ['practitioner'])));
      const texts = Array.from({ length: 16 }, (_, i) => `Notice ${i + 1}`);
      const outcomes = await Promise.allSettled(texts.map((text) => streams.handle(boardStream, boardId, pin(text), as(user('bf-csc', ['practitioner'])))));
      const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as Error);
      expect(failures.filter((e) => e instanceof WrongExpectedRevisionError)).toEqual([]);
      expect(failures).toEqual([]);
      const stored = await board(boardId);
      expect(stored).toHaveLength(17);
      expect(stored.slice(1).map((e) => e.data.text).sort()).toEqual([...texts].sort());
      expect(stored.map((e) => e.revision)).toEqual([...Array(17).keys()]);
    });

    it('with a stale If-Match, refuses the change and writes nothing', async () => {
      const boardId = randomUUID();
      const practitioner = user('bf-csc', ['practitioner']);
      const first = await streams.handle(boardStream, boardId, pin('Opened'), as(practitioner));
      await streams.handle(boardStream, boardId, pin('Changed meanwhile'), as(user('bf-csc', ['referrer'])));
      const before = await head();
      const error = await refusal(streams.handle(boardStream, boardId, pin('Read before the change'), as(practitioner, { ifMatch: first.revision })));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ expected: 0, actual: 1 });
      expect(await head()).toBe(before);
      expect(await board(boardId)).toHaveLength(2);
    });
  });

  describe('Idempotency-Key', () => {
    it('the same request twice at once is written once, and both get the same answer', async () => {
      const boardId = randomUUID();
      const practitioner = user('bf-csc', ['practitioner']);
      await streams.handle(boardStream, boardId, pin('Opened'), as(practitioner));
      const context = () => as(practitioner, { idempotencyKey: 'pin-twice-0001', request: { text: 'Pinned once' } });
      const [a, b] = await Promise.all([streams.handle(boardStream, boardId, pin('Pinned once'), context()), streams.handle(boardStream, boardId, pin('Pinned once'), context())]);
      expect([a.written, b.written].sort()).toEqual([false, true]);
      const answer = (r: typeof a) => ({ streamId: r.streamId, revision: r.revision, position: r.position, events: r.events, ids: r.stored.map((e) => e.id) });
      expect(answer(a)).toEqual(answer(b));
      const stored = await board(boardId);
      expect(stored.filter((e) => e.data.text === 'Pinned once')).toHaveLength(1);
      expect(stored).toHaveLength(2);
    });

    it('the same key with another request at once: exactly one is written, the other is refused (409 idempotency-key-reused)', async () => {
      const boardId = randomUUID();
      const practitioner = user('bf-csc', ['practitioner']);
      await streams.handle(boardStream, boardId, pin('Opened'), as(practitioner));
      const send = (text: string) => streams.handle(boardStream, boardId, pin(text), as(practitioner, { idempotencyKey: 'pin-reused-0001', request: { text } }));
      const outcomes = await Promise.allSettled([send('First body'), send('Second body')]);
      const written = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as unknown);
      expect(written).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(DomainError);
      expect(refused[0]).toMatchObject({ status: 409, code: 'idempotency-key-reused' });
      const stored = await board(boardId);
      expect(stored).toHaveLength(2);
      // What is stored is the body of the request that was answered with success.
      expect(stored[1].data.text).toBe(outcomes[0].status === 'fulfilled' ? 'First body' : 'Second body');
    });

    it('a key is the user’s own: another user’s same key is another request', async () => {
      const boardId = randomUUID();
      await streams.handle(boardStream, boardId, pin('Opened'), as(user('bf-csc', ['practitioner'])));
      const context = (actor: Actor) => as(actor, { idempotencyKey: 'shared-key-0001', request: { text: 'Same words' } });
      await streams.handle(boardStream, boardId, pin('Same words'), context(user('bf-csc', ['practitioner'], 'sw-1')));
      await expect(streams.handle(boardStream, boardId, pin('Same words'), context(user('bf-csc', ['practitioner'], 'sw-2')))).resolves.toMatchObject({ written: true });
      expect(await board(boardId)).toHaveLength(3);
    });
  });
});

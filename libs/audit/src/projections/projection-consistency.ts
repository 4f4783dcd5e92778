import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager, EntityMetadata } from 'typeorm';
import {
  EventStore,
  LogPosition,
  Projection,
  ProjectionCheckpointEntity,
  ProjectionFailure,
  ReadModelSettings,
  START,
  canonicalJson,
  describeError,
  rawEventStore,
  readLogPage,
  scanLog,
} from '@app/event-store';

export interface ProjectionDifference {
  /** The table. */
  table: string;
  /** The row's primary key. */
  key: Record<string, unknown>;
  /** `missing`: the rebuild has the row and the live read model does not; `extra`: the reverse; `differs`: both, with other values. */
  problem: 'missing' | 'extra' | 'differs';
  /** For `differs`: which columns. Values are not shown: they may be a child's personal data. */
  columns?: string[];
}

export interface ProjectionConsistencyReport {
  projection: string;
  /** The head of the log when checked: the rebuild replayed every event up to here. */
  head: LogPosition;
  /** The live projection's checkpoint, read with its rows. */
  checkpoint: LogPosition;
  /** Events of its types between its checkpoint and the head: it is behind by this many (0 when up to date). */
  behind: number;
  /** Why the live projection is not moving on, as its runner stored it (the event, the error), or null. */
  failure: ProjectionFailure | null;
  /** The rebuild could not apply this event either: the projection's code must be fixed (null when it could). */
  rebuildFailure: { event: { id: string; position: LogPosition; type: string }; error: string } | null;
  eventsReplayed: number;
  rowsCompared: number;
  /** Equal to the rebuild, up to date with the log, and not failing. */
  consistent: boolean;
  differenceCount: number;
  /** The first 100 differences. */
  differences: ProjectionDifference[];
}

/** How long the check waits for a running projection to reach the head before comparing (default). */
export const CATCH_UP_WAIT_MS = 10_000;

/**
 * Rebuilds one projection from the events into a scratch database, up to the head of the log, and
 * compares it row by row with the live read model (DESIGN.md: "rebuilding a projection from
 * scratch gives exactly the state that the live projection holds"). A projection that runs waits
 * up to `waitMs` to reach the head first, so that one merely busy is not reported; one that is
 * failing or stalled is: its lag and failure are in the report, and it is not consistent. The
 * live rows and checkpoint are read in one transaction.
 */
export async function compareProjection(options: {
  store: EventStore;
  projection: Projection;
  live: DataSource;
  scratch: DataSource;
  onProgress?: (replayed: number) => void;
  waitMs?: number;
}): Promise<ProjectionConsistencyReport> {
  const { store, projection, live, scratch } = options;
  const types = projection.eventTypes;
  const stored = await storedCheckpoint(live, projection.name);
  const ahead = await scanAhead(store, types, stored.position);
  if (ahead.behind > 0 && !stored.failure) await catchUp(store, live, projection, ahead.head, options.waitMs ?? CATCH_UP_WAIT_MS);
  const { checkpoint, failure, liveRows } = await readLive(live, projection);
  // The live projection may have moved past the head seen at first: then the rebuild goes as far.
  const head = checkpoint > ahead.head ? checkpoint : ahead.head;
  const behind = (await scanAhead(store, types, checkpoint, head)).behind;

  const rebuilt = await replay(store, projection, scratch, head, options.onProgress);
  const differences: ProjectionDifference[] = [];
  let rowsCompared = 0;
  for (const entity of projection.entities) {
    const metadata = scratch.getMetadata(entity);
    const expected = keyed(metadata, await scratch.manager.find(entity));
    const current = liveRows.get(metadata.tableName)!;
    rowsCompared += new Set([...expected.keys(), ...current.keys()]).size;
    for (const [key, row] of expected) {
      const other = current.get(key);
      if (!other) differences.push({ table: metadata.tableName, key: row.key, problem: 'missing' });
      else if (other.canonical !== row.canonical) {
        const columns = Object.keys(row.values).filter((c) => canonicalJson(row.values[c] ?? null) !== canonicalJson(other.values[c] ?? null));
        differences.push({ table: metadata.tableName, key: row.key, problem: 'differs', columns });
      }
    }
    for (const [key, row] of current) if (!expected.has(key)) differences.push({ table: metadata.tableName, key: row.key, problem: 'extra' });
  }
  return {
    projection: projection.name,
    head,
    checkpoint,
    behind,
    failure,
    rebuildFailure: rebuilt.failure,
    eventsReplayed: rebuilt.replayed,
    rowsCompared,
    consistent: differences.length === 0 && behind === 0 && !failure && !rebuilt.failure,
    differenceCount: differences.length,
    differences: differences.slice(0, 100),
  };
}

/**
 * Replays the log up to `head` into the scratch read model, as the runner does: a batch that fails
 * is applied again one event at a time, to name the event; the replay stops there.
 */
async function replay(
  store: EventStore,
  projection: Projection,
  scratch: DataSource,
  head: LogPosition,
  onProgress?: (replayed: number) => void,
): Promise<{ replayed: number; failure: ProjectionConsistencyReport['rebuildFailure'] }> {
  let after: LogPosition = START;
  let replayed = 0;
  while (head !== START && after < head) {
    const page = await readLogPage(store, { ...(after ? { after } : {}), limit: 2000 }, projection.eventTypes);
    if (page.scannedTo === undefined) break;
    const events = page.events.filter((e) => e.position <= head);
    try {
      if (events.length > 0) await scratch.transaction((manager) => projection.apply(events, manager));
    } catch {
      for (const event of events) {
        try {
          await scratch.transaction((manager) => projection.apply([event], manager));
        } catch (error) {
          return { replayed, failure: { event: { id: event.id, position: event.position, type: event.type }, error: describeError(error) } };
        }
      }
    }
    replayed += page.scanned;
    onProgress?.(replayed);
    after = page.scannedTo;
  }
  return { replayed, failure: null };
}

/** The head of the log (or `upTo`), and how many events of the projection's types lie after `after` up to it. */
function scanAhead(store: EventStore, types: readonly string[] | undefined, after: LogPosition, upTo?: LogPosition): Promise<{ head: LogPosition; behind: number }> {
  return scanLog(rawEventStore(store), types, after, { upTo });
}

/** Waits (polling the stored checkpoint) until the live projection has nothing of its types left before `head`, fails, or `waitMs` passes. */
async function catchUp(store: EventStore, live: DataSource, projection: Projection, head: LogPosition, waitMs: number): Promise<void> {
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    const stored = await storedCheckpoint(live, projection.name);
    if (stored.failure || (await scanAhead(store, projection.eventTypes, stored.position, head)).behind === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function storedCheckpoint(live: DataSource, name: string): Promise<{ position: LogPosition; failure: ProjectionFailure | null }> {
  const row = await live.getRepository(ProjectionCheckpointEntity).findOneBy({ name });
  return { position: row?.position ?? START, failure: row?.failure ?? null };
}

type KeyedRows = Map<string, { key: Record<string, unknown>; values: Record<string, unknown>; canonical: string }>;

async function readLive(live: DataSource, projection: Projection): Promise<{ checkpoint: LogPosition; failure: ProjectionFailure | null; liveRows: Map<string, KeyedRows> }> {
  const read = async (manager: EntityManager) => {
    const row = await manager.findOneBy(ProjectionCheckpointEntity, { name: projection.name });
    const liveRows = new Map<string, KeyedRows>();
    for (const entity of projection.entities) {
      const metadata = live.getMetadata(entity);
      liveRows.set(metadata.tableName, keyed(metadata, await manager.find(entity)));
    }
    return { checkpoint: row?.position ?? START, failure: row?.failure ?? null, liveRows };
  };
  // One snapshot: the rows exactly as of the checkpoint stored with them.
  return live.options.type === 'postgres' ? live.transaction('REPEATABLE READ', read) : live.transaction(read);
}

function keyed(metadata: EntityMetadata, rows: object[]): KeyedRows {
  const result: KeyedRows = new Map();
  for (const row of rows) {
    const values = Object.fromEntries(metadata.columns.map((c) => [c.propertyName, plain(c.getEntityValue(row))]));
    const key = Object.fromEntries(metadata.primaryColumns.map((c) => [c.propertyName, values[c.propertyName]]));
    result.set(canonicalJson(key), { key, values, canonical: canonicalJson(values) });
  }
  return result;
}

/** Values as JSON, so the same row reads the same from PostgreSQL and SQLite drivers. */
function plain(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, plain(v)]));
  return value;
}

/**
 * A throw-away read-model database like the live one: a temporary SQLite file, or a scratch
 * schema in the read-model PostgreSQL database. `drop()` removes it.
 */
export async function openScratchReadModel(settings: ReadModelSettings, entities: Function[]): Promise<{ dataSource: DataSource; drop(): Promise<void> }> {
  if (settings.READ_MODEL_DB === 'sqlite') {
    const file = join(tmpdir(), `safeguard-projection-check-${randomUUID()}.sqlite`);
    const dataSource = await new DataSource({ type: 'better-sqlite3', database: file, entities, synchronize: true }).initialize();
    return {
      dataSource,
      drop: async () => {
        await dataSource.destroy();
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  const schema = `audit_scratch_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = await new DataSource({ type: 'postgres', url: settings.READ_MODEL_POSTGRES_URL }).initialize();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const dataSource = await new DataSource({
    type: 'postgres',
    url: settings.READ_MODEL_POSTGRES_URL,
    schema,
    entities,
    synchronize: true,
    extra: { options: `-c search_path=${schema}` },
  }).initialize();
  return {
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.destroy();
    },
  };
}

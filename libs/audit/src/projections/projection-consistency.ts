import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager, EntityMetadata } from 'typeorm';
import { EventStore, LogPosition, Projection, ProjectionCheckpointEntity, ReadModelSettings, START, canonicalJson } from '@app/event-store';

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
  /** The live projection's checkpoint: the rebuild replayed the log up to exactly here. */
  checkpoint: LogPosition;
  eventsReplayed: number;
  rowsCompared: number;
  consistent: boolean;
  differenceCount: number;
  /** The first 100 differences. */
  differences: ProjectionDifference[];
}

/**
 * Rebuilds one projection from the events into a scratch database and compares it row by row
 * with the live read model (DESIGN.md: "rebuilding a projection from scratch gives exactly the
 * state that the live projection holds"). The live rows and checkpoint are read in one
 * transaction, and the rebuild replays the log up to that very checkpoint, so a projection that
 * keeps running meanwhile does not cause false alarms.
 */
export async function compareProjection(options: {
  store: EventStore;
  projection: Projection;
  live: DataSource;
  scratch: DataSource;
  onProgress?: (replayed: number) => void;
}): Promise<ProjectionConsistencyReport> {
  const { store, projection, live, scratch } = options;
  const { checkpoint, liveRows } = await readLive(live, projection);
  const types = projection.eventTypes ? new Set(projection.eventTypes) : undefined;
  let after: LogPosition = START;
  let replayed = 0;
  while (checkpoint !== START) {
    const batch = (await store.readAll({ after, limit: 5000 })).filter((e) => e.position <= checkpoint);
    if (batch.length === 0) break;
    const relevant = types ? batch.filter((e) => types.has(e.type)) : batch;
    if (relevant.length > 0) await scratch.transaction((manager) => projection.apply(relevant, manager));
    replayed += batch.length;
    options.onProgress?.(replayed);
    after = batch[batch.length - 1].position;
    if (after >= checkpoint) break;
  }
  const differences: ProjectionDifference[] = [];
  let rowsCompared = 0;
  for (const entity of projection.entities) {
    const metadata = scratch.getMetadata(entity);
    const rebuilt = keyed(metadata, await scratch.manager.find(entity));
    const current = liveRows.get(metadata.tableName)!;
    rowsCompared += new Set([...rebuilt.keys(), ...current.keys()]).size;
    for (const [key, row] of rebuilt) {
      const other = current.get(key);
      if (!other) differences.push({ table: metadata.tableName, key: row.key, problem: 'missing' });
      else if (other.canonical !== row.canonical) {
        const columns = Object.keys(row.values).filter((c) => canonicalJson(row.values[c] ?? null) !== canonicalJson(other.values[c] ?? null));
        differences.push({ table: metadata.tableName, key: row.key, problem: 'differs', columns });
      }
    }
    for (const [key, row] of current) if (!rebuilt.has(key)) differences.push({ table: metadata.tableName, key: row.key, problem: 'extra' });
  }
  return {
    projection: projection.name,
    checkpoint,
    eventsReplayed: replayed,
    rowsCompared,
    consistent: differences.length === 0,
    differenceCount: differences.length,
    differences: differences.slice(0, 100),
  };
}

type KeyedRows = Map<string, { key: Record<string, unknown>; values: Record<string, unknown>; canonical: string }>;

async function readLive(live: DataSource, projection: Projection): Promise<{ checkpoint: LogPosition; liveRows: Map<string, KeyedRows> }> {
  const read = async (manager: EntityManager) => {
    const row = await manager.findOneBy(ProjectionCheckpointEntity, { name: projection.name });
    const liveRows = new Map<string, KeyedRows>();
    for (const entity of projection.entities) {
      const metadata = live.getMetadata(entity);
      liveRows.set(metadata.tableName, keyed(metadata, await manager.find(entity)));
    }
    return { checkpoint: row?.position ?? START, liveRows };
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

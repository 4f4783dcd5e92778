/**
 * The problem profile (issue 14) at the size of a busy board's log: rebuilding the
 * `analysis-profile` projection over a log of 1,000,000 events, and answering a profile over two
 * years, each beside a baseline measured in the same run on the same databases.
 *
 * The log is written straight through the event store adapter, a case at a time: its referrals,
 * risk assessments, flags and SEMRAC listing on `case-<id>`, each missing episode on its own
 * stream, and the reads of the case on `access-case-<id>` and `access-list-*` (about seven events
 * in ten are access records, as on the platform, where every read is recorded). Referral dates
 * and every other event time are spread over the 24 whole months before the current one. A
 * sample of every kind of event is checked against its context's schema before the fill.
 *
 * - Rebuild: `ProjectionRunner.rebuild()` of the profile into a fresh read-model database (the
 *   platform's pragmas on SQLite). Baseline: the same runner rebuilding a trivial projection
 *   that reads the same event types and counts them by type (one row a type), so the ratio is
 *   the profile's own cost over reading the log. Rate = events of the log covered per second.
 * - Query: the query behind `GET /analysis/profile?from=…&to=…` (ProfileQuery.profile: the
 *   period and the previous one, summed, suppressed), called directly over the two years, p50
 *   and p95 of --runs calls. Baselines: the same query over one month, and the plain SELECT of
 *   the rows it sums (the two years and the two before them).
 *
 *   npm run bench:profile                                  # 1,000,000 events, SQLite and PostgreSQL
 *   npm run bench:profile -- --events 200000 --only sqlite
 *
 * Flags (environment variable in brackets):
 *   --events N    events in the log [BENCH_EVENTS], default 1,000,000
 *   --only NAME   sqlite | postgres [BENCH_ONLY]
 *   --runs N      query calls timed per row [BENCH_RUNS], default 50
 *   --batch N     events of the log per rebuild read and transaction [BENCH_REBUILD_BATCH], default each projection's own
 *
 * Progress goes to stderr, the table to stdout. Targets: rebuild ≥ 30,000 events/s, query ≤ 200 ms (p95).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { Between, Column, DataSource, DataSourceOptions, Entity, EntityManager, In, PrimaryColumn } from 'typeorm';
import { checkEvents } from '@app/common/domain';
import {
  AGENCY_KIND_CODES,
  CASE_FLAG_CODES,
  EXPLOITATION_MODEL_CODES,
  MISSING_FROM_CODES,
  SEMRAC_RULE_CODES,
  SIGN_CODES,
  VULNERABILITY_CODES,
  caseStreamId,
  caseViewEventSchemas,
  missingEpisodeStreamId,
} from '@app/cases';
import { accessStreamId, listAccessStreamId } from '@app/access';
import { ProfileCountEntity, ProfileProjection, addMonths, withAnalysisSettings } from '@app/analysis';
import {
  EventStore,
  JsonObject,
  NewEvent,
  PostgresEventStore,
  Projection,
  ProjectionCheckpointEntity,
  ProjectionRunner,
  ProjectionsService,
  REBUILD_BATCH_SIZE,
  RecordedEvent,
  SqliteEventStore,
  inChunks,
  upsertRows,
} from '@app/event-store';
import { scratchPostgres, scratchSqlite } from '@app/event-store-testing';
import { accessEventSchemas } from '../libs/access/src/recording/access.schemas';
import { ProfileQuery } from '../libs/analysis/src/profile/profile.query';
import { printTable, runBench } from './table';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

type Backend = 'sqlite' | 'postgres';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
};
const positive = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`--${name} must be a positive whole number, not ${value}`);
  return n;
};
const EVENTS = positive(arg('events') ?? process.env.BENCH_EVENTS, 1_000_000, 'events');
const RUNS = positive(arg('runs') ?? process.env.BENCH_RUNS, 50, 'runs');
/** Unset: each projection's own (`rebuildBatchSize`, else REBUILD_BATCH_SIZE), as `npm run projections -- rebuild` does. */
const BATCH_GIVEN = arg('batch') ?? process.env.BENCH_REBUILD_BATCH;
const BATCH = BATCH_GIVEN === undefined ? undefined : positive(BATCH_GIVEN, REBUILD_BATCH_SIZE, 'batch');
const ONLY = arg('only') ?? process.env.BENCH_ONLY;
if (ONLY !== undefined && ONLY !== 'sqlite' && ONLY !== 'postgres') throw new RangeError(`--only takes sqlite or postgres, not ${ONLY}`);
const BACKENDS: Backend[] = ONLY ? [ONLY] : ['sqlite', 'postgres'];

const REBUILD_TARGET = 30_000;
const QUERY_TARGET_MS = 200;
/** Concurrent writers while filling: SQLite takes them in turn, PostgreSQL in parallel. */
const WRITERS = 4;

const progress = (line: string) => process.stderr.write(`[profile ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const fmtRate = (n: number) => Math.round(n).toLocaleString('en-GB');
const fmtMs = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

// ---------------------------------------------------------------------------------------------
// The log: cases with their casework, missing episodes and reads, over two years
// ---------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The 24 whole months before the current one: what the profile is asked for. */
const THIS_MONTH = new Date().toISOString().slice(0, 7);
const PERIOD = { from: addMonths(THIS_MONTH, -24), to: addMonths(THIS_MONTH, -1) };
const SPAN_START = Date.parse(`${PERIOD.from}-01T00:00:00.000Z`);
const SPAN_END = Date.parse(`${THIS_MONTH}-01T00:00:00.000Z`) - HOUR;

/** A small seeded generator (mulberry32): the same mix of cases on every run and backend (ids are fresh). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Amelia', 'Oliver', 'Isla', 'Noah', 'Ava', 'Leo', 'Mia', 'Jack', 'Zofia', 'Adebayo', 'Chloé', 'Kacper'];
const LAST = ['Fictional', 'Testperson', 'Sample', 'Example', 'Placeholder', 'Madeup'];
// Free text as practitioners type it: census categories, aliases, blanks and words no list holds.
const ETHNICITY = ['White British', 'English', 'Irish', 'Pakistani', 'Bangladeshi', 'Indian', 'Black Caribbean', 'African', 'White and Black Caribbean', 'Mixed race', 'Roma', 'Arab', 'Other White', 'not known', '', 'Polish'];
const AREAS = ['North', 'South', 'East', 'West', 'Central', 'Riverside'];
const SCHOOLS = ['St Anne Academy', 'Hill Top School', 'Riverside College', 'Park Primary', 'Oak Lane Academy'];
const NARRATIVE =
  'Seen being collected from school by an older male in a grey hatchback; new phone and clothes that cannot be explained. ' +
  'Three unexplained absences this term and contact with older peers outside the gates.';
const ROLES_READING = [['practitioner'], ['practitioner', 'semrac-member'], ['semrac-chair'], ['intelligence-officer']];

interface Append {
  stream: string;
  events: NewEvent[];
}

/** An event as written below: shaped by its schema (checked in checkSample), typed loosely here. */
interface Draft {
  type: string;
  data: object;
}

const iso = (ms: number) => new Date(Math.min(ms, SPAN_END)).toISOString();

/** One case: its casework, its missing episodes and the reads of it, as one append per stream. */
function aCase(r: () => number): Append[] {
  const any = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
  const some = <T>(list: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(r() * max) }, () => any(list)))];
  const caseId = randomUUID();
  const opened = SPAN_START + r() * (SPAN_END - SPAN_START - 30 * DAY);
  const agencyKind = any(AGENCY_KIND_CODES);
  const child = {
    firstName: any(FIRST),
    lastName: any(LAST),
    ...(r() < 0.85 ? { dateOfBirth: iso(opened - (8 + r() * 11) * 365.25 * DAY).slice(0, 10) } : { approximateAge: 11 + Math.floor(r() * 7) }),
    gender: r() < 0.62 ? 'female' : r() < 0.92 ? 'male' : any(['non-binary', 'not-known']),
    ...(r() < 0.9 ? { ethnicity: any(ETHNICITY) } : {}),
    area: any(AREAS),
    school: any(SCHOOLS),
    lookedAfter: r() < 0.2,
    careLeaver: r() < 0.05,
    migrantOrUnaccompanied: r() < 0.04,
  };
  const casework: Draft[] = [];
  const referrals = r() < 0.3 ? 2 : 1;
  for (let i = 0; i < referrals; i++) {
    casework.push({
      type: 'ReferralReceived',
      data: {
        referralId: randomUUID(),
        caseId,
        opensCase: i === 0,
        referringAgency: { id: `${agencyKind}-${1 + Math.floor(r() * 6)}`, kind: i === 0 ? agencyKind : any(AGENCY_KIND_CODES), name: 'Referring service' },
        referrer: { name: 'Sam Referrer', role: 'Designated safeguarding lead' },
        child,
        vulnerabilities: some(VULNERABILITY_CODES, 3),
        signs: some(SIGN_CODES, 4),
        suspectedModel: any(EXPLOITATION_MODEL_CODES),
        narrative: NARRATIVE,
        immediateDanger: r() < 0.05,
        referredAt: iso(opened + i * r() * 60 * DAY),
      },
    });
  }
  const assessments = 1 + Math.floor(r() * 3);
  let lastAssessment = '';
  for (let i = 0; i < assessments; i++) {
    const assessedAt = iso(opened + (2 + i * 40 + r() * 20) * DAY);
    const band = any(['none', 'mild', 'moderate', 'significant']);
    const signs = some(SIGN_CODES, 3).map((code) => ({ code, severity: any(['moderate', 'significant']), lastObserved: assessedAt.slice(0, 10) }));
    lastAssessment = randomUUID();
    casework.push({
      type: 'RiskAssessed',
      data: {
        caseId,
        assessmentId: lastAssessment,
        assessedAt,
        assessor: { name: 'Alex Assessor', role: 'Social worker', agencyId: 'csc-1', agencyName: "Children's social care" },
        scheme: { name: 'CSE screening', version: '2' },
        vulnerabilities: some(VULNERABILITY_CODES, 3),
        signs,
        disclosure: false,
        score: Math.floor(r() * 40),
        band,
        reasons: [{ rule: 'score', band, effect: 'sets', explanation: 'Score within the band' }],
        breakdown: { vulnerabilities: [], signs: signs.map((s) => ({ ...s, recency: 'recent', points: 3 })), total: 3 * signs.length },
        nextReviewDue: iso(Date.parse(assessedAt) + 90 * DAY).slice(0, 10),
        summary: 'Reviewed at the multi-agency meeting.',
      },
    });
  }
  if (r() < 0.5) casework.push({ type: 'CaseFlagSet', data: { caseId, flag: any(CASE_FLAG_CODES) } });
  if (r() < 0.15) {
    casework.push({
      type: 'ListedForSemrac',
      data: { caseId, rule: any(SEMRAC_RULE_CODES), detail: { summary: 'Listed by the platform' }, triggeredBy: lastAssessment, listedAt: iso(opened + 45 * DAY) },
    });
  }
  const drafts: { stream: string; events: Draft[] }[] = [{ stream: caseStreamId(caseId), events: casework }];

  const episodes = r() < 0.5 ? 0 : r() < 0.5 ? 1 : 2 + Math.floor(r() * 3);
  for (let e = 0; e < episodes; e++) {
    const episodeId = randomUUID();
    const lastSeen = opened + (5 + r() * 300) * DAY;
    const reported = lastSeen + r() * 6 * HOUR;
    const events: Draft[] = [
      {
        type: 'MissingEpisodeReported',
        data: {
          caseId,
          episodeId,
          missingFrom: any(MISSING_FROM_CODES),
          lastSeenAt: iso(lastSeen),
          policeCategory: 'missing',
          riskLevel: any(['low', 'medium', 'high']),
          concerning: r() < 0.3,
          pushFactors: ['Conflict at placement'],
          pullFactors: ['Older associates'],
          reportedAt: iso(reported),
        },
      },
    ];
    if (r() < 0.9) {
      const returned = reported + (r() < 0.6 ? r() * 24 : r() * 120) * HOUR;
      events.push({ type: 'ChildReturned', data: { caseId, episodeId, returnedAt: iso(returned), whereFound: 'Town centre', interviewDueAt: iso(returned + 72 * HOUR) } });
      if (r() < 0.75) {
        events.push({
          type: 'ReturnInterviewHeld',
          data: { caseId, episodeId, heldAt: iso(returned + r() * 120 * HOUR), heldBy: { name: 'Jo Worker', agencyId: 'vol-1' }, where: 'Home', learned: 'Spoke about where they had been.' },
        });
      } else {
        events.push({
          type: 'ReturnInterviewNotHeld',
          data: { caseId, episodeId, reason: 'Declined', attempts: [{ at: iso(returned + 24 * HOUR), by: 'Jo Worker', outcome: 'declined' }], recordedAt: iso(returned + 80 * HOUR) },
        });
      }
    }
    drafts.push({ stream: missingEpisodeStreamId(episodeId), events });
  }

  // Reads: about 2.3 access records for each casework event, over the case's life.
  const caseworkEvents = drafts.reduce((n, a) => n + a.events.length, 0);
  const reads = Math.max(1, Math.round(caseworkEvents * 2.3 * (0.5 + r())));
  const actor = () => ({ actor: { userId: `user-${Math.floor(r() * 300)}`, agencyId: `${any(AGENCY_KIND_CODES)}-1` } });
  const access: Draft[] = Array.from({ length: reads }, (): Draft => {
    const at = iso(opened + r() * 400 * DAY);
    const roles = any(ROLES_READING);
    return r() < 0.02
      ? { type: 'AccessDenied', data: { kind: 'case', recordId: caseId, action: 'read', purpose: 'casework', reason: 'no agency on the case', breakGlassPossible: true, roles, attemptedAt: at } }
      : { type: 'RecordAccessed', data: { kind: 'case', recordId: caseId, action: r() < 0.85 ? 'read' : 'write', purpose: 'casework', ground: 'agency on the case', roles, breakGlass: false, accessedAt: at } };
  });
  drafts.push({ stream: accessStreamId('case', caseId), events: access });
  const list = any(['cases', 'semrac-agenda', 'missing-episodes']);
  drafts.push({
    stream: listAccessStreamId(list),
    events: [{ type: 'ListAccessed', data: { list, purpose: 'casework', filters: { page: 1, open: true }, shown: [{ kind: 'case', ids: [caseId] }], roles: ['practitioner'], accessedAt: iso(opened + DAY) } }],
  });
  return drafts.map(({ stream, events }) => ({
    stream,
    events: events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data as JsonObject, metadata: actor() })),
  }));
}

/** Checks a sample of every kind of event against its context's schema before anything is written. */
function checkSample(): void {
  const r = seeded(7);
  const events = Array.from({ length: 200 }, () => aCase(r)).flatMap((appends) => appends.flatMap((a) => a.events));
  const types = new Set(events.map((e) => e.type));
  checkEvents(caseViewEventSchemas, events.filter((e) => e.type in caseViewEventSchemas));
  checkEvents(accessEventSchemas, events.filter((e) => e.type in accessEventSchemas));
  const unchecked = [...types].filter((t) => !(t in caseViewEventSchemas) && !(t in accessEventSchemas));
  if (unchecked.length > 0) throw new Error(`no schema for ${unchecked.join(', ')}`);
  progress(`sample of ${events.length} events (${[...types].join(', ')}) valid against the schemas`);
}

interface Filled {
  events: number;
  referrals: number;
  seconds: number;
  byType: Map<string, number>;
}

/** Appends cases until the log holds `size` events (it ends at a case's end, a few events over). */
async function fill(store: EventStore, size: number): Promise<Filled> {
  const r = seeded(2026);
  const byType = new Map<string, number>();
  let written = 0;
  let planned = 0;
  let lastReport = performance.now();
  const lists = new Map<string, NewEvent[]>();
  const flush = async (stream: string): Promise<number> => {
    const events = lists.get(stream) ?? [];
    lists.delete(stream);
    if (events.length > 0) await store.append(stream, events, { expectedRevision: 'any' });
    return events.length;
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (planned < size) {
        const appends = aCase(r);
        for (const a of appends) for (const e of a.events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
        planned += appends.reduce((n, a) => n + a.events.length, 0);
        for (const a of appends) {
          if (a.stream.startsWith('access-list-')) {
            // Lists are shown all day long: their records go out a page of cases at a time.
            const held = lists.get(a.stream) ?? [];
            held.push(...a.events);
            lists.set(a.stream, held);
            // Not `written += await ...`: that reads `written` before the await and loses updates.
            if (held.length >= 200) {
              const flushed = await flush(a.stream);
              written += flushed;
            }
          } else {
            await store.append(a.stream, a.events, { expectedRevision: 'no-stream' });
            written += a.events.length;
          }
        }
        if (performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          progress(`${store.kind}: filled ${fmtRate(written)}/${fmtRate(size)} events (${fmtRate(written / ((lastReport - started) / 1000))}/s)`);
        }
      }
    }),
  );
  for (const stream of [...lists.keys()]) {
    const flushed = await flush(stream);
    written += flushed;
  }
  const seconds = (performance.now() - started) / 1000;
  progress(`${store.kind}: filled ${fmtRate(written)} events in ${seconds.toFixed(1)}s: ${[...byType].map(([t, n]) => `${t} ${fmtRate(n)}`).join(', ')}`);
  return { events: written, referrals: byType.get('ReferralReceived') ?? 0, seconds, byType };
}

// ---------------------------------------------------------------------------------------------
// The baseline projection: the profile's event types, counted by type
// ---------------------------------------------------------------------------------------------

@Entity({ name: 'bench_type_count' })
class TypeCountEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'integer', default: 0 })
  count: number;
}

/** Reads what the profile reads, keeps one row a type: the runner's and the log's cost alone. */
class CountByTypeProjection implements Projection {
  readonly name = 'bench-count-by-type';
  readonly version = 1;
  readonly entities = [TypeCountEntity];
  readonly eventTypes = new ProfileProjection().eventTypes;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const delta = new Map<string, number>();
    for (const e of events) delta.set(e.type, (delta.get(e.type) ?? 0) + 1);
    const current = new Map<string, number>();
    for (const chunk of inChunks([...delta.keys()])) {
      for (const row of await manager.findBy(TypeCountEntity, { type: In(chunk) })) current.set(row.type, row.count);
    }
    await upsertRows(manager, TypeCountEntity, [...delta].map(([type, n]) => ({ type, count: (current.get(type) ?? 0) + n })), ['type']);
  }
}

// ---------------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------------

interface Databases {
  store: EventStore;
  /** A read-model database with the profile's tables, the baseline's and the checkpoints. */
  readModels: DataSource;
  close(): Promise<void>;
}

async function open(backend: Backend): Promise<Databases> {
  const profile = new ProfileProjection();
  const entities = [...profile.entities, TypeCountEntity, ProjectionCheckpointEntity] as DataSourceOptions['entities'];
  if (backend === 'sqlite') {
    const db = scratchSqlite();
    const store = await SqliteEventStore.create({ dataSource: await db.dataSource('events.sqlite') });
    // The platform's read-model pragmas (readModelDataSourceOptions).
    const readModels = await db.dataSource('read-models.sqlite', {
      entities,
      synchronize: true,
      prepareDatabase: (handle: { pragma(source: string): unknown }) => {
        handle.pragma('journal_mode = WAL');
        handle.pragma('busy_timeout = 5000');
      },
    } as Partial<DataSourceOptions>);
    return { store, readModels, close: async () => (await store.close(), await readModels.destroy(), await db.drop()) };
  }
  const events = await scratchPostgres();
  const models = await scratchPostgres();
  const store = await PostgresEventStore.create({ dataSource: await events.dataSource(), schema: events.schema });
  const readModels = await models.dataSource({ entities, synchronize: true });
  return { store, readModels, close: async () => (await store.close(), await readModels.destroy(), await events.drop(), await models.drop()) };
}

// ---------------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------------

interface Rebuilt {
  seconds: number;
  covered: number;
  eventsPerSecond: number;
}

async function rebuild(db: Databases, projection: Projection, covered: number): Promise<Rebuilt> {
  const runner = new ProjectionRunner(db.store, db.readModels, projection);
  let lastReport = performance.now();
  const started = performance.now();
  await runner.rebuild(({ handled, total }) => {
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      progress(`${db.store.kind} rebuild ${projection.name}: ${fmtRate(handled)}/${fmtRate(total)} events`);
    }
  }, BATCH);
  const seconds = (performance.now() - started) / 1000;
  progress(`${db.store.kind} rebuild ${projection.name}: ${fmtRate(covered)} events in ${seconds.toFixed(1)}s, ${fmtRate(covered / seconds)} events/s`);
  return { seconds, covered, eventsPerSecond: covered / seconds };
}

interface Timed {
  p50: number;
  p95: number;
}

async function timeCalls(label: string, call: () => Promise<unknown>): Promise<Timed> {
  for (let i = 0; i < 3; i++) await call();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)];
  progress(`${label}: p50 ${fmtMs(at(50))} ms, p95 ${fmtMs(at(95))} ms over ${RUNS} calls`);
  return { p50: at(50), p95: at(95) };
}

async function measure(backend: Backend): Promise<string[][]> {
  progress(`${backend}: fresh scratch databases`);
  const db = await open(backend);
  try {
    const filled = await fill(db.store, EVENTS);
    const profile = new ProfileProjection();
    const applied = [...filled.byType].filter(([type]) => profile.eventTypes.includes(type)).reduce((n, [, count]) => n + count, 0);

    // Baseline first, the profile last: its tables are what the query then reads.
    const baseline = await rebuild(db, new CountByTypeProjection(), filled.events);
    const ours = await rebuild(db, profile, filled.events);

    const counts = db.readModels.getRepository(ProfileCountEntity);
    const referralsCounted = (await counts.find({ where: { measure: 'referrals.count', segment: 'all', month: Between(PERIOD.from, PERIOD.to) } })).reduce((n, row) => n + row.count, 0);
    if (referralsCounted !== filled.referrals) throw new Error(`the profile counts ${referralsCounted} referrals over the period, the log holds ${filled.referrals}`);
    progress(`${backend}: the profile counts all ${fmtRate(referralsCounted)} referrals of the log; ${await counts.count()} count rows`);

    // The query service behind GET /analysis/profile (ProjectionsService is only asked with X-Consistent-With).
    const projections = new ProjectionsService(new DiscoveryService(new ModulesContainer()), db.store, db.readModels, { run: false });
    const query = new ProfileQuery(counts, new (withAnalysisSettings(class {}))(), projections);
    const twoYears = await timeCalls(`${backend} profile ${PERIOD.from}..${PERIOD.to}`, () => query.profile(PERIOD));
    const lastMonth = { from: PERIOD.to, to: PERIOD.to };
    const oneMonth = await timeCalls(`${backend} profile ${PERIOD.to} (baseline)`, () => query.profile(lastMonth));
    const fourYears = { from: addMonths(PERIOD.from, -24), to: PERIOD.to };
    const plain = await timeCalls(`${backend} plain SELECT of the rows (baseline)`, () => counts.find({ where: { month: Between(fourYears.from, fourYears.to) } }));

    const rebuildRow = [
      backend,
      `rebuild analysis-profile (${fmtRate(filled.events)} events, ${fmtRate(applied)} applied)`,
      `${fmtRate(ours.eventsPerSecond)} ev/s (${ours.seconds.toFixed(1)} s)`,
      `count by type: ${fmtRate(baseline.eventsPerSecond)} ev/s (${baseline.seconds.toFixed(1)} s)`,
      `${(ours.eventsPerSecond / baseline.eventsPerSecond).toFixed(2)}×`,
      `≥ ${fmtRate(REBUILD_TARGET)} ev/s`,
      ours.eventsPerSecond >= REBUILD_TARGET ? 'ok' : 'MISS',
    ];
    const queryRow = (label: string, base: Timed) => [
      backend,
      `profile ${PERIOD.from}..${PERIOD.to} p50 / p95`,
      `${fmtMs(twoYears.p50)} / ${fmtMs(twoYears.p95)} ms`,
      `${label}: ${fmtMs(base.p50)} / ${fmtMs(base.p95)} ms`,
      `${(twoYears.p50 / base.p50).toFixed(2)}×`,
      `≤ ${QUERY_TARGET_MS} ms (p95)`,
      twoYears.p95 <= QUERY_TARGET_MS ? 'ok' : 'MISS',
    ];
    progress(`${backend}: fill took ${filled.seconds.toFixed(0)}s (${fmtRate(filled.events / filled.seconds)} events/s, not a target)`);
    return [rebuildRow, queryRow(`same query, one month`, oneMonth), queryRow(`plain SELECT of its 48 months`, plain)];
  } finally {
    await db.close();
    progress(`${backend}: scratch databases dropped`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  progress(`options: ${fmtRate(EVENTS)} events, ${BACKENDS.join(' and ')}, rebuild batch ${BATCH ?? `each projection's own (analysis-profile ${new ProfileProjection().rebuildBatchSize}, others ${REBUILD_BATCH_SIZE})`}, ${RUNS} query calls; period ${PERIOD.from}..${PERIOD.to}`);
  checkSample();
  const rows: string[][] = [];
  for (const backend of BACKENDS) rows.push(...(await measure(backend)));
  process.stdout.write('\n');
  printTable(
    `Problem profile (issue 14): rebuild over ${fmtRate(EVENTS)} events (events of the log per second) and the profile query (ms), each beside a baseline of the same run; ratio = ours / baseline`,
    ['store', 'measure', 'ours', 'baseline', 'ratio', 'target', ''],
    rows,
  );
  progress(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
}

runBench(main);

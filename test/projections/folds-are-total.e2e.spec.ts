import request from 'supertest';
import type { ZodType } from 'zod';
import { streamDefinitions } from '@app/common';
import { SampleOptions, maximalSample, minimalSample, sampleId, widestChoice } from '@app/common-testing';
import { DiscoveryService } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { EventMetadata, JsonObject, LogPosition, Projection, ProjectionsService, ReadModelProjection, RecordedEvent, START } from '@app/event-store';
import { startPlatform, TestPlatform } from '../support/platform-app';

interface Variant {
  name: string;
  sample: (schema: ZodType, options: SampleOptions) => unknown;
  options: SampleOptions;
  /** Leave out the opening event: the other events name records no read model has. */
  orphans?: boolean;
}

/**
 * The least and the most each schema allows, each on records of its own; then each on the other's
 * records (a row opened by the least an opening event may say, changed by the most every other
 * event may say, and the reverse); events for records never opened; and one maximal stream per
 * option of the widest enum, literal or union, so that every option of each is folded once.
 */
function variantsFor(widest: number): Variant[] {
  return [
    { name: 'minimal', sample: minimalSample, options: { seed: 'min' } },
    { name: 'maximal', sample: maximalSample, options: { seed: 'max' } },
    { name: 'maximal on minimal records', sample: maximalSample, options: { seed: 'min' } },
    { name: 'minimal on maximal records', sample: minimalSample, options: { seed: 'max' } },
    { name: 'minimal, never opened', sample: minimalSample, options: { seed: 'orphan-min' }, orphans: true },
    { name: 'maximal, never opened', sample: maximalSample, options: { seed: 'orphan-max' }, orphans: true },
    // What a schema that asks for no date format lets through as a date.
    { name: 'minimal, plain dates', sample: minimalSample, options: { seed: 'plain-min', plainDates: true } },
    { name: 'maximal, plain dates', sample: maximalSample, options: { seed: 'plain-max', plainDates: true } },
    ...Array.from({ length: widest }, (_, option) => ({ name: `option ${option}`, sample: maximalSample, options: { seed: `option-${option}`, option } })),
  ];
}

/**
 * Issue 12 item 1: every projection's fold is total over every event its types allow. For each
 * stream kind declared (`defineStream`), one stream of its opening event (the first type its
 * schemas declare) followed by every other event type, with the least and with the most that each
 * type's schema allows, written past the write path as a bad import or an old version would. Every
 * projection must apply them all (the SEMRAC listing's commands may be refused, never crash), live
 * and again when rebuilt from the first event, on both databases, and the platform stays ready.
 */
describe.each(['sqlite', 'postgres'] as const)('every projection folds every event its schemas allow (%s)', (database) => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform(database);
  });

  afterAll(() => platform.close());

  it('applies the least and the most of every event type of every stream kind, and stays ready', async () => {
    const definitions = streamDefinitions();
    const pairs = definitions.flatMap((d) => Object.keys(d.events).map((type) => `${d.kind}/${type}`));
    // Every context's streams are declared once the platform is up (cases, intelligence, sharing, retention, erasure).
    expect(definitions.map((d) => d.kind)).toEqual(expect.arrayContaining(['case', 'missing-episode', 'semrac-meeting', 'share', 'inbound-share', 'retention']));

    const widest = Math.max(...definitions.flatMap((d) => Object.values(d.events as Record<string, ZodType>).map(widestChoice)));
    const variants = variantsFor(widest);
    let written = 0;
    for (const variant of variants) {
      for (const definition of definitions) {
        const schemas = Object.entries(definition.events as Record<string, ZodType>);
        const id = streamIdOf(definition.kind, schemas, variant.options);
        // The first type a stream kind declares is the one that opens its streams.
        const events = schemas.slice(variant.orphans ? 1 : 0).map(([type, schema]) => {
          const data = variant.sample(schema, variant.options);
          // The generator's promise: a value its schema accepts (else this test proves nothing).
          schema.parse(data);
          return { type, data: data as JsonObject, metadata: metadataOf(variant) };
        });
        // Appended one at a time: a fold may be handed them in separate batches, as a live platform does.
        for (const event of events) await platform.store.append(definition.streamId(id), [event]);
        written += events.length;
      }
    }
    // eslint-disable-next-line no-console
    console.log(`Folds given ${pairs.length} (stream kind, event type) pairs in ${variants.length} variants (${written} events): ${pairs.join(', ')}`);
    // Cases, meetings, episodes, intelligence, persons of interest, notices, shares, refusals, retention, erasure.
    expect(pairs.length).toBeGreaterThanOrEqual(53);

    const projections = platform.app.get(ProjectionsService);
    await settle(platform, projections);
    const failing = projections.status().filter((s) => s.failing);
    expect(failing.map((s) => ({ projection: s.name, event: s.failure?.event, error: s.failure?.error }))).toEqual([]);
    expect(projections.status().length).toBeGreaterThanOrEqual(12);
    // And they did fold them: every read model holds rows.
    const empty = await emptyReadModels(platform);
    expect(empty).toEqual([]);
    await request(platform.app.getHttpServer()).get('/health/ready').expect(200);

    // Rebuilt from the first event, each projection is handed the whole log in large batches (several events for one row in one batch).
    for (const { name } of projections.status()) await projections.rebuild(name);
    await settle(platform, projections);
    expect(projections.status().filter((s) => s.failing).map((s) => ({ projection: s.name, error: s.failure?.error }))).toEqual([]);
    expect(await emptyReadModels(platform)).toEqual([]);
    await request(platform.app.getHttpServer()).get('/health/ready').expect(200);
    // The SEMRAC listing acted on what it read (its commands went through the case decider).
    const listings = (await logOf(platform)).filter((e) => e.type === 'ListedForSemrac' && e.metadata.actor.userId === 'system:semrac-listing');
    expect(listings.length).toBeGreaterThan(0);
    // 1,674 events through every projection twice (live and rebuilt): longer than most tests.
  }, 240_000);
});

/**
 * The id the stream is named by: the id key that every event of the kind carries (the one its
 * kind names where several do, `episodeId` for `missing-episode`), else the kind's own.
 */
function streamIdOf(kind: string, schemas: [string, ZodType][], options: SampleOptions): string {
  // A refined object is still an object in zod 4: its keys are its shape's.
  const keysOf = (schema: ZodType) => Object.keys((schema as unknown as { _zod: { def: { shape?: object } } })._zod.def.shape ?? {});
  const [first, ...others] = schemas.map(([, schema]) => keysOf(schema).filter((key) => /Id$/.test(key)));
  const common = (first ?? []).filter((key) => others.every((keys) => keys.includes(key)));
  const named = common.find((key) => kind.includes(key.slice(0, -2).toLowerCase())) ?? common[0];
  if (!named) return sampleId(kind, options);
  const guid = /^[0-9a-f]{8}-/.test(String((minimalSample(schemas[0][1], options) as Record<string, unknown>)[named]));
  return sampleId(named, options, guid);
}

function metadataOf(variant: Variant): EventMetadata {
  const actor = { userId: sampleId('userId', variant.options), agencyId: sampleId('agencyId', variant.options) };
  return variant.sample === minimalSample ? { actor } : { actor, reason: 'Imported from the previous system' };
}

/** The projections none of whose tables holds a row. */
async function emptyReadModels(platform: TestPlatform): Promise<string[]> {
  const dataSource = platform.app.get(DataSource);
  const empty: string[] = [];
  for (const wrapper of platform.app.get(DiscoveryService).getProviders({ metadataKey: ReadModelProjection.KEY })) {
    const projection = wrapper.instance as Projection;
    const counts = await Promise.all(projection.entities.map((entity) => dataSource.getRepository(entity).count()));
    if (counts.every((count) => count === 0)) empty.push(projection.name);
  }
  return empty;
}

/**
 * Waits until every projection has handled the whole log, including what the SEMRAC listing's
 * commands appended on the way, or until one is failing (it will not get further).
 */
async function settle(platform: TestPlatform, projections: ProjectionsService): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const head = await headOf(platform);
    if (projections.status().some((s) => s.failing)) return;
    try {
      await projections.waitFor(head, 1000);
    } catch {
      continue;
    }
    if ((await headOf(platform)) === head) return;
  }
  throw new Error('The projections did not reach the head of the log');
}

async function headOf(platform: TestPlatform): Promise<LogPosition> {
  const log = await logOf(platform);
  return log.length > 0 ? log[log.length - 1].position : START;
}

async function logOf(platform: TestPlatform): Promise<RecordedEvent[]> {
  const log: RecordedEvent[] = [];
  for (;;) {
    const page = await platform.store.readAll({ after: log.length > 0 ? log[log.length - 1].position : START, limit: 500 });
    if (page.length === 0) return log;
    log.push(...page);
  }
}

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { EventStore, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels, readWholeLog } from '@app/event-store-testing';
import { commandStreamsOn } from '../shared/command-streams.builders';
import { IntelligenceItemCommand } from '../intelligence-item/intelligence-item.decider';
import { IntelligenceItemEvent } from '../intelligence-item/intelligence-item.events';
import { intelligenceItemStream } from '../intelligence-item/intelligence-item.stream';
import { IntelligenceItemView, evolveIntelligenceItemView } from './intelligence-item-view';
import { INTELLIGENCE_REGISTER_ENTITIES, IntelligenceItemEntity, IntelligenceItemRefEntity } from './intelligence-register.entity';
import { IntelligenceRegisterProjection, toRow } from './intelligence-register.projection';

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const POIS = Array.from({ length: 5 }, () => randomUUID());
const partner: Actor = { userId: 'dsl-1', agencyId: 'bf-school', roles: ['referrer'] };
const officer: Actor = { userId: 'dc-1', agencyId: 'tvp', roles: ['intelligence-officer'] };

/** What an officer might do next with an item, sometimes out of order (refused commands write nothing). */
function nextCommand(): IntelligenceItemCommand {
  const grading = { source: pick([1, 2, 3] as const), assessment: pick(['A', 'B', 'C', 'D', 'E'] as const) };
  switch (pick(['grade', 'grade', 'regrade', 'sanitise', 'sanitise', 'disseminate', 'disseminate'])) {
    case 'grade':
      return { type: 'GradeIntelligence', data: pick([{ ...grading, handling: 'P' }, { ...grading, handling: 'C', conditions: 'Police only' }] as const) };
    case 'regrade':
      return { type: 'RegradeIntelligence', data: { ...grading, handling: 'P', reason: 'Reviewed' } };
    case 'sanitise':
      return { type: 'SanitiseIntelligence', data: { text: pick(['A man picks girls up from the park.', 'A car is seen outside the school at 3pm.']) } };
    default:
      return { type: 'DisseminateIntelligence', data: { urgent: Math.random() < 0.2 } };
  }
}

async function randomWorkload(store: EventStore, items: number, changes: number): Promise<string[]> {
  const streams = commandStreamsOn(store);
  const run = async (itemId: string, command: IntelligenceItemCommand, actor: Actor) => {
    try {
      await streams.handle(intelligenceItemStream, itemId, command, { actor, request: {} });
    } catch (error) {
      if (!(error instanceof DomainError) && (error as Error).name !== 'WrongExpectedRevisionError') throw error;
    }
  };
  const ids: string[] = [];
  for (let i = 0; i < items; i++) {
    const itemId = randomUUID();
    ids.push(itemId);
    await run(
      itemId,
      {
        type: 'SubmitInformation',
        data: {
          information: `Original ${i}: Morgan Quill saw a man with girls at the park.`,
          subjects: [{ kind: 'poi', ref: pick(POIS) }, { kind: 'poi', ref: pick(POIS) }, { kind: 'location', text: 'Riverside Park' }],
          knownAt: '2026-11-20',
          howKnown: 'seen-or-heard',
          source: { name: 'Morgan Quill', otherIdentifiers: ['07700 900456'] },
        },
      },
      partner,
    );
  }
  // One item reaches each status whatever chance does below.
  const path: IntelligenceItemCommand[] = [
    { type: 'GradeIntelligence', data: { source: 2, assessment: 'B', handling: 'P' } },
    { type: 'SanitiseIntelligence', data: { text: 'A man picks girls up from the park.' } },
    { type: 'DisseminateIntelligence', data: {} },
  ];
  for (let i = 0; i < path.length; i++) for (const command of path.slice(0, i + 1)) await run(ids[i + 1], command, officer);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let step = 0; step < changes / 4; step++) await run(pick(ids.slice(4)), nextCommand(), pick([officer, officer, partner]));
    }),
  );
  return ids;
}

const rows = async (ds: DataSource) => ({
  items: (await ds.getRepository(IntelligenceItemEntity).find({ order: { itemId: 'ASC' } })).map((row) => ({ ...row })),
  refs: (await ds.getRepository(IntelligenceItemRefEntity).find({ order: { itemId: 'ASC', kind: 'ASC', ref: 'ASC' } })).map((row) => ({ ...row })),
});

describe.each(['sqlite', 'postgres'] as const)('intelligence register projection (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels(database, INTELLIGENCE_REGISTER_ENTITIES));
  });

  afterEach(() => close());

  it('rebuilt from scratch, equals what it held live after a random workload, and never holds the original or the source', async () => {
    const live = new ProjectionRunner(store, readModels, new IntelligenceRegisterProjection(), { pollIntervalMs: 20, batchSize: 17 });
    live.start();
    await randomWorkload(store, 30, 160);
    const all = await readWholeLog(store);
    await live.waitFor(all[all.length - 1].position, 20_000);
    await live.stop();
    const liveRows = await rows(readModels);
    expect(liveRows.items).toHaveLength(30);
    expect(new Set(liveRows.items.map((r) => r.status))).toEqual(new Set(['submitted', 'graded', 'sanitised', 'disseminated']));
    // Revisions are the streams' own: what a client sends back as If-Match.
    for (const item of liveRows.items) expect(item.view.revision).toBe((await store.readStream(intelligenceItemStream.streamId(item.itemId))).length - 1);

    const expected = new Map<string, IntelligenceItemView | undefined>();
    for (const event of all) {
      const itemId = String(event.data.itemId);
      expected.set(itemId, evolveIntelligenceItemView(expected.get(itemId), event as unknown as IntelligenceItemEvent, event));
    }
    expect(liveRows.items).toEqual([...expected.keys()].sort().map((id) => toRow(expected.get(id)!)));
    const poiRefs = all.filter((e) => e.type === 'InformationSubmitted').flatMap((e) => [...new Set((e.data.subjects as { ref?: string }[]).map((s) => s.ref).filter(Boolean))]);
    expect(liveRows.refs).toHaveLength(poiRefs.length);

    const sealed = JSON.stringify(liveRows);
    expect(sealed).not.toMatch(/Quill|900456|Original \d/);

    const rebuilt = await new ProjectionRunner(store, readModels, new IntelligenceRegisterProjection()).rebuild(undefined, 50);
    expect(rebuilt).toBe(all.length);
    expect(await rows(readModels)).toEqual(liveRows);
  });
});

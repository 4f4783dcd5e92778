import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '@app/common';
import { EventStore, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels, readWholeLog } from '@app/event-store-testing';
import { MergePersonsOfInterestHandler } from '../person-of-interest/merge-persons-of-interest/merge-persons-of-interest.handler';
import { MergePersonsOfInterestCommand } from '../person-of-interest/merge-persons-of-interest/merge-persons-of-interest.command';
import { commandStreamsOn } from '../shared/command-streams.builders';
import { personOfInterestStream } from '../person-of-interest/person-of-interest.stream';
import { PersonOfInterestCommand } from '../person-of-interest/person-of-interest.decider';
import { PersonOfInterestEvent } from '../person-of-interest/person-of-interest.events';
import { someIdentifiers } from '../person-of-interest/person-of-interest.builders';
import { PoiProfileView, evolvePoiProfile, linkView } from './poi-profile-view';
import { POI_PROFILE_ENTITIES, PoiLinkEntity, PoiProfileEntity } from './poi-profile.entity';
import { PoiProfileProjection, toLinkRow, toProfileRow } from './poi-profile.projection';

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
// Merges are intelligence work; the other changes are any partner's.
const actor: Actor = { userId: 'dc-1', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] };
const CASES = Array.from({ length: 4 }, () => randomUUID());

function nextCommand(pois: string[]): PersonOfInterestCommand {
  switch (pick(['identifiers', 'link', 'link', 'mark', 'intervention', 'disruption'])) {
    case 'identifiers':
      return { type: 'AddIdentifiers', data: { identifiers: { phoneNumbers: [`07700 9${Math.floor(Math.random() * 100000)}`], names: [{ name: pick(['D', 'Dee', 'Big D']), kind: 'alias' }] } } };
    case 'link': {
      const target = pick([
        { kind: 'case' as const, caseId: pick(CASES) },
        { kind: 'poi' as const, poiId: pick(pois) },
        { kind: 'location' as const, location: pick([{ kind: 'park' as const, name: 'Riverside Park' }, { kind: 'hotel' as const, name: 'Example Hotel', postcode: 'RG12 1AA' }]) },
      ]);
      return { type: 'LinkPersonOfInterest', data: { linkId: randomUUID(), target, nature: pick(['associate', 'seen-with', 'frequents'] as const) } };
    }
    case 'mark':
      return { type: 'MarkVulnerableYoungPerson', data: { note: 'Aged 17' } };
    case 'intervention':
      return { type: 'RecordDisengagementIntervention', data: { interventionId: randomUUID(), agency: 'YOS', intervention: 'Mentoring', startedOn: '2026-10-01' } };
    default:
      return { type: 'RecordDisruption', data: { disruptionId: randomUUID(), kind: pick(['arrest', 'charge', 'sexual-risk-order'] as const), on: '2026-11-01' } };
  }
}

async function randomWorkload(store: EventStore, count: number, changes: number): Promise<string[]> {
  const streams = commandStreamsOn(store);
  const merge = new MergePersonsOfInterestHandler(streams);
  const refused = (error: unknown) => {
    if (!(error instanceof DomainError) && (error as Error).name !== 'WrongExpectedRevisionError') throw error;
  };
  const ids = Array.from({ length: count }, () => randomUUID());
  for (const [i, poiId] of ids.entries()) {
    await streams.handle(personOfInterestStream, poiId, { type: 'RecordPersonOfInterest', data: { identifiers: someIdentifiers({ names: [{ name: `Person ${i}`, kind: 'name' }] }) } }, { actor, request: {} });
  }
  await Promise.all(
    Array.from({ length: 4 }, async (_, writer) => {
      for (let step = 0; step < changes / 4; step++) {
        if (writer === 0 && step % 4 === 0) {
          // Now and then a merge (one merge at a time, as a person does them), sometimes of a POI
          // already merged (refused, nothing written); the other writers keep changing POIs meanwhile.
          await merge.execute(new MergePersonsOfInterestCommand(pick(ids), pick(ids), 'Same person', { actor, request: {} })).catch(refused);
        } else {
          await streams.handle(personOfInterestStream, pick(ids), nextCommand(ids), { actor, request: {} }).catch(refused);
        }
      }
    }),
  );
  return ids;
}

const rows = async (ds: DataSource) => ({
  profiles: (await ds.getRepository(PoiProfileEntity).find({ order: { poiId: 'ASC' } })).map((row) => ({ ...row })),
  links: (await ds.getRepository(PoiLinkEntity).find({ order: { linkId: 'ASC' } })).map((row) => ({ ...row })),
});

describe.each(['sqlite', 'postgres'] as const)('POI profile projection (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels(database, POI_PROFILE_ENTITIES));
  });

  afterEach(() => close());

  it('rebuilt from scratch, equals what it held live after a random workload with merges', async () => {
    const live = new ProjectionRunner(store, readModels, new PoiProfileProjection(), { pollIntervalMs: 20, batchSize: 19 });
    live.start();
    await randomWorkload(store, 20, 200);
    const all = await readWholeLog(store);
    await live.waitFor(all[all.length - 1].position, 20_000);
    await live.stop();
    const liveRows = await rows(readModels);
    expect(liveRows.profiles).toHaveLength(20);
    expect(liveRows.profiles.some((p) => p.status === 'merged')).toBe(true);
    expect(liveRows.profiles.some((p) => p.view.merged.length > 0)).toBe(true);
    expect(new Set(liveRows.links.map((l) => l.targetKind))).toEqual(new Set(['case', 'poi', 'location']));

    // Every merge is on both streams: each duplicate's survivor records it, and the other way round.
    const byId = new Map(liveRows.profiles.map((p) => [p.poiId, p.view]));
    for (const p of liveRows.profiles.filter((row) => row.mergedInto)) expect(byId.get(p.mergedInto!)!.merged.map((m) => m.poiId)).toContain(p.poiId);

    const expected = new Map<string, PoiProfileView | undefined>();
    const links = [];
    for (const event of all) {
      const poiId = String(event.data.poiId);
      const typed = event as unknown as PersonOfInterestEvent;
      expected.set(poiId, evolvePoiProfile(expected.get(poiId), typed, event));
      if (typed.type === 'PersonOfInterestLinked') links.push(toLinkRow(linkView(typed, event)));
    }
    expect(liveRows.profiles).toEqual([...expected.keys()].sort().map((id) => toProfileRow(expected.get(id)!)));
    expect(liveRows.links).toEqual(links.sort((a, b) => a.linkId.localeCompare(b.linkId)));

    const rebuilt = await new ProjectionRunner(store, readModels, new PoiProfileProjection()).rebuild(undefined, 60);
    expect(rebuilt).toBe(all.length);
    expect(await rows(readModels)).toEqual(liveRows);
  });
});

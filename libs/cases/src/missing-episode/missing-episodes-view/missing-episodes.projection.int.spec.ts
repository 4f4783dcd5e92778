import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_ACCESS_SETTINGS, writePolicyOf } from '@app/access';
import { CommandStreams, DomainError } from '@app/common';
import { EventStore, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels, readWholeLog } from '@app/event-store-testing';
import { aReferral } from '../../case/case.builders';
import { caseStream } from '../../case/case.stream';
import { MissingEpisodeCommand, missingEpisodeDecider } from '../missing-episode.decider';
import { IssuedMissingEpisodeCommand, missingEpisodeStream } from '../missing-episode.stream';
import { MissingEpisodeEvent, missingEpisodeStreamId } from '../missing-episode.events';
import { MissingEpisodeView, evolveMissingEpisodeView } from './missing-episode-view';
import { MissingEpisodeEntity } from './missing-episode.entity';
import { MissingEpisodesProjection, toRow } from './missing-episodes.projection';

const HOUR = 3_600_000;
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** What a practitioner would do next with an episode, sometimes wrongly (refused commands write nothing). */
function nextCommand(step: number, lastSeenHoursAgo: number): Exclude<MissingEpisodeCommand, { type: 'ReportMissingEpisode' }> {
  const returnedHoursAgo = lastSeenHoursAgo - Math.random() * Math.min(lastSeenHoursAgo, 60);
  switch (pick([0, 1, 2, 3, step % 4])) {
    case 0:
      return { type: 'UpdateMissingEpisode', data: { riskLevel: pick(['low', 'medium', 'high'] as const), concerning: Math.random() < 0.3, note: `review ${step}` } };
    case 1:
      return { type: 'RecordReturn', data: { returnedAt: ago(returnedHoursAgo), whereFound: 'Town centre', foundWith: Math.random() < 0.5 ? 'Older males' : undefined } };
    case 2:
      return {
        type: 'RecordReturnInterview',
        data: { heldAt: ago(Math.random() * 2), heldBy: { name: 'RHI worker', agencyId: 'bf-rhi' }, where: 'School', learned: 'Stayed with friends' },
      };
    default:
      return { type: 'RecordReturnInterviewNotHeld', data: { reason: 'Declined', attempts: [{ at: ago(Math.random()), by: 'RHI worker', outcome: 'No answer' }] } };
  }
}

function nextInterview(outcome: 'held' | 'not-held'): Exclude<MissingEpisodeCommand, { type: 'ReportMissingEpisode' }> {
  return outcome === 'held'
    ? { type: 'RecordReturnInterview', data: { heldAt: ago(0.5), heldBy: { name: 'RHI worker', agencyId: 'bf-rhi' }, where: 'School', learned: 'Stayed with friends' } }
    : { type: 'RecordReturnInterviewNotHeld', data: { reason: 'Declined', attempts: [{ at: ago(0.5), by: 'RHI worker', outcome: 'No answer' }] } };
}

async function randomWorkload(store: EventStore, episodes: number, changes: number): Promise<void> {
  const streams = new CommandStreams(store, writePolicyOf(DEFAULT_ACCESS_SETTINGS));
  const actor = { userId: 'u-1', agencyId: 'bf-csc', roles: ['practitioner' as const] };
  // The children's cases the episodes belong to, opened by the actor's agency.
  for (const id of ['c-1', 'c-2', 'c-3', 'c-4']) {
    const caseId = id.padEnd(36, '0');
    await store.append(caseStream.streamId(caseId), [{ type: 'ReferralReceived', data: { ...aReferral(), caseId }, metadata: { actor } }]);
  }
  const reported: { episodeId: string; lastSeenHoursAgo: number }[] = [];
  const run = async (episodeId: string, command: (now: string) => Parameters<typeof missingEpisodeDecider.decide>[0]) => {
    try {
      await streams.handle(missingEpisodeStream, episodeId, command(new Date().toISOString()) as IssuedMissingEpisodeCommand, { actor, request: {} });
    } catch (error) {
      if (!(error instanceof DomainError) && (error as Error).name !== 'WrongExpectedRevisionError') throw error;
    }
  };
  for (let i = 0; i < episodes; i++) {
    const episodeId = randomUUID();
    const lastSeenHoursAgo = 2 + Math.random() * 400;
    reported.push({ episodeId, lastSeenHoursAgo });
    await run(episodeId, (now) => ({
      type: 'ReportMissingEpisode',
      data: {
        caseId: pick(['c-1', 'c-2', 'c-3', 'c-4']).padEnd(36, '0'),
        missingFrom: pick(['home', 'care-placement', 'other'] as const),
        lastSeenAt: ago(lastSeenHoursAgo),
        policeCategory: pick(['missing', 'absent'] as const),
        riskLevel: pick(['low', 'medium', 'high'] as const),
        concerning: Math.random() < 0.2,
        pushFactors: ['Conflict at home'],
        pullFactors: [],
      },
      episodeId,
      now,
      returnInterviewHours: 72,
    }));
  }
  // Three episodes reach "interview due", "held" and "not held" whatever chance does below.
  const returned = { type: 'RecordReturn', data: { returnedAt: ago(1), whereFound: 'Town centre' } } as const;
  for (const [index, interview] of [[3], [4, nextInterview('held')], [5, nextInterview('not-held')]] as const) {
    const { episodeId } = reported[index];
    await run(episodeId, (now) => ({ ...returned, episodeId, now, returnInterviewHours: 72 }));
    if (interview) await run(episodeId, (now) => ({ ...interview, episodeId, now, returnInterviewHours: 72 }) as never);
  }
  // Several writers at once, as in production.
  await Promise.all(
    Array.from({ length: 4 }, async (_, writer) => {
      for (let step = 0; step < changes / 4; step++) {
        // The first few episodes stay open: children still missing.
        const { episodeId, lastSeenHoursAgo } = pick(reported.slice(6));
        const change = nextCommand(step + writer, lastSeenHoursAgo);
        await run(episodeId, (now) => ({ ...change, episodeId, now, returnInterviewHours: 72 }) as never);
      }
    }),
  );
}

const rows = async (ds: DataSource) => (await ds.getRepository(MissingEpisodeEntity).find({ order: { episodeId: 'ASC' } })).map((row) => ({ ...row }));

describe.each(['sqlite', 'postgres'] as const)('missing episodes projection (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels(database, [MissingEpisodeEntity]));
  });

  afterEach(() => close());

  it('rebuilt from scratch, equals what it held live after a random workload', async () => {
    const live = new ProjectionRunner(store, readModels, new MissingEpisodesProjection(), { pollIntervalMs: 20, batchSize: 23 });
    live.start();
    await randomWorkload(store, 30, 200);
    const all = await readWholeLog(store);
    await live.waitFor(all[all.length - 1].position, 20_000);
    await live.stop();
    const liveRows = await rows(readModels);
    expect(liveRows).toHaveLength(30);
    // The workload reached every state a practitioner sees.
    expect(new Set(liveRows.map((r) => r.interviewStatus))).toEqual(new Set(['awaiting-return', 'due', 'held', 'not-held']));

    // The same rows, computed directly from the log by the pure evolve function.
    const expected = new Map<string, MissingEpisodeView | undefined>();
    for (const event of all) {
      if (!event.streamId.startsWith('missing-episode-')) continue;
      const episodeId = String(event.data.episodeId);
      expected.set(episodeId, evolveMissingEpisodeView(expected.get(episodeId), event as unknown as MissingEpisodeEvent, event));
    }
    const sorted = [...expected.keys()].sort().map((id) => toRow(expected.get(id)!));
    expect(liveRows).toEqual(sorted);

    const rebuilt = await new ProjectionRunner(store, readModels, new MissingEpisodesProjection()).rebuild(undefined, 70);
    expect(rebuilt).toBe(all.length);
    expect(await rows(readModels)).toEqual(liveRows);
  });
});

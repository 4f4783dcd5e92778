import { Actor, DomainError } from '@app/common';
import { EventStore } from '@app/event-store';
import { scratchPostgres, scratchEventStore } from '@app/event-store-testing';
import { commandStreamsOn } from '../../shared/command-streams.builders';
import { OTHER_POI_ID, POI_ID, someIdentifiers } from '../person-of-interest.builders';
import { PersonOfInterestCommand } from '../person-of-interest.decider';
import { personOfInterestStream } from '../person-of-interest.stream';
import { MergePersonsOfInterestCommand } from './merge-persons-of-interest.command';
import { MergePersonsOfInterestHandler } from './merge-persons-of-interest.handler';

const actor: Actor = { userId: 'dc-1', agencyId: 'thames-valley-police', roles: ['intelligence-officer'] };
const poiStreamId = personOfInterestStream.streamId;
const SURVIVOR = POI_ID;
const DUPLICATE = OTHER_POI_ID;

/** The real store, except that before the next append to the survivor `interfere` runs (a stop, or someone else's change). */
function interfering(store: EventStore, interfere: () => Promise<void>): EventStore {
  const wrapped = Object.create(store) as EventStore;
  let armed = true;
  wrapped.append = async (streamId, events, options) => {
    if (armed && streamId === poiStreamId(SURVIVOR)) {
      armed = false;
      await interfere();
    }
    return store.append(streamId, events, options);
  };
  return wrapped;
}

describe.each(['sqlite', 'postgres'] as const)('merging two persons of interest: two streams, two appends (%s)', (database) => {
  let store: EventStore;
  let cleanup: () => Promise<void>;

  const handler = (on: EventStore) => new MergePersonsOfInterestHandler(commandStreamsOn(on));
  const run = (on: EventStore, poiId: string, command: PersonOfInterestCommand) => commandStreamsOn(on).handle(personOfInterestStream, poiId, command, { actor, request: {} });
  const merge = (on: EventStore, by: Actor = actor, reason = 'Same phone and car') =>
    handler(on).execute(new MergePersonsOfInterestCommand(SURVIVOR, DUPLICATE, reason, { actor: by, request: {} }));
  const types = async (poiId: string) => (await store.readStream(poiStreamId(poiId))).map((e) => e.type);

  beforeEach(async () => {
    ({ store, drop: cleanup } = await scratchEventStore(database));
    await run(store, SURVIVOR, { type: 'RecordPersonOfInterest', data: { identifiers: someIdentifiers() } });
    await run(store, DUPLICATE, { type: 'RecordPersonOfInterest', data: { identifiers: someIdentifiers({ names: [{ name: 'Daniel Fictional', kind: 'name' }], phoneNumbers: ['07700 900777'] }) } });
  });

  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it('stopped between the two appends: the duplicate is frozen, and repeating the merge (by anyone) completes it once', async () => {
    await expect(merge(interfering(store, () => Promise.reject(new Error('process stopped'))))).rejects.toThrow('process stopped');
    expect(await types(DUPLICATE)).toEqual(['PersonOfInterestRecorded', 'PersonOfInterestMergedInto']);
    expect(await types(SURVIVOR)).toEqual(['PersonOfInterestRecorded']);
    // Meanwhile the duplicate refuses changes, pointing at the survivor.
    await expect(run(store, DUPLICATE, { type: 'AddIdentifiers', data: { identifiers: { phoneNumbers: ['07700 900000'] } } })).rejects.toThrow(`was merged into ${SURVIVOR}`);

    const completed = await merge(store, { ...actor, userId: 'dc-2' }, 'A different wording');
    expect(completed).toMatchObject({ poiId: SURVIVOR, mergedPoiId: DUPLICATE, revision: 1, changed: true });
    expect(await merge(store)).toMatchObject({ revision: 1, changed: false });
    // The same officer again, in other words: the pair keys the merge, not the wording.
    expect(await merge(store, actor, 'Yet another wording')).toMatchObject({ revision: 1, changed: false });
    const [, merged] = await store.readStream(poiStreamId(SURVIVOR));
    const [, mergedInto] = await store.readStream(poiStreamId(DUPLICATE));
    // The survivor's side says what the duplicate's side recorded, whoever completed it.
    expect(merged.data).toMatchObject({ mergedPoiId: DUPLICATE, reason: 'Same phone and car', mergedAt: mergedInto.data.mergedAt, mergedIdentifiers: { phoneNumbers: ['07700 900777'] } });
    expect(await types(DUPLICATE)).toEqual(['PersonOfInterestRecorded', 'PersonOfInterestMergedInto']);
  });

  it('the survivor changed by someone else between the two appends: the merge still completes, on the survivor as it now stands', async () => {
    const result = await merge(
      interfering(store, async () => {
        await run(store, SURVIVOR, { type: 'AddIdentifiers', data: { identifiers: { phoneNumbers: ['07700 900555'] } } });
      }),
    );
    expect(result).toMatchObject({ revision: 2, changed: true });
    expect(await types(SURVIVOR)).toEqual(['PersonOfInterestRecorded', 'PersonOfInterestIdentifiersAdded', 'PersonOfInterestMerged']);
  });

  it('refuses, writing nothing on either side, when the survivor was itself merged away or the client read an older survivor', async () => {
    const ifMatch = await handler(store)
      .execute(new MergePersonsOfInterestCommand(SURVIVOR, DUPLICATE, 'x', { actor, request: {}, ifMatch: 3 }))
      .catch((e: Error) => e);
    expect(ifMatch).toMatchObject({ name: 'WrongExpectedRevisionError' });
    await store.append(poiStreamId(SURVIVOR), [{ type: 'PersonOfInterestMergedInto', data: { poiId: SURVIVOR, survivorPoiId: '11111111-1111-4111-8111-111111111111', reason: 'x', mergedAt: '2026-11-28T10:00:00.000Z' }, metadata: { actor } }]);
    const refused = await merge(store).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('poi-merged');
    expect(await types(DUPLICATE)).toEqual(['PersonOfInterestRecorded']);
  });

  it('is intelligence work: anyone else is refused before either side is written', async () => {
    for (const roles of [['practitioner', 'semrac-chair'], ['auditor'], ['analyst'], []] as const) {
      const refused = await merge(store, { userId: 'someone', agencyId: 'thames-valley-police', roles: [...roles] }).catch((e: Error) => e);
      expect(refused).toMatchObject({ code: 'forbidden', status: 403 });
    }
    expect(await types(DUPLICATE)).toEqual(['PersonOfInterestRecorded']);
    expect(await types(SURVIVOR)).toEqual(['PersonOfInterestRecorded']);
  });
});

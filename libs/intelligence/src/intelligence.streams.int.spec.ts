import { Actor, CommandStreams, DomainError, systemActor } from '@app/common';
import { EventStore } from '@app/event-store';
import { scratchPostgres, scratchEventStore } from '@app/event-store-testing';
import { GRADING_P, SANITISED_TEXT, submission } from './intelligence-item/intelligence-item.builders';
import { IntelligenceItemCommand } from './intelligence-item/intelligence-item.decider';
import { intelligenceItemStream } from './intelligence-item/intelligence-item.stream';
import { POI_ID, someIdentifiers } from './person-of-interest/person-of-interest.builders';
import { personOfInterestStream } from './person-of-interest/person-of-interest.stream';
import { disclosureNoticeStream } from './police-feed/disclosure-notice.stream';
import { commandStreamsOn } from './shared/command-streams.builders';

const ITEM_ID = '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f';
const ASSESSMENT_ID = '0b7e4c1a-9d2f-4e3a-8b5c-6d7e8f9a0b1c';
const as = (roles: Actor['roles'], agencyId = 'bf-csc'): Actor => ({ userId: `user-${roles?.join('-') || 'none'}`, agencyId, roles });
const officer = as(['intelligence-officer'], 'thames-valley-police');
const school = as(['referrer'], 'bf-school');
/** Everyone who changes nothing: the read-only roles, an admin, a token without roles. */
const READ_ONLY = [as(['auditor']), as(['analyst']), as(['admin']), as([])];
/** Grading, sanitising, disseminating: police intelligence work, in order. */
const OFFICER_WORK: IntelligenceItemCommand[] = [
  { type: 'GradeIntelligence', data: GRADING_P },
  { type: 'SanitiseIntelligence', data: { text: SANITISED_TEXT } },
  { type: 'DisseminateIntelligence', data: {} },
];
const acknowledgement = (messageId: string) => ({
  type: 'RecordPoliceAcknowledgement' as const,
  data: { messageId, outcome: 'actioned' as const, unit: { id: 'tvp-fib', officer: 'DC 4471' }, acknowledgedAt: '2026-11-28T11:00:00.000Z', via: 'kafka' as const },
});

describe.each(['sqlite', 'postgres'] as const)('who may change persons of interest, intelligence and disclosure notices (%s)', (database) => {
  let store: EventStore;
  let streams: CommandStreams;
  let cleanup: () => Promise<void>;
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);
  const item = (command: IntelligenceItemCommand, actor: Actor) => streams.handle(intelligenceItemStream, ITEM_ID, command, { actor, request: command });

  beforeEach(async () => {
    ({ store, drop: cleanup } = await scratchEventStore(database));
    streams = commandStreamsOn(store);
  });

  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it('lets any partner record and change a POI, and nobody read-only, not even an auditor who also does casework', async () => {
    const record = { type: 'RecordPersonOfInterest' as const, data: { identifiers: someIdentifiers() } };
    for (const actor of [...READ_ONLY, as(['auditor', 'practitioner'])]) {
      expect(await refusal(streams.handle(personOfInterestStream, POI_ID, record, { actor, request: record }))).toMatchObject({ code: 'forbidden', status: 403 });
    }
    expect(await store.readStream(personOfInterestStream.streamId(POI_ID))).toEqual([]);

    await streams.handle(personOfInterestStream, POI_ID, record, { actor: school, request: record });
    const mark = { type: 'MarkVulnerableYoungPerson' as const, data: { note: 'Aged 17' } };
    await streams.handle(personOfInterestStream, POI_ID, mark, { actor: as(['practitioner']), request: mark });
    expect((await streams.load(personOfInterestStream, POI_ID)).state.vulnerableYoungPerson).toBe(true);
  });

  it('refuses an event its schema does not allow (422, naming the field), writing nothing', async () => {
    const record = { type: 'RecordPersonOfInterest' as const, data: { identifiers: someIdentifiers() } };
    await streams.handle(personOfInterestStream, POI_ID, record, { actor: school, request: record });
    const blank = { type: 'AddIdentifiers' as const, data: { identifiers: { addresses: [{ address: '   ' }] } } };
    const refused = await refusal(streams.handle(personOfInterestStream, POI_ID, blank, { actor: school, request: blank }));
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ status: 422, errors: [{ field: 'PersonOfInterestIdentifiersAdded.added.addresses.0.address' }] });
    expect(await store.readStream(personOfInterestStream.streamId(POI_ID))).toHaveLength(1);
  });

  it('lets any partner submit information, and only an intelligence officer grade, sanitise and disseminate it', async () => {
    for (const actor of READ_ONLY) expect(await refusal(item({ type: 'SubmitInformation', data: submission() }, actor))).toMatchObject({ status: 403 });
    await item({ type: 'SubmitInformation', data: submission() }, school);
    for (const command of OFFICER_WORK) {
      for (const actor of [school, as(['practitioner', 'semrac-chair', 'sharing-officer']), systemActor('system:test', 'thames-valley-police'), ...READ_ONLY]) {
        expect(await refusal(item(command, actor))).toMatchObject({ code: 'forbidden', status: 403 });
      }
      await item(command, officer);
    }
    expect((await streams.load(intelligenceItemStream, ITEM_ID)).state.status).toBe('disseminated');
  });

  it("records the police unit's acknowledgement from an intelligence officer or the platform's consumer, and from nobody else", async () => {
    await item({ type: 'SubmitInformation', data: submission() }, school);
    for (const command of OFFICER_WORK) await item(command, officer);
    const consumer = systemActor('system:police-acknowledgements', 'tvp-fib');
    for (const actor of [school, as(['practitioner']), ...READ_ONLY]) {
      expect(await refusal(item(acknowledgement('0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b'), actor))).toMatchObject({ status: 403 });
      expect(await refusal(streams.handle(disclosureNoticeStream, ASSESSMENT_ID, acknowledgement('1e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b'), { actor, request: {} }))).toMatchObject({ status: 403 });
    }
    expect((await item(acknowledgement('0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b'), consumer)).written).toBe(true);
    expect((await item(acknowledgement('2e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b'), officer)).written).toBe(true);
    const notice = await streams.handle(disclosureNoticeStream, ASSESSMENT_ID, acknowledgement('1e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b'), { actor: consumer, request: {} });
    expect(notice.events).toEqual([expect.objectContaining({ data: expect.objectContaining({ itemId: `disclosure-${ASSESSMENT_ID}` }) })]);
    expect(await store.readStream(`disclosure-notice-${ASSESSMENT_ID}`)).toHaveLength(1);
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, CommandStreams, DomainError, WritePolicy, systemActor } from '@app/common';
import { EventStore, ProjectionRunner } from '@app/event-store';
import { openStoreAndReadModels } from '@app/event-store-testing';
import { InboundShareCommand } from '../inbound-share/inbound-share.decider';
import { aShareReceived } from '../inbound-share/inbound-share.builders';
import { inboundShareStreamId } from '../inbound-share/inbound-share.events';
import { inboundShareStream } from '../inbound-share/inbound-share.stream';
import { sharingRefusalStream } from '../refusals/sharing-refusal.stream';
import { BOARD, POLICE, WESTMOOR, aRequest } from '../share/share.builders';
import { ShareCommand } from '../share/share.decider';
import { shareStreamId } from '../share/share.events';
import { shareStream } from '../share/share.stream';
import { SHARING_READ_MODEL_ENTITIES, InboundShareEntity, OutboundShareEntity, RefusedShareMessageEntity } from './sharing.entities';
import { InboxProjection, OutboundSharesProjection, RefusedShareMessagesProjection } from './sharing.projections';

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const practitioner: Actor = { userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] };
const officer: Actor = { userId: 'so-2', agencyId: 'bf-lscb', roles: ['sharing-officer'] };
const system = systemActor('system:sharing-exchange', BOARD);
/** The policy's own rules are tested in libs/access: here every record may be changed. */
const allowing: WritePolicy = { decideWrite: () => ({ outcome: 'allow' }), isPoliceAgency: () => false };

/** Shares requested, decided, acknowledged, revoked and confirmed; received ones linked, passed on and revoked; in random order. */
async function randomWorkload(store: EventStore, shares: number, steps: number): Promise<void> {
  const streams = new CommandStreams(store, allowing);
  const outbound = (shareId: string, command: ShareCommand, actor: Actor) => streams.handle(shareStream, shareId, command, { actor, request: command });
  const inbound = (shareId: string, command: InboundShareCommand, actor: Actor = system) => streams.handle(inboundShareStream, shareId, command, { actor, request: command });
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };
  const sent = Array.from({ length: shares }, () => randomUUID());
  const received = Array.from({ length: shares }, () => randomUUID());
  for (const id of sent) await outbound(id, { type: 'RequestShare', from: BOARD, peer: pick([WESTMOOR, POLICE]), peerId: 'x', data: aRequest() }, practitioner);
  for (const id of received) {
    const { receivedAt: _at, ...data } = { ...aShareReceived().data, shareId: id };
    await inbound(id, { type: 'ReceiveShare', data });
  }
  await outbound(randomUUID(), { type: 'DecideNotToShare', peer: WESTMOOR, peerId: WESTMOOR.id, data: { purpose: 'Asked', content: aRequest().content, reason: 'Not needed' } }, practitioner);
  const refused = { messageId: randomUUID(), messageType: 'share-sent.v1', shareId: randomUUID(), claimedFrom: 'rogue', claimedTo: BOARD, reason: 'unknown-sender' as const, detail: 'rogue is not a peer', source: { topic: 't', partition: 0, offset: '1' } };
  await streams.handle(sharingRefusalStream, refused.messageId, { type: 'RecordShareMessageRefused', data: refused }, { actor: system, request: refused });
  for (let step = 0; step < steps; step++) {
    const id = pick(sent);
    const other = pick(received);
    await attempt(() =>
      pick([
        () => outbound(id, { type: 'ApproveShare' }, officer),
        () => outbound(id, { type: 'RefuseShare', reason: 'No need shown' }, officer),
        () => outbound(id, { type: 'RecordAcknowledgement', by: WESTMOOR.id, acknowledgedAt: new Date().toISOString() }, system),
        () => outbound(id, { type: 'RevokeShare', reason: 'In error' }, officer),
        () => outbound(id, { type: 'RecordRevocationConfirmed', by: WESTMOOR.id, confirmedAt: new Date().toISOString() }, system),
        () => inbound(other, { type: 'LinkInboundShare', to: { kind: pick(['case', 'poi'] as const), id: randomUUID() } }, practitioner),
        () => inbound(other, { type: 'ApplyRevocation', from: 'brightfield-lscb', reason: 'In error', revokedAt: new Date().toISOString() }),
        () =>
          outbound(randomUUID(), { type: 'RequestShare', from: BOARD, peer: POLICE, peerId: POLICE.id, data: aRequest({ onwardFrom: { originalShareId: other, originalFrom: 'brightfield-lscb', originalLabel: 'AMBER' } }) }, practitioner),
      ])(),
    );
  }
}

const rows = async (ds: DataSource) => ({
  outbound: await ds.getRepository(OutboundShareEntity).find({ order: { shareId: 'ASC' } }),
  inbound: await ds.getRepository(InboundShareEntity).find({ order: { shareId: 'ASC' } }),
  refused: await ds.getRepository(RefusedShareMessageEntity).find({ order: { messageId: 'ASC' } }),
});

describe.each(['sqlite', 'postgres'] as const)('sharing projections (%s)', (database) => {
  let store: EventStore;
  let readModels: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ store, readModels, close } = await openStoreAndReadModels(database, SHARING_READ_MODEL_ENTITIES));
  });

  afterEach(() => close());

  it('rebuilt from scratch, equal what they held live after a random workload', async () => {
    const projections = () => [new OutboundSharesProjection(), new InboxProjection(), new RefusedShareMessagesProjection()];
    const live = projections().map((projection) => new ProjectionRunner(store, readModels, projection, { pollIntervalMs: 20, batchSize: 7 }));
    live.forEach((runner) => runner.start());
    await randomWorkload(store, 8, 120);
    // On PostgreSQL readAll stops below any transaction still open in the cluster (other suites'):
    // read until every committed event is there, or the live runners would be stopped too early.
    const total = await store.countEvents();
    let all = await store.readAll({ limit: 10_000 });
    for (const until = Date.now() + 20_000; all.length < total && Date.now() < until; all = await store.readAll({ limit: 10_000 })) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(all).toHaveLength(total);
    for (const runner of live) await runner.waitFor(all[all.length - 1].position, 20_000);
    for (const runner of live) await runner.stop();
    const liveRows = await rows(readModels);
    expect(liveRows.outbound.length).toBeGreaterThanOrEqual(9);
    expect(liveRows.inbound).toHaveLength(8);
    expect(liveRows.refused).toHaveLength(1);
    expect(new Set(liveRows.outbound.map((r) => r.state)).has('not-shared')).toBe(true);
    // Revisions are the streams' own, what a client sends back as If-Match.
    for (const row of liveRows.outbound) expect(row.view.revision).toBe((await store.readStream(shareStreamId(row.shareId))).length - 1);
    for (const row of liveRows.inbound) expect(row.view.revision).toBe((await store.readStream(inboundShareStreamId(row.shareId))).length - 1);
    // Onward shares show on the share they pass on.
    const onward = all.filter((e) => e.type === 'ShareRequested' && e.data.onwardFrom).length;
    expect(liveRows.inbound.reduce((n, r) => n + r.view.onwardShares.length, 0)).toBe(onward);

    for (const projection of projections()) await new ProjectionRunner(store, readModels, projection).rebuild(undefined, 11);
    expect(await rows(readModels)).toEqual(liveRows);
  });
});

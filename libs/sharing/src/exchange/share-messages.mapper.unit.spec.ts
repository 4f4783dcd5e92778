import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SHARE_EXCHANGE_CONTRACTS, ShareExchangeMessageV1 } from '@app/contracts';
import { aShareReceived, anInboundShareRevoked } from '../inbound-share/inbound-share.builders';
import { BOARD, WESTMOOR, aShareRevoked, aShareSent } from '../share/share.builders';
import { verifyShareMessage } from './message-signing';
import { ShareMessagesMapper } from './share-messages.mapper';
import type { SharingDirectory } from './sharing-directory';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const directory = { keys: { signingKey: privateKey, publicKeyPem: '' } } as unknown as SharingDirectory;
const mapper = new ShareMessagesMapper(directory);
const asMappable = (event: { type: string; data: object }, id = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e') => ({ id, streamId: 's', type: event.type, data: event.data as never, metadata: { actor: { userId: 'so-2', agencyId: 'bf-lscb' } } });

describe('share messages from events', () => {
  it.each([
    ['ShareSent', aShareSent(), 'share-sent.v1', WESTMOOR.topic, { from: BOARD, to: WESTMOOR.id }],
    ['ShareRevoked', aShareRevoked(), 'share-revoked.v1', WESTMOOR.topic, { from: BOARD, to: WESTMOOR.id }],
    ['ShareReceived', aShareReceived(), 'share-acknowledged.v1', 'safeguard.shares.brightfield-lscb', { from: 'westmoor-lscb', to: 'brightfield-lscb' }],
    ['InboundShareRevoked', anInboundShareRevoked(), 'share-revocation-confirmed.v1', 'safeguard.shares.brightfield-lscb', { from: 'westmoor-lscb', to: 'brightfield-lscb' }],
  ] as const)('%s gives a valid, signed message on the right topic, the same every time', (_name, event, type, topic, parties) => {
    const [message] = mapper.map(asMappable(event));
    expect(mapper.map(asMappable(event))).toEqual([message]);
    expect(message).toMatchObject({ type, topic, key: event.data.shareId });
    const payload = message.payload as unknown as ShareExchangeMessageV1;
    expect(payload).toMatchObject({ type, shareId: event.data.shareId, ...parties, messageId: message.id });
    expect(SHARE_EXCHANGE_CONTRACTS[type].validate(payload).ok).toBe(true);
    expect(verifyShareMessage(payload, createPublicKey(publicKey.export({ format: 'pem', type: 'spki' })))).toBe(true);
    expect(verifyShareMessage(payload, generateKeyPairSync('ed25519').publicKey)).toBe(false);
    expect(mapper.map(asMappable(event, '1b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'))[0].id).not.toBe(message.id);
  });

  it('carries nothing of a received share but its acknowledgement back to the sender', () => {
    const [ack] = mapper.map(asMappable(aShareReceived()));
    expect(Object.keys(ack.payload).sort()).toEqual(['acknowledgedAt', 'from', 'messageId', 'shareId', 'signature', 'to', 'type']);
  });
});

import { eventProblems } from '@app/common';
import { sharingRefusalDecider } from './sharing-refusal.decider';
import { SHARING_REFUSALS_STREAM } from './sharing-refusal.events';
import { sharingRefusalStream } from './sharing-refusal.stream';

const NOW = '2026-11-28T10:20:00.000Z';
const refused = {
  messageId: '4c1b2a3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  messageType: 'share-sent.v1',
  shareId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  claimedFrom: 'rogue-lscb',
  claimedTo: 'westmoor-lscb',
  reason: 'unknown-sender' as const,
  detail: 'rogue-lscb is not a configured peer of westmoor-lscb',
  source: { topic: 'safeguard.shares.westmoor-lscb', partition: 0, offset: '42' },
};

describe('sharing refusals stream', () => {
  it('is one stream, written by the exchange alone', () => {
    expect(sharingRefusalStream.streamId('any')).toBe(SHARING_REFUSALS_STREAM);
    expect(sharingRefusalStream.commands.RecordShareMessageRefused).toEqual({ roles: [], system: true });
  });

  it('records a refused message with the moment it was refused, as its schema allows', () => {
    const events = sharingRefusalDecider.decide({ type: 'RecordShareMessageRefused', data: refused, now: NOW }, null);
    expect(events).toEqual([{ type: 'ShareMessageRefused', data: { ...refused, refusedAt: NOW } }]);
    expect(eventProblems(sharingRefusalStream.events, events[0])).toEqual([]);
    expect(eventProblems(sharingRefusalStream.events, { type: 'ShareMessageRefused', data: { ...events[0].data, reason: 'no-reason' } }).map((p) => p.field)).toEqual(['reason']);
  });
});

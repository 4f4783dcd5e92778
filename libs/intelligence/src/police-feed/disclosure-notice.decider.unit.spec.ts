import { deciderSpec } from '@app/common-testing';
import { DisclosureNoticeCommand, DisclosureNoticeCommandEnvelope, disclosureNoticeDecider } from './disclosure-notice.decider';

const spec = deciderSpec(disclosureNoticeDecider);
const ITEM = 'disclosure-0b7e4c1a-9d2f-4e3a-8b5c-6d7e8f9a0b1c';
const NOW = '2026-11-28T12:00:00.000Z';
const data = (messageId = '0E9D8C7B-6A5F-4E3D-8C2B-1A0F9E8D7C6B'): DisclosureNoticeCommand['data'] => ({
  messageId,
  outcome: 'actioned',
  unit: { id: 'tvp-fib', officer: 'DS 201' },
  acknowledgedAt: '2026-11-28T11:59:00.000Z',
  via: 'http',
});
const acknowledge = (d = data()): DisclosureNoticeCommandEnvelope => ({ type: 'RecordPoliceAcknowledgement', itemId: ITEM, now: NOW, data: d });
const recorded = { type: 'PoliceAcknowledgementRecorded' as const, data: { itemId: ITEM, ...data(), messageId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b', recordedAt: NOW } };

describe('disclosure notice decider', () => {
  it("records the police unit's acknowledgement once per message id, whatever its case", () => {
    spec.given([]).when(acknowledge()).then([recorded]);
    spec.given([recorded]).when(acknowledge()).then([]);
  });

  it('refuses an operation outcome without its reference', () => {
    spec.given([]).when(acknowledge({ ...data(), outcome: 'linked-to-operation' })).thenRefuses('operation-ref-required');
  });
});

import type { InboundShareCommand, InboundShareCommandEnvelope } from './inbound-share.decider';
import type { InboundShareRevoked, ShareReceived } from './inbound-share.events';

export const INBOUND_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
export const RECEIVED_AT = '2026-11-28T10:20:02.000Z';
export const SENDER = { id: 'brightfield-lscb', name: 'Brightfield LSCB', kind: 'board' as const, topic: 'safeguard.shares.brightfield-lscb' };
export const HERE = 'westmoor-lscb';

export function aShareReceived(label: ShareReceived['data']['label'] = 'AMBER'): ShareReceived {
  return {
    type: 'ShareReceived',
    data: {
      shareId: INBOUND_ID,
      from: SENDER,
      to: HERE,
      messageId: '4c1b2a3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      label,
      purpose: 'Joint safety planning',
      lawfulBasis: { code: 'dpa-2018-sch1-para18' },
      subjectInformed: { informed: true },
      sentBy: { requestedBy: { userId: 'sw-9', agencyId: 'bf-csc' }, approvedBy: { userId: 'so-2', agencyId: 'bf-lscb' } },
      sentAt: '2026-11-28T10:20:00.000Z',
      receivedAt: RECEIVED_AT,
      contentSummary: { chronologyEntries: 1, intelligenceItemIds: [] },
      content: { chronologyEntries: [{ caseId: 'c7e2a1b9-4d3f-4a6e-8c5b-9d0e1f2a3b4c', eventId: 'e1', at: '2026-11-20T09:30:00.000Z', type: 'ReferralReceived', summary: 'Referral received' }] },
    },
  };
}

export const anInboundShareRevoked = (): InboundShareRevoked => ({
  type: 'InboundShareRevoked',
  data: { shareId: INBOUND_ID, sender: SENDER.id, senderTopic: SENDER.topic, recipient: HERE, reason: 'Shared in error', revokedAt: '2026-11-28T15:00:00.000Z', contentDestroyedAt: RECEIVED_AT },
});

export function onInbound(command: InboundShareCommand, roles: readonly string[] = ['practitioner']): InboundShareCommandEnvelope {
  return { ...command, shareId: INBOUND_ID, now: RECEIVED_AT, actor: { userId: 'sw-40', agencyId: 'wm-csc' }, roles } as InboundShareCommandEnvelope;
}

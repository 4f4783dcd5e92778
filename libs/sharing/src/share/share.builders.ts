import type { SharingPeer } from '../shared/peer';
import type { ShareCommand, ShareCommandEnvelope, ShareRequest } from './share.decider';
import type { ShareApproved, ShareEvent, ShareRefused, ShareRequested, ShareRevoked, ShareSent } from './share.events';

export const SHARE_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
export const NOW = '2026-11-28T10:20:00.000Z';
export const BOARD = 'brightfield-lscb';
export const PRACTITIONER = { userId: 'sw-9', agencyId: 'bf-csc' };
export const OFFICER = { userId: 'so-2', agencyId: 'bf-lscb' };

export const WESTMOOR: SharingPeer = { id: 'westmoor-lscb', name: 'Westmoor LSCB', kind: 'board', topic: 'safeguard.shares.westmoor-lscb', allowedLabels: ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] };
export const POLICE: SharingPeer = { id: 'tvp', name: 'Thames Valley Police', kind: 'police', topic: 'safeguard.shares.tvp', allowedLabels: ['GREEN', 'AMBER'] };

export const aRequest = (more: Partial<ShareRequest> = {}): ShareRequest => ({
  label: 'AMBER',
  purpose: 'Joint safety planning',
  lawfulBasis: { code: 'dpa-2018-sch1-para18' },
  subjectInformed: { informed: false, reasonNotInformed: 'Would alert the exploiter' },
  handlingConditions: 'CSC and police only',
  content: { chronologyEntries: [{ caseId: 'case-1', eventId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', at: NOW, type: 'ReferralReceived', summary: 'Referral' }] },
  ...more,
});

/** A command as `actor` issues it (who may issue it at all is the stream's rule: share.stream.ts). */
export function onShare(command: ShareCommand, actor = PRACTITIONER): ShareCommandEnvelope {
  return { ...command, shareId: SHARE_ID, now: NOW, actor };
}

export const requestTo = (peer: SharingPeer | undefined, request = aRequest()): ShareCommand => ({ type: 'RequestShare', from: BOARD, peer, peerId: peer?.id ?? 'nowhere', data: request });

export function aShareRequested(request = aRequest(), peer = WESTMOOR): ShareRequested {
  return {
    type: 'ShareRequested',
    data: {
      shareId: SHARE_ID,
      from: BOARD,
      peer: { id: peer.id, name: peer.name, kind: peer.kind, topic: peer.topic },
      label: request.label,
      purpose: request.purpose,
      lawfulBasis: request.lawfulBasis,
      subjectInformed: request.subjectInformed,
      ...(request.handlingConditions ? { handlingConditions: request.handlingConditions } : {}),
      content: request.content,
      contentSummary: { chronologyEntries: request.content.chronologyEntries?.length ?? 0, intelligenceItemIds: [] },
      requestedBy: PRACTITIONER,
      requestedAt: NOW,
      ...(request.onwardFrom ? { onwardFrom: request.onwardFrom } : {}),
    },
  };
}

export const aShareApproved = (): ShareApproved => ({ type: 'ShareApproved', data: { shareId: SHARE_ID, approvedBy: OFFICER, approvedAt: NOW } });
export const aShareRefused = (reason = 'No need shown'): ShareRefused => ({ type: 'ShareRefused', data: { shareId: SHARE_ID, refusedBy: OFFICER, reason, refusedAt: NOW } });

export function aShareSent(request = aRequest(), peer = WESTMOOR): ShareSent {
  const r = aShareRequested(request, peer).data;
  return {
    type: 'ShareSent',
    data: {
      shareId: SHARE_ID,
      from: BOARD,
      to: peer.id,
      topic: peer.topic,
      label: r.label,
      purpose: r.purpose,
      lawfulBasis: r.lawfulBasis,
      subjectInformed: r.subjectInformed,
      ...(r.handlingConditions ? { handlingConditions: r.handlingConditions } : {}),
      requestedBy: PRACTITIONER,
      approvedBy: OFFICER,
      content: r.content,
      sentAt: NOW,
    },
  };
}

export const aShareRevoked = (reason = 'Shared in error'): ShareRevoked => ({
  type: 'ShareRevoked',
  data: { shareId: SHARE_ID, from: BOARD, to: WESTMOOR.id, topic: WESTMOOR.topic, reason, revokedBy: OFFICER, revokedAt: NOW },
});

export const sent = (): ShareEvent[] => [aShareRequested(), aShareApproved(), aShareSent()];

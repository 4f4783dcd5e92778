import { deciderSpec } from '@app/common-testing';
import {
  NOW,
  OFFICER,
  POLICE,
  PRACTITIONER,
  SHARE_ID,
  WESTMOOR,
  aRequest,
  aShareApproved,
  aShareRefused,
  aShareRequested,
  aShareRevoked,
  aShareSent,
  onShare,
  requestTo,
  sent,
} from './share.builders';
import { shareDecider } from './share.decider';

const spec = deciderSpec(shareDecider);
const asOfficer = (command: Parameters<typeof onShare>[0], officer = OFFICER) => onShare(command, officer);

describe('outbound share decider', () => {
  describe('request', () => {
    it('records the request with its peer, label, basis, purpose, conditions and what is shared', () => {
      spec.given([]).when(onShare(requestTo(WESTMOOR))).then([aShareRequested()]);
    });

    it('refuses an unknown peer, a label the peer does not accept, nothing to share, "other" without its text and an untold subject without a reason', () => {
      spec.given([]).when(onShare(requestTo(undefined))).thenRefuses('unknown-peer');
      spec.given([]).when(onShare(requestTo(POLICE, aRequest({ label: 'RED' })))).thenRefuses('label-not-allowed-for-peer');
      spec.given([]).when(onShare(requestTo(WESTMOOR, aRequest({ content: {} })))).thenRefuses('content-required');
      spec.given([]).when(onShare(requestTo(WESTMOOR, aRequest({ lawfulBasis: { code: 'other' } })))).thenRefuses('lawful-basis-text-required');
      spec.given([]).when(onShare(requestTo(WESTMOOR, aRequest({ subjectInformed: { informed: false } })))).thenRefuses('reason-not-informed-required');
    });

    it('records a decision not to share with its reason', () => {
      const [event] = shareDecider.decide(
        onShare({ type: 'DecideNotToShare', peer: WESTMOOR, peerId: WESTMOOR.id, data: { purpose: 'Asked for the chronology', content: aRequest().content, reason: ' Not necessary ' } }),
        shareDecider.initialState(),
      );
      expect(event).toEqual({
        type: 'DecidedNotToShare',
        data: {
          shareId: SHARE_ID,
          peer: { id: WESTMOOR.id, name: WESTMOOR.name, kind: 'board' },
          purpose: 'Asked for the chronology',
          contentSummary: { chronologyEntries: 1, intelligenceItemIds: [] },
          reason: 'Not necessary',
          decidedBy: PRACTITIONER,
          decidedAt: NOW,
        },
      });
    });
  });

  describe('approval and refusal', () => {
    it('approves and sends in one decision: only an approved share leaves', () => {
      spec.given([aShareRequested()]).when(asOfficer({ type: 'ApproveShare' })).then([aShareApproved(), aShareSent()]);
    });

    it('refuses with the reason', () => {
      spec.given([aShareRequested()]).when(asOfficer({ type: 'RefuseShare', reason: 'No need shown' })).then([aShareRefused()]);
      spec.given([aShareRequested()]).when(asOfficer({ type: 'RefuseShare', reason: ' ' })).thenRefuses('reason-required');
    });

    it('is never decided by the requester', () => {
      spec.given([aShareRequested()]).when(asOfficer({ type: 'ApproveShare' }, PRACTITIONER)).thenRefuses('self-approval');
      spec.given([aShareRequested()]).when(asOfficer({ type: 'RefuseShare', reason: 'x' }, PRACTITIONER)).thenRefuses('self-approval');
    });

    it('decides once', () => {
      spec.given([aShareRequested(), aShareRefused()]).when(asOfficer({ type: 'ApproveShare' })).thenRefuses('share-already-decided');
      spec.given(sent()).when(asOfficer({ type: 'RefuseShare', reason: 'late' })).thenRefuses('share-already-decided');
      spec.given([]).when(asOfficer({ type: 'ApproveShare' })).thenRefuses('share-not-found');
    });
  });

  describe('acknowledgement and revocation', () => {
    const ack = (by = WESTMOOR.id) => onShare({ type: 'RecordAcknowledgement', by, acknowledgedAt: NOW }, { userId: 'system', agencyId: 'brightfield-lscb' });

    it('records the recipient’s acknowledgement once, and refuses one from another organisation', () => {
      spec.given(sent()).when(ack()).then([{ type: 'ShareAcknowledged', data: { shareId: SHARE_ID, by: WESTMOOR.id, acknowledgedAt: NOW, recordedAt: NOW } }]);
      spec.given([...sent(), { type: 'ShareAcknowledged', data: { shareId: SHARE_ID, by: WESTMOOR.id, acknowledgedAt: NOW, recordedAt: NOW } }]).when(ack()).then([]);
      spec.given(sent()).when(ack('tvp')).thenRefuses('not-the-recipient');
    });

    it('revokes a sent share with a reason, once; never one that was not sent', () => {
      spec.given(sent()).when(asOfficer({ type: 'RevokeShare', reason: 'Shared in error' })).then([aShareRevoked()]);
      spec.given([...sent(), aShareRevoked()]).when(asOfficer({ type: 'RevokeShare', reason: 'again' })).thenRefuses('share-already-revoked');
      spec.given([aShareRequested(), aShareRefused()]).when(asOfficer({ type: 'RevokeShare', reason: 'x' })).thenRefuses('share-not-sent');
    });

    it('records the recipient’s confirmation of a revocation', () => {
      const confirm = onShare({ type: 'RecordRevocationConfirmed', by: WESTMOOR.id, confirmedAt: NOW }, { userId: 'system', agencyId: 'brightfield-lscb' });
      spec.given([...sent(), aShareRevoked()]).when(confirm).then([{ type: 'ShareRevocationConfirmed', data: { shareId: SHARE_ID, by: WESTMOOR.id, confirmedAt: NOW, recordedAt: NOW } }]);
      spec.given(sent()).when(confirm).then([]);
    });
  });

  describe('onward sharing', () => {
    const onward = (originalLabel: 'AMBER' | 'RED' | 'GREEN', label: 'AMBER' | 'AMBER+STRICT' | 'GREEN' | 'CLEAR' | 'RED') =>
      onShare(requestTo(WESTMOOR, aRequest({ label, onwardFrom: { originalShareId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', originalFrom: 'tvp', originalLabel } })));

    it('keeps or narrows the label', () => {
      expect(shareDecider.decide(onward('AMBER', 'AMBER'), shareDecider.initialState())[0].type).toBe('ShareRequested');
      expect(shareDecider.decide(onward('AMBER', 'AMBER+STRICT'), shareDecider.initialState())[0].type).toBe('ShareRequested');
    });

    it('never widens it, and never forwards RED', () => {
      spec.given([]).when(onward('AMBER', 'GREEN')).thenRefuses('label-widened');
      spec.given([]).when(onward('GREEN', 'CLEAR')).thenRefuses('label-widened');
      spec.given([]).when(onward('RED', 'RED')).thenRefuses('red-not-forwarded');
    });
  });
});

import { deciderSpec } from '@app/common-testing';
import { INBOUND_ID, RECEIVED_AT, SENDER, aShareReceived, anInboundShareRevoked, onInbound } from './inbound-share.builders';
import { inboundShareDecider } from './inbound-share.decider';

const spec = deciderSpec(inboundShareDecider);
const CASE = '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f';
const { receivedAt: _at, ...received } = aShareReceived().data;
const revoke = (from = SENDER.id) => onInbound({ type: 'ApplyRevocation', from, reason: 'Shared in error', revokedAt: '2026-11-28T15:00:00.000Z' }, []);

describe('inbound share decider', () => {
  it('records a received share once (a resend changes nothing)', () => {
    spec.given([]).when(onInbound({ type: 'ReceiveShare', data: received }, [])).then([aShareReceived()]);
    spec.given([aShareReceived()]).when(onInbound({ type: 'ReceiveShare', data: received }, [])).then([]);
  });

  it('links it to a local case or POI for those its label lets read it, once', () => {
    const link = (roles: string[]) => onInbound({ type: 'LinkInboundShare', to: { kind: 'case', id: CASE }, note: ' same child ' }, roles);
    spec
      .given([aShareReceived()])
      .when(link(['practitioner']))
      .then([{ type: 'InboundShareLinked', data: { shareId: INBOUND_ID, to: { kind: 'case', id: CASE }, note: 'same child', linkedBy: { userId: 'sw-40', agencyId: 'wm-csc' }, linkedAt: RECEIVED_AT } }]);
    spec.given([aShareReceived('AMBER+STRICT')]).when(link(['practitioner'])).thenRefuses('label-forbids');
    spec.given([aShareReceived('RED')]).when(link(['intelligence-officer'])).thenRefuses('label-forbids');
    spec.given([aShareReceived(), ...inboundShareDecider.decide(link(['practitioner']), inboundShareDecider.evolve(inboundShareDecider.initialState(), aShareReceived()))]).when(link(['practitioner'])).then([]);
    spec.given([]).when(link(['practitioner'])).thenRefuses('inbound-share-not-found');
  });

  it('applies its sender’s revocation once, and only its sender’s', () => {
    spec.given([aShareReceived()]).when(revoke()).then([anInboundShareRevoked()]);
    spec.given([aShareReceived(), anInboundShareRevoked()]).when(revoke()).then([]);
    spec.given([aShareReceived()]).when(revoke('tvp')).thenRefuses('not-the-sender');
    spec.given([]).when(revoke()).thenRefuses('inbound-share-not-found');
  });

  it('refuses linking a revoked share', () => {
    spec.given([aShareReceived(), anInboundShareRevoked()]).when(onInbound({ type: 'LinkInboundShare', to: { kind: 'poi', id: CASE } })).thenRefuses('share-revoked');
  });
});

import { Actor, WritePolicy, eventProblems } from '@app/common';
import { INBOUND_ID, aShareReceived, anInboundShareRevoked, onInbound } from './inbound-share.builders';
import { InboundShareCommand, inboundShareDecider } from './inbound-share.decider';
import { inboundShareStream } from './inbound-share.stream';

const link: Extract<InboundShareCommand, { type: 'LinkInboundShare' }> = { type: 'LinkInboundShare', to: { kind: 'poi', id: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f' }, note: 'same person' };
const officer: Actor = { userId: 'so-4', agencyId: 'wm-lscb', roles: ['sharing-officer'] };

/** A policy that records what it was asked and answers `outcome`. */
function policyAnswering(outcome: 'allow' | 'deny') {
  const asked: object[] = [];
  const policy: WritePolicy = {
    decideWrite: (_actor, record) => (asked.push(record), outcome === 'allow' ? { outcome } : { outcome, reason: 'Your roles may not change received shares' }),
    isPoliceAgency: () => false,
  };
  return { policy, asked };
}

describe('inbound share stream', () => {
  const rule = inboundShareStream.commands.LinkInboundShare;
  const linkOn = (state: ReturnType<typeof inboundShareDecider.initialState>, policy: WritePolicy) =>
    rule.record!({ id: INBOUND_ID, command: link, actor: officer, history: [], state, policy, readStream: async () => [] });

  it('is recorded and revoked by the exchange alone, and linked by sharing officers, intelligence officers and practitioners', () => {
    expect(inboundShareStream.commands.ReceiveShare).toEqual({ roles: [], system: true });
    expect(inboundShareStream.commands.ApplyRevocation).toEqual({ roles: [], system: true });
    expect(rule.roles).toEqual(['sharing-officer', 'intelligence-officer', 'practitioner']);
    expect(rule.system).toBeUndefined();
  });

  it('asks the access policy about the received share, with its label, before a link', () => {
    const received = inboundShareDecider.evolve(inboundShareDecider.initialState(), aShareReceived('AMBER+STRICT'));
    const allowing = policyAnswering('allow');
    linkOn(received, allowing.policy);
    expect(allowing.asked).toEqual([{ kind: 'inbound-share', id: INBOUND_ID, label: 'AMBER+STRICT' }]);
    expect(() => linkOn(received, policyAnswering('deny').policy)).toThrow(expect.objectContaining({ status: 403, code: 'forbidden' }));
    // Nothing received: the decider answers 404, the policy is not asked.
    const none = policyAnswering('deny');
    linkOn(inboundShareDecider.initialState(), none.policy);
    expect(none.asked).toEqual([]);
  });

  it('stores every event the decider records, and refuses one a reader could not apply', () => {
    const linked = inboundShareDecider.decide(onInbound(link), inboundShareDecider.evolve(inboundShareDecider.initialState(), aShareReceived()));
    for (const event of [aShareReceived(), aShareReceived('RED'), anInboundShareRevoked(), ...linked]) expect(eventProblems(inboundShareStream.events, event)).toEqual([]);
    const { label: _label, ...unlabelled } = aShareReceived().data;
    expect(eventProblems(inboundShareStream.events, { type: 'ShareReceived', data: unlabelled }).map((p) => p.field)).toEqual(['label']);
  });
});

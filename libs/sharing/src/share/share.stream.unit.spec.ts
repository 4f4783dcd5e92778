import { eventProblems } from '@app/common';
import { NOW, OFFICER, SHARE_ID, WESTMOOR, aRequest, aShareApproved, aShareRefused, aShareRequested, aShareRevoked, aShareSent, onShare, requestTo, sent } from './share.builders';
import { shareDecider } from './share.decider';
import { ShareEvent } from './share.events';
import { REQUESTER_ROLES, shareStream } from './share.stream';

const decided = (given: ShareEvent[], command: Parameters<typeof onShare>[0], actor = OFFICER) =>
  shareDecider.decide(onShare(command, actor), given.reduce(shareDecider.evolve, shareDecider.initialState()));

describe('share stream', () => {
  it('lets those who hold the case or the intelligence ask, sharing officers alone decide and revoke, and the exchange record answers', () => {
    const { commands } = shareStream;
    expect(REQUESTER_ROLES).toEqual(['practitioner', 'semrac-chair', 'intelligence-officer', 'sharing-officer']);
    expect([commands.RequestShare, commands.DecideNotToShare].map((rule) => rule.roles)).toEqual([REQUESTER_ROLES, REQUESTER_ROLES]);
    expect([commands.ApproveShare, commands.RefuseShare, commands.RevokeShare].map((rule) => rule.roles)).toEqual([['sharing-officer'], ['sharing-officer'], ['sharing-officer']]);
    for (const rule of [commands.RecordAcknowledgement, commands.RecordRevocationConfirmed]) expect(rule).toEqual({ roles: [], system: true });
    for (const rule of [commands.RequestShare, commands.ApproveShare]) expect(rule.system).toBeUndefined();
  });

  it('stores every event the decider records', () => {
    const events: ShareEvent[] = [
      aShareRequested(),
      aShareRequested(aRequest({ lawfulBasis: { code: 'other', text: 'Court order' }, subjectInformed: { informed: true }, handlingConditions: undefined })),
      aShareApproved(),
      aShareSent(),
      aShareRefused(),
      aShareRevoked(),
      ...decided(sent(), { type: 'RecordAcknowledgement', by: WESTMOOR.id, acknowledgedAt: '2026-11-28T11:20:00+01:00' }),
      ...decided([...sent(), aShareRevoked()], { type: 'RecordRevocationConfirmed', by: WESTMOOR.id, confirmedAt: NOW }),
      ...decided([], { type: 'DecideNotToShare', peer: WESTMOOR, peerId: WESTMOOR.id, data: { purpose: 'Asked', content: aRequest().content, reason: 'Not needed' } }),
      ...decided([], requestTo(WESTMOOR, aRequest({ onwardFrom: { originalShareId: SHARE_ID, originalFrom: 'tvp', originalLabel: 'AMBER' } }))),
    ];
    expect(events.map((e) => e.type)).toContain('DecidedNotToShare');
    for (const event of events) expect(eventProblems(shareStream.events, event)).toEqual([]);
  });

  it('refuses an event that readers could not apply, naming the field and never its value', () => {
    const { purpose: _purpose, ...withoutPurpose } = aShareRequested().data;
    expect(eventProblems(shareStream.events, { type: 'ShareRequested', data: withoutPurpose })).toEqual([{ field: 'purpose', problems: [expect.any(String)] }]);
    const unstated = { ...aShareRequested().data, lawfulBasis: { code: 'other' } };
    expect(eventProblems(shareStream.events, { type: 'ShareRequested', data: unstated })).toEqual([{ field: 'lawfulBasis.text', problems: ['is required when the code is other'] }]);
    const relabelled = eventProblems(shareStream.events, { type: 'ShareSent', data: { ...aShareSent().data, label: 'PURPLE' } });
    expect(relabelled.map((p) => p.field)).toEqual(['label']);
    expect(JSON.stringify(relabelled)).not.toContain('PURPLE');
  });
});

import { decideAccess } from './access-policy';

const context = { policeAgencyIds: ['thames-valley-police'] };
const actor = (agencyId: string, ...roles: string[]) => ({ userId: 'u', agencyId, roles: roles as never[] });
const meeting = { kind: 'semrac' as const, id: 'm-1' };
const action = { ...meeting, actionOwnerAgencyId: 'bf-health' };

describe('changes to SEMRAC meetings and their actions', () => {
  it.each([
    ['a chair runs the meeting', actor('bf-csc', 'semrac-chair'), meeting, 'allow'],
    ['a member does not', actor('bf-csc', 'semrac-member'), meeting, 'deny'],
    ['a practitioner does not', actor('bf-csc', 'practitioner'), meeting, 'deny'],
    ['a member follows an action up', actor('bf-csc', 'semrac-member'), action, 'allow'],
    ['the owner agency follows its action up', actor('bf-health', 'practitioner'), action, 'allow'],
    ['another agency does not', actor('bf-school', 'practitioner'), action, 'deny'],
    ['the owner agency needs a casework role', actor('bf-health', 'analyst'), action, 'deny'],
    ['an auditor changes nothing', actor('bf-board', 'auditor'), action, 'deny'],
  ])('%s', (_what, who, record, outcome) => {
    expect(decideAccess(who, 'write', record, context).outcome).toBe(outcome);
  });
});

import { ROLES, Role } from '@app/common/domain';
import {
  AccessAction,
  AccessContext,
  AccessRecord,
  CaseAccessRecord,
  IntelligenceItemAccessRecord,
  caseListScope,
  decideAccess,
  inCaseListScope,
  inIntelligenceListScope,
  intelligenceListScope,
} from './access-policy';

/**
 * The role-by-record matrix (issue 6): every role, alone, against every kind of record in its
 * representative states. Read a row as documentation: "a practitioner of an agency on the case
 * may read it". ✓ allow, ✗ deny, BG allowed only with a break-glass reason (flagged to auditors).
 *
 * The actor is always of agency `bf-school`; "own" records involve bf-school, "other" records
 * involve only `bf-health`. Police agency: `thames-valley-police`.
 */
const OWN = 'bf-school';
const POLICE = 'thames-valley-police';
const context: AccessContext = {
  policeAgencyIds: [POLICE],
  // The sharing context's TLP table in miniature: RED sharing officers only; AMBER casework; CLEAR anyone.
  shareLabelRule: (label, roles) => (label === 'RED' ? roles.includes('sharing-officer') : label === 'AMBER' ? roles.some((r) => ['practitioner', 'intelligence-officer', 'sharing-officer'].includes(r)) : true),
};

type Cell = '✓' | '✗' | 'BG';
//                                   referrer practitioner chair member officer analyst sharing auditor admin board board-officer
const COLUMNS: Role[] = ['referrer', 'practitioner', 'semrac-chair', 'semrac-member', 'intelligence-officer', 'analyst', 'sharing-officer', 'auditor', 'admin', 'board', 'board-officer'];

const caseOn = (agencyIds: string[], atSemrac = false): CaseAccessRecord => ({ kind: 'case', id: 'case-1', agencyIds, atSemrac });
const item = (submitterAgencyId: string, handling?: 'P' | 'C'): IntelligenceItemAccessRecord => ({ kind: 'intelligence-item', id: 'item-1', submitterAgencyId, ...(handling ? { handling } : {}) });

const MATRIX: [string, AccessAction, AccessRecord, Cell[], string?][] = [
  // what                                          action   record                                     ref  prac chair memb off  anal shar aud  adm  board b-off
  ['case, own agency on it',                       'read',  caseOn([OWN, 'bf-csc']),                   ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓', '✗', '✗', '✗']],
  ['case, other agencies only',                    'read',  caseOn(['bf-health']),                     ['BG', 'BG', 'BG', 'BG', 'BG', '✗', 'BG', '✓', '✗', '✗', '✗']],
  ['case, other agencies, at SEMRAC',              'read',  caseOn(['bf-health'], true),               ['BG', 'BG', '✓', '✓', 'BG', '✗', 'BG', '✓', '✗', '✗', '✗']],
  ['case row in a list, own agency',               'list',  caseOn([OWN]),                             ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓', '✗', '✗', '✗']],
  ['case row in a list, other agencies',           'list',  caseOn(['bf-health']),                     ['✗', '✗', '✗', '✗', '✗', '✗', '✗', '✓', '✗', '✗', '✗']],
  ['case row in a list, other agencies, at SEMRAC','list',  caseOn(['bf-health'], true),               ['✗', '✗', '✓', '✓', '✗', '✗', '✗', '✓', '✗', '✗', '✗']],
  ['change a case, own agency on it',              'write', caseOn([OWN]),                             ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✗', '✗', '✗', '✗']],
  ['change a case, other agencies only',           'write', caseOn(['bf-health']),                     ['✗', '✗', '✗', '✗', '✗', '✗', '✗', '✗', '✗', '✗', '✗']],
  ['SEMRAC meeting, agenda, actions',              'read',  { kind: 'semrac', id: 'm-1' },             ['BG', 'BG', '✓', '✓', 'BG', '✗', 'BG', '✓', '✗', '✗', '✗']],
  ['run a SEMRAC meeting',                         'write', { kind: 'semrac', id: 'm-1' },             ['✗', '✗', '✓', '✗', '✗', '✗', '✗', '✗', '✗', '✗', '✗']],
  ['intelligence, own agency submitted, ungraded', 'read',  item(OWN),                                 ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓', '✗', '✗', '✗']],
  ['intelligence, other agency, ungraded',         'read',  item('bf-health'),                         ['BG', 'BG', 'BG', 'BG', '✓', '✗', 'BG', '✓', '✗', '✗', '✗']],
  ['intelligence, other agency, handling P',       'read',  item('bf-health', 'P'),                    ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓', '✗', '✗', '✗']],
  ['intelligence, other agency, handling C',       'read',  item('bf-health', 'C'),                    ['BG', 'BG', 'BG', 'BG', '✓', '✗', 'BG', '✓', '✗', '✗', '✗']],
  ['intelligence row in a list, handling C',       'list',  item('bf-health', 'C'),                    ['✗', '✗', '✗', '✗', '✓', '✗', '✗', '✓', '✗', '✗', '✗']],
  ['intelligence row in a list, ungraded, own',    'list',  item(OWN),                                 ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓', '✗', '✗', '✗']],
  ['grade or change intelligence',                 'write', item(OWN, 'P'),                            ['✗', '✗', '✗', '✗', '✓', '✗', '✗', '✗', '✗', '✗', '✗']],
  ['sealed original of an item',                   'read',  { kind: 'intelligence-original', id: 'i' },['✗', '✗', '✗', '✗', '✓', '✗', '✗', '✗', '✗', '✗', '✗']],
  ['POI recorded by own agency',                   'read',  { kind: 'poi', id: 'p', recordedByAgencyId: OWN }, ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓', '✗', '✗', '✗']],
  ['POI recorded by another agency',               'read',  { kind: 'poi', id: 'p', recordedByAgencyId: 'bf-health' }, ['BG', 'BG', '✓', '✓', '✓', '✗', 'BG', '✓', '✗', '✗', '✗']],
  ['police feed',                                  'read',  { kind: 'police-feed', id: 'feed' },       ['✗', '✗', '✗', '✗', '✓', '✗', '✗', '✓', '✗', '✗', '✗']],
  ['outbound share requested by own agency',       'read',  { kind: 'share', id: 's', requesterAgencyId: OWN }, ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓', '✗', '✗', '✗']],
  ['outbound share of another agency',             'read',  { kind: 'share', id: 's', requesterAgencyId: 'bf-health' }, ['✗', '✗', '✗', '✗', '✗', '✗', '✓', '✓', '✗', '✗', '✗']],
  ['inbound share labelled RED',                   'read',  { kind: 'inbound-share', id: 'r', label: 'RED' }, ['✗', '✗', '✗', '✗', '✗', '✗', '✓', '✗', '✗', '✗', '✗']],
  ['inbound share labelled AMBER',                 'read',  { kind: 'inbound-share', id: 'r', label: 'AMBER' }, ['✗', '✓', '✗', '✗', '✓', '✗', '✓', '✗', '✗', '✗', '✗']],
  ['inbound share labelled CLEAR',                 'read',  { kind: 'inbound-share', id: 'r', label: 'CLEAR' }, ['✓', '✓', '✓', '✓', '✓', '✗', '✓', '✓', '✓', '✗', '✗']],
];

const cell = (outcome: string): Cell => (outcome === 'allow' ? '✓' : outcome === 'break-glass' ? 'BG' : '✗');

describe('need-to-know access: every role against every kind of record', () => {
  it('covers every role and every kind of record', () => {
    expect([...COLUMNS].sort()).toEqual([...ROLES].sort());
    expect(new Set(MATRIX.map(([, , record]) => record.kind))).toEqual(
      new Set(['case', 'semrac', 'intelligence-item', 'intelligence-original', 'poi', 'police-feed', 'share', 'inbound-share']),
    );
  });

  describe.each(MATRIX)('%s (%s)', (_what, action, record, cells) => {
    it.each(COLUMNS.map((role, i) => [role, cells[i]] as const))('%s: %s', (role, expected) => {
      expect(cell(decideAccess({ userId: 'u-1', agencyId: OWN, roles: [role] }, action, record, context).outcome)).toBe(expected);
    });
  });

  it('gives a user without roles nothing but CLEAR shares', () => {
    const nobody = { userId: 'u-0', agencyId: OWN, roles: [] };
    const outcomes = MATRIX.map(([, action, record]) => decideAccess(nobody, action, record, context).outcome);
    expect(MATRIX.filter((_, i) => outcomes[i] !== 'deny').map(([what]) => what)).toEqual(['inbound share labelled CLEAR']);
  });

  it('lets police casework roles read handling C items, which other agencies break glass for', () => {
    const police = { userId: 'pc-1', agencyId: POLICE, roles: ['practitioner' as Role] };
    expect(decideAccess(police, 'read', item('bf-health', 'C'), context)).toEqual({ outcome: 'allow', ground: 'handling C: police' });
    expect(decideAccess(police, 'list', item('bf-health', 'C'), context).outcome).toBe('allow');
  });

  it('says why, without personal data: ids and rules only', () => {
    const decision = decideAccess({ userId: 'u-1', agencyId: OWN, roles: ['practitioner'] }, 'read', caseOn(['bf-health']), context);
    expect(decision).toEqual({ outcome: 'break-glass', reason: 'Your agency is not on case case-1' });
    expect(decideAccess({ userId: 'u-1', agencyId: OWN, roles: ['practitioner'] }, 'read', { kind: 'intelligence-original', id: 'i' }, context)).toEqual({
      outcome: 'deny',
      reason: 'Only a user with the role intelligence-officer may read the sealed original and the source details',
    });
  });

  it.each(['board', 'board-officer', 'analyst'] as Role[])('gives a %s alone no record at all; a role held beside it still counts', (role) => {
    const reader = { userId: 'b-1', agencyId: 'bf-board', roles: [role] };
    expect(MATRIX.map(([, action, record]) => decideAccess(reader, action, record, context).outcome).filter((o) => o !== 'deny')).toEqual([]);
    expect(decideAccess({ ...reader, roles: [role, 'auditor'] }, 'read', caseOn(['bf-health']), context).outcome).toBe('allow');
  });

  it('reads inbound shares by sharing officers only until the sharing context plugs its label table in', () => {
    const practitioner = { userId: 'u-1', agencyId: OWN, roles: ['practitioner' as Role] };
    const share: AccessRecord = { kind: 'inbound-share', id: 'r', label: 'CLEAR' };
    expect(decideAccess(practitioner, 'read', share, { policeAgencyIds: [POLICE] }).outcome).toBe('deny');
    expect(decideAccess({ ...practitioner, roles: ['sharing-officer'] }, 'read', share, { policeAgencyIds: [POLICE] }).outcome).toBe('allow');
  });
});

describe('list scopes say what decideAccess says, row by row', () => {
  const cases = [caseOn([OWN]), caseOn(['bf-health']), caseOn(['bf-health'], true), caseOn([OWN, 'bf-health'], true), caseOn([])];
  const items = [item(OWN), item(OWN, 'C'), item('bf-health'), item('bf-health', 'P'), item('bf-health', 'C')];
  const actors = [...COLUMNS.map((role) => [role]), [], ['practitioner', 'analyst'], ['semrac-member', 'referrer']] as Role[][];

  it.each(actors.map((roles) => [roles.join('+') || '(no role)', roles] as const))('%s', (_name, roles) => {
    for (const agencyId of [OWN, POLICE]) {
      const actor = { userId: 'u', agencyId, roles };
      for (const record of cases) expect([record, inCaseListScope(caseListScope(actor), record)]).toEqual([record, decideAccess(actor, 'list', record, context).outcome === 'allow']);
      for (const record of items) expect([record, inIntelligenceListScope(intelligenceListScope(actor, context), record)]).toEqual([record, decideAccess(actor, 'list', record, context).outcome === 'allow']);
    }
  });
});

import { parseRoles } from './actor';

describe('a token’s roles claim', () => {
  it('absent or blank means no roles', () => {
    expect(parseRoles(undefined)).toEqual([]);
    expect(parseRoles('  ')).toEqual([]);
    expect(parseRoles([])).toEqual([]);
  });

  it('reads an array or a list separated by commas or spaces, each role once, whatever the case', () => {
    expect(parseRoles(['intelligence-officer', 'Analyst', 'analyst'])).toEqual(['intelligence-officer', 'analyst']);
    expect(parseRoles('intelligence-officer, analyst')).toEqual(['intelligence-officer', 'analyst']);
    expect(parseRoles('practitioner semrac-member')).toEqual(['practitioner', 'semrac-member']);
  });

  it('refuses a claim with any role that does not exist, or that is not text', () => {
    expect(parseRoles(['intelligence-officer', 'spy'])).toBeUndefined();
    expect(parseRoles([42])).toBeUndefined();
    expect(parseRoles({ admin: true })).toBeUndefined();
  });
});

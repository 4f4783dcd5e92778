import { parseRoles } from './actor';

describe('X-Roles', () => {
  it('absent or blank means no roles', () => {
    expect(parseRoles(undefined)).toEqual([]);
    expect(parseRoles('  ')).toEqual([]);
  });

  it('reads a comma-separated list, each role once, whatever the case and spacing', () => {
    expect(parseRoles('intelligence-officer, Analyst,analyst')).toEqual(['intelligence-officer', 'analyst']);
  });

  it('refuses a list with any role that does not exist', () => {
    expect(parseRoles('intelligence-officer,spy')).toBeUndefined();
    expect(parseRoles('intelligence-officer,')).toBeUndefined();
  });
});

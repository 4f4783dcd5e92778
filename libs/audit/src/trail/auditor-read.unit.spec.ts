import { readPurpose } from '../cli/audit-cli';
import { purposeProblem } from '@app/access';
import { AUDIT_READ_PURPOSES, auditorRead } from './auditor-read';

describe("an auditor's read, as the access log keeps it", () => {
  const operator = { userId: 'auditor-7', agencyId: 'bf-audit', roles: ['auditor' as const] };
  const at = new Date('2026-03-01T12:00:00Z');

  it('is the RecordAccessed event of the HTTP API, grounded on the channel it came through', () => {
    expect(auditorRead('intel', 'i-1', 'Subject access request', operator, 'command line', at)).toEqual({
      accessKind: 'intelligence-item',
      event: {
        type: 'RecordAccessed',
        data: {
          kind: 'intelligence-item',
          recordId: 'i-1',
          action: 'read',
          purpose: 'Subject access request',
          ground: 'auditor (read-only, command line)',
          roles: ['auditor'],
          breakGlass: false,
          accessedAt: '2026-03-01T12:00:00.000Z',
        },
      },
    });
    expect(auditorRead('case', 'c-1', AUDIT_READ_PURPOSES.replay, operator, 'http', at)?.event.data).toMatchObject({ kind: 'case', ground: 'auditor (read-only)' });
    expect(auditorRead('nonsense', 'x', 'why', operator, 'http', at)).toBeUndefined();
  });

  it('takes a stated purpose of 3-200 characters on one line, like X-Purpose, and the command default otherwise', () => {
    expect(readPurpose({}, AUDIT_READ_PURPOSES.trail)).toBe('audit: trail');
    expect(readPurpose({ purpose: '  SAR-114 review ' }, AUDIT_READ_PURPOSES.trail)).toBe('SAR-114 review');
    expect(purposeProblem('ok?')).toBeUndefined();
    for (const bad of ['no', 'x'.repeat(201), 'two\nlines']) {
      expect(purposeProblem(bad)).toMatch(/3-200 characters/);
      expect(() => readPurpose({ purpose: bad }, AUDIT_READ_PURPOSES.replay)).toThrow(/--purpose must be 3-200 characters/);
    }
  });
});

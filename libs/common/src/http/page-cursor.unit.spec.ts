import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor, keysetPage, parseCursor } from './page-cursor';

const SHAPE = { openedAt: 'string', caseId: 'string' } as const;
const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('page cursors', () => {
  it('round-trips the last row’s key', () => {
    const key = { openedAt: '2026-12-01T09:12:00.000Z', caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11' };
    expect(decodeCursor(encodeCursor(key), SHAPE)).toEqual(key);
    expect(decodeCursor(undefined, SHAPE)).toBeUndefined();
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{"openedAt":').toString('base64url')],
    ['a list', encoded(['a', 'b'])],
    ['a field missing', encoded({ openedAt: 'x' })],
    ['a field more', encoded({ openedAt: 'x', caseId: 'y', extra: 1 })],
    ['a wrong type', encoded({ openedAt: 12, caseId: 'y' })],
    ['a prototype key', Buffer.from('{"__proto__":{"polluted":true},"openedAt":"x","caseId":"y"}').toString('base64url')],
    ['an overlong value', encoded({ openedAt: 'x'.repeat(101), caseId: 'y' })],
    ['over 500 characters', 'A'.repeat(501)],
    ['repeated in the query', ['a', 'b']],
  ])('refuses %s, naming query after', (_what, text) => {
    expect(parseCursor(text, SHAPE)).toEqual({ problem: { field: 'query after', problems: [expect.any(String)] } });
    expect(() => decodeCursor(text, SHAPE)).toThrow(BadRequestException);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers next only when a row beyond the page was read', () => {
    const rows = [1, 2, 3].map((n) => ({ openedAt: `t${n}`, caseId: `c${n}` }));
    expect(keysetPage(rows, 2, (r) => r)).toEqual({ rows: rows.slice(0, 2), next: encodeCursor(rows[1]) });
    expect(keysetPage(rows, 3, (r) => r)).toEqual({ rows, next: null });
  });
});

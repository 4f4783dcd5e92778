import { jsonDiff } from './json-diff';

describe('jsonDiff', () => {
  it('names each changed, added and removed path, arrays by index, keys in order', () => {
    const before = { status: 'open', flags: ['looked-after'], child: { age: 14 }, gone: true };
    const after = { status: 'closed', flags: ['looked-after', 'care-leaver'], child: { age: 15 }, added: 'x' };
    expect(jsonDiff(before, after)).toEqual([
      { path: 'added', change: 'added', after: 'x' },
      { path: 'child.age', change: 'changed', before: 14, after: 15 },
      { path: 'flags[1]', change: 'added', after: 'care-leaver' },
      { path: 'gone', change: 'removed', before: true },
      { path: 'status', change: 'changed', before: 'open', after: 'closed' },
    ]);
  });

  it('finds nothing between equal values, and a whole value when its type changes', () => {
    expect(jsonDiff({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
    expect(jsonDiff({ a: [1] }, { a: { 0: 1 } })).toEqual([{ path: 'a', change: 'changed', before: [1], after: { 0: 1 } }]);
    expect(jsonDiff(undefined, { a: 1 })).toEqual([{ path: '', change: 'added', after: { a: 1 } }]);
  });
});

import { START } from './event-store.port';
import { comparePositions, decodePosition, encodePosition } from './log-position';

const MAX_U64 = 2n ** 64n - 1n;

/** A deterministic spread of unsigned 64-bit values: small, around digit-count boundaries, huge. */
function samples(): bigint[] {
  const values = new Set<bigint>([0n, 1n, 2n, 9n, 10n, 11n, 99n, 100n, 101n, 2n ** 31n, 2n ** 32n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n, MAX_U64 - 1n, MAX_U64]);
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 40; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & MAX_U64;
    values.add(x >> BigInt(i % 64)); // every magnitude from 64 bits down to 1
  }
  return [...values];
}

const numeric = (a: [bigint, bigint], b: [bigint, bigint]) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : 0);

describe('log positions', () => {
  it('are two 20-digit zero-padded numbers', () => {
    expect(encodePosition(1, 2)).toBe('00000000000000000001:00000000000000000002');
    expect(encodePosition(MAX_U64, 0n)).toBe('18446744073709551615:00000000000000000000');
    expect(encodePosition('42', 7n)).toBe(encodePosition(42, 7));
  });

  it('compare as plain strings exactly as the numbers they hold compare', () => {
    const values = samples();
    const pairs: [bigint, bigint][] = [];
    for (const a of values.slice(0, 24)) for (const b of values.slice(0, 24)) pairs.push([a, b]);
    for (const a of pairs) {
      for (const b of pairs.slice(0, 120)) {
        const pa = encodePosition(a[0], a[1]);
        const pb = encodePosition(b[0], b[1]);
        const expected = numeric(a, b);
        if (comparePositions(pa, pb) !== expected || (pa < pb) !== expected < 0) {
          throw new Error(`(${a}) vs (${b}): strings ${pa} / ${pb} order as ${comparePositions(pa, pb)}, numbers as ${expected}`);
        }
      }
    }
    // Sorting positions as strings sorts them numerically (9 before 10, which naive strings get wrong).
    const shuffled = pairs.map(([a, b]) => encodePosition(a, b)).reverse();
    const sortedAsStrings = [...shuffled].sort();
    const sortedAsNumbers = [...pairs].sort(numeric).map(([a, b]) => encodePosition(a, b));
    expect(sortedAsStrings).toEqual(sortedAsNumbers);
  });

  it('orders by the first number before the second', () => {
    expect(comparePositions(encodePosition(1, 999), encodePosition(2, 0))).toBe(-1);
    expect(comparePositions(encodePosition(2, 0), encodePosition(1, 999))).toBe(1);
    expect(comparePositions(encodePosition(5, 5), encodePosition(5, 5))).toBe(0);
  });

  it('START comes before every position', () => {
    expect(comparePositions(START, encodePosition(0, 0))).toBe(-1);
    expect(START < encodePosition(0, 0)).toBe(true);
  });

  it('round-trip through decode without losing precision', () => {
    for (const a of samples()) {
      for (const b of [0n, 1n, a, MAX_U64]) {
        expect(decodePosition(encodePosition(a, b))).toEqual({ major: a, minor: b });
      }
    }
  });

  it.each([
    ['the empty string (START is not a position to decode)', ''],
    ['unpadded numbers', '1:2'],
    ['a missing separator', '0000000000000000000100000000000000000002'],
    ['a 19-digit part', '0000000000000000001:00000000000000000002'],
    ['a 21-digit part', '000000000000000000001:00000000000000000002'],
    ['a sign', '-0000000000000000001:00000000000000000002'],
    ['letters', '0000000000000000000a:00000000000000000002'],
    ['trailing text', '00000000000000000001:00000000000000000002x'],
    ['leading white space', ' 00000000000000000001:00000000000000000002'],
    ['a trailing newline', '00000000000000000001:00000000000000000002\n'],
    ['three parts', '00000000000000000001:00000000000000000002:00000000000000000003'],
  ])('refuses %s', (_label, text) => {
    expect(() => decodePosition(text)).toThrow(RangeError);
    expect(() => decodePosition(text)).toThrow(/Not a log position/);
  });
});

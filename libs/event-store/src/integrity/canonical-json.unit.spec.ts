import { canonicalJson, canonicalJsonPieces } from './canonical-json';

describe('canonicalJson', () => {
  it('gives the same text whatever order the keys were written in', () => {
    const a = { type: 'Referral', child: { name: 'A', age: 14 }, flags: [1, 2] };
    const b = { flags: [1, 2], child: { age: 14, name: 'A' }, type: 'Referral' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"child":{"age":14,"name":"A"},"flags":[1,2],"type":"Referral"}');
  });

  it('sorts keys at every depth, including objects inside arrays', () => {
    const value = { z: { y: { x: 1, w: 2 }, v: [{ b: 1, a: 2 }, { d: [{ f: 1, e: 2 }] }] }, a: null };
    expect(canonicalJson(value)).toBe('{"a":null,"z":{"v":[{"a":2,"b":1},{"d":[{"e":2,"f":1}]}],"y":{"w":2,"x":1}}}');
  });

  it('sorts keys by UTF-16 code units, not by insertion or numeric-key order', () => {
    // Object.keys lists integer-like keys first, numerically ("9" before "10"); canonical order is by code unit.
    const value = { b: 1, '10': 2, a: 3, '9': 4, Z: 5, é: 6, '': 7 };
    expect(canonicalJson(value)).toBe('{"":7,"10":2,"9":4,"Z":5,"a":3,"b":1,"é":6}');
  });

  it('sorts objects of every size in the same order, few keys or many, whatever order they came in', () => {
    const names = Array.from({ length: 80 }, (_, i) => `${String.fromCharCode(0x61 + (i % 26))}${i}${i % 3 ? 'é' : 'Z'}`);
    for (const size of [2, 3, 31, 32, 33, 80]) {
      const keys = names.slice(0, size);
      // Reversed, and interleaved from both ends: worst and mixed orders for the sort.
      for (const order of [[...keys].reverse(), keys.map((_, i) => keys[i % 2 ? i >> 1 : size - 1 - (i >> 1)])]) {
        const value = Object.fromEntries(order.map((k) => [k, k.length]));
        expect(canonicalJson(value)).toBe(`{${[...keys].sort().map((k) => `"${k}":${k.length}`).join(',')}}`);
      }
    }
  });

  it('gives the same text from its pieces form, once flattened', () => {
    const value = { b: [1, { d: 'x', c: 'y' }], a: 'Ада 🧒' };
    expect(`${canonicalJsonPieces(value)}`).toBe(canonicalJson(value));
  });

  it('keeps array order (arrays are sequences, not sets)', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('writes no white space and is stable across a JSON round trip', () => {
    const value = { note: 'line 1\nline 2\t"quoted" \\ back', list: [true, false, null, 0, -1.5, 1e21], nested: { empty: {}, none: [] } };
    const text = canonicalJson(value);
    expect(text).toBe('{"list":[true,false,null,0,-1.5,1e+21],"nested":{"empty":{},"none":[]},"note":"line 1\\nline 2\\t\\"quoted\\" \\\\ back"}');
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(canonicalJson(JSON.parse(JSON.stringify(value, null, 2)))).toBe(text);
  });

  it('leaves out keys whose value is undefined, and writes undefined in an array as null (as JSON.stringify does)', () => {
    expect(canonicalJson({ a: 1, gone: undefined, b: { also: undefined } })).toBe('{"a":1,"b":{}}');
    expect(canonicalJson({ a: 1, gone: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
    expect(canonicalJson([1, undefined, 2])).toBe(JSON.stringify([1, undefined, 2]));
  });

  it('keeps non-ASCII text as it is, so names in any script hash the same after storage', () => {
    const value = { name: 'Ада Łucja Ó’Neill', city: '東京', note: '😀 ok', rtl: 'مرحبا' };
    const text = canonicalJson(value);
    expect(text).toBe('{"city":"東京","name":"Ада Łucja Ó’Neill","note":"😀 ok","rtl":"مرحبا"}');
    expect(JSON.parse(text)).toEqual(value);
    // Precomposed and decomposed é are different strings and stay different (no silent normalisation).
    expect(canonicalJson({ s: '\u00e9' })).not.toBe(canonicalJson({ s: 'e\u0301' }));
    // Control characters are escaped.
    expect(canonicalJson({ s: '\u0001' })).toBe('{"s":"\\u0001"}');
  });

  it('writes each key as JSON.stringify quotes it, every time: keys needing escapes, long keys and more keys than are kept quoted', () => {
    const odd = { 'say "hi"': 1, 'back\\slash': 2, 'new\nline': 3, '\u0007': 4, ['k'.repeat(100)]: 5, 'ключ': 6 };
    const expected = `{${Object.keys(odd).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(odd[k as keyof typeof odd])}`).join(',')}}`;
    expect(canonicalJson(odd)).toBe(expected);
    expect(canonicalJson(odd)).toBe(expected);
    // Thousands of distinct keys (more than are kept quoted): every one still written, in order.
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field-${i}`, i]));
    const text = canonicalJson(many);
    expect(JSON.parse(text)).toEqual(many);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(canonicalJson(odd)).toBe(expected);
  });

  it('accepts objects without a prototype as plain objects', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it.each([
    ['NaN', { n: Number.NaN }],
    ['Infinity', { n: Number.POSITIVE_INFINITY }],
    ['-Infinity inside an array', { list: [1, Number.NEGATIVE_INFINITY] }],
    ['a Date', { at: new Date('2024-01-01T00:00:00Z') }],
    ['a class instance', { thing: new (class Referral { constructor(readonly id = 1) {} })() }],
    ['a Map', { m: new Map([['a', 1]]) }],
    ['a Buffer', { b: Buffer.from('x') }],
    ['a bigint', { n: 1n }],
    ['a function', { f: () => 1 }],
    ['a symbol', { s: Symbol('s') }],
    ['a Date at the top level', new Date(0)],
  ])('refuses %s rather than storing something that would not hash the same after a round trip', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('names the offending class in the error', () => {
    class Referral {
      id = 1;
    }
    expect(() => canonicalJson({ r: new Referral() })).toThrow(/Referral/);
    expect(() => canonicalJson({ at: new Date() })).toThrow(/Date/);
  });

  it('escapes exactly what JSON.stringify escapes, in keys and values (quotes, backslashes, controls, lone surrogates)', () => {
    // The writer quotes most strings itself and leaves the rest to JSON.stringify: both must give
    // the text a key-sorting JSON.stringify gives, or stored events would hash differently.
    const reference = (value: unknown): string =>
      JSON.stringify(value, (_key, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
      );
    const awkward = ['', 'plain', 'say "hi"', 'back\\slash', 'tab\there', '\u0000\u001f\u007f', 'line\u2028sep\u2029', 'é Ł 東京', '😀', '\ud800 lone high', 'lone low \udc00', '\udc00\ud800', '</script>', "it's"];
    for (const text of awkward) {
      const value = { [text]: text, list: [text, { [`${text}!`]: text }] };
      expect(canonicalJson(value)).toBe(reference(value));
      expect(JSON.parse(canonicalJson(value))).toEqual(value);
    }
  });

  it('returns the whole text of a large value, the same as built piece by piece', () => {
    const value = { b: Array.from({ length: 200 }, (_, i) => ({ i, s: `item ${i}` })), a: 'x' };
    const text = canonicalJson(value);
    expect(text).toBe(JSON.stringify({ a: 'x', b: value.b }));
    expect(text.slice(0, 12)).toBe('{"a":"x","b"');
  });
});


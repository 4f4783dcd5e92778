import { randomUUID } from 'node:crypto';
import { binaryByteaArray, binaryTextArray, binaryUuidArray } from './postgres-binary-arrays';

/** Reads back PostgreSQL's one-dimensional binary array: [element OID, elements]. */
function decode(buffer: Buffer): { oid: number; elements: Buffer[] } {
  expect(buffer.readInt32BE(0)).toBe(1); // dimensions
  expect(buffer.readInt32BE(4)).toBe(0); // no NULL elements
  const oid = buffer.readInt32BE(8);
  const count = buffer.readInt32BE(12);
  expect(buffer.readInt32BE(16)).toBe(1); // lower bound
  const elements: Buffer[] = [];
  let offset = 20;
  for (let i = 0; i < count; i++) {
    const length = buffer.readInt32BE(offset);
    elements.push(buffer.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  expect(offset).toBe(buffer.length);
  return { oid, elements };
}

describe('PostgreSQL binary array parameters', () => {
  it('writes texts as UTF-8 with their byte lengths, whatever characters they hold', () => {
    const texts = ['{"name":"Ада Łucja Ó"}', '', 'quote " backslash \\ brace } comma , NULL', 'a\u001eb', '🧒'];
    const { oid, elements } = decode(binaryTextArray(texts));
    expect(oid).toBe(25);
    expect(elements.map((e) => e.toString('utf8'))).toEqual(texts);
    expect(elements[4]).toHaveLength(4);
  });

  it('writes each UUID as its 16 bytes, in either case', () => {
    const ids = ['00112233-4455-6677-8899-aabbccddeeff', 'FFEEDDCC-BBAA-9988-7766-554433221100'];
    const { oid, elements } = decode(binaryUuidArray(ids));
    expect(oid).toBe(2950);
    expect(elements.map((e) => e.toString('hex'))).toEqual(['00112233445566778899aabbccddeeff', 'ffeeddccbbaa99887766554433221100']);
  });

  it('refuses an id that is not a UUID rather than send a shorter one', () => {
    expect(() => binaryUuidArray(['00112233-4455-6677-8899-aabbccddeexx'])).toThrow(RangeError);
    expect(() => binaryUuidArray(['0011223344556677-8899-aabbccddeeff'])).toThrow(RangeError);
  });

  it('refuses a UUID with any one character wrong, wherever it is', () => {
    const id = '00112233-4455-6677-8899-aabbccddeeff';
    for (let i = 0; i < id.length; i++) {
      // A non-hex letter, a digit from another script, a character past 127, and a dash or a digit where the other belongs.
      const wrong = id[i] === '-' ? ['0', 'a', ' '] : ['g', 'G', '\u0663', '\u00e9', '-', ' '];
      for (const c of wrong) expect(() => binaryUuidArray([id.slice(0, i) + c + id.slice(i + 1)])).toThrow(RangeError);
    }
    expect(() => binaryUuidArray([`${id}0`])).toThrow(RangeError);
    expect(() => binaryUuidArray([id.slice(1)])).toThrow(RangeError);
  });

  it('writes the same bytes as the hex digits say, for random ids in either case', () => {
    const ids = Array.from({ length: 200 }, (_, i) => (i % 2 ? randomUUID() : randomUUID().toUpperCase()));
    const { elements } = decode(binaryUuidArray(ids));
    expect(elements.map((e) => e.toString('hex'))).toEqual(ids.map((id) => id.replace(/-/g, '').toLowerCase()));
  });

  it('writes byte strings as they are, an empty one and an empty array included', () => {
    const values = [Buffer.from([0, 1, 2, 255]), Buffer.alloc(0)];
    const { oid, elements } = decode(binaryByteaArray(values));
    expect(oid).toBe(17);
    expect(elements).toEqual(values);
    expect(decode(binaryTextArray([])).elements).toEqual([]);
  });
});

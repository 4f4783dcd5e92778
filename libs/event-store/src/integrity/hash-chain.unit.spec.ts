import { createHash } from 'node:crypto';
import { EventMetadata } from '../event-store.port';
import { canonicalJson, canonicalJsonPieces } from './canonical-json';
import { GENESIS_HASH, HashableEvent, contentHash, hashContent, linkHash } from './hash-chain';

const sha256 = (...parts: (Buffer | string)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** The documented tail: revision and recordedAtMillis as big-endian signed 64-bit integers, written by hand. */
function int64be(n: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  let v = BigInt.asUintN(64, n);
  for (let i = 7; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return bytes;
}

const metadata: EventMetadata = { actor: { userId: 'user-1', agencyId: 'agency-police' }, correlationId: 'c-1' };
const event: HashableEvent = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  streamId: 'case-42',
  type: 'ReferralReceived',
  data: { child: { name: 'Ада', age: 14 }, urgent: true },
  metadata,
};
// What the hashed content must be, written out by hand: keys sorted at every level, no white space.
const CANONICAL =
  '{"data":{"child":{"age":14,"name":"Ада"},"urgent":true},"id":"0f8fad5b-d9cb-469f-a165-70867728950e",' +
  '"metadata":{"actor":{"agencyId":"agency-police","userId":"user-1"},"correlationId":"c-1"},"streamId":"case-42","type":"ReferralReceived"}';

describe('hash chain', () => {
  it('starts from 32 zero bytes', () => {
    expect(GENESIS_HASH).toEqual(Buffer.alloc(32));
  });

  it('hashes the content as SHA-256 of the canonical JSON of id, stream, type, data and metadata', () => {
    expect(contentHash(event)).toEqual(sha256(Buffer.from(CANONICAL, 'utf8')));
    // Pinned (computed once outside the code with sha256sum): stored chains depend on these bytes never changing.
    expect(contentHash(event).toString('hex')).toBe('9df6cdea478a9642a03c4cfbde6d28cec4785450df72e9625a68787623d76b0a');
  });

  it('content hash ignores key order and fields outside the hashed ones', () => {
    const reordered = {
      metadata: { correlationId: 'c-1', actor: { agencyId: 'agency-police', userId: 'user-1' } },
      type: 'ReferralReceived',
      data: { urgent: true, child: { age: 14, name: 'Ада' } },
      streamId: 'case-42',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      revision: 7,
      hash: 'not hashed',
    } as HashableEvent;
    expect(contentHash(reordered)).toEqual(contentHash(event));
  });

  it("gives the append path's data, metadata and content hash as contentHash and canonicalJson give them", () => {
    const cases: HashableEvent[] = [
      event,
      // A stream id that needs escapes, texts with surrogate pairs and escapes, empty objects.
      { ...event, streamId: 'case "7" \\ ü 🧒', data: { note: 'line\nbreak "q" 🧒', '': {} }, metadata: { ...metadata, correlationId: 'Ада' } },
      { ...event, data: {}, metadata: { actor: { userId: 'u', agencyId: 'a' } } },
    ];
    for (const e of cases) {
      const hashed = hashContent(canonicalJsonPieces(e.data), JSON.stringify(e.id), canonicalJsonPieces(e.metadata), JSON.stringify(e.streamId), JSON.stringify(e.type));
      expect(hashed.dataJson).toBe(canonicalJson(e.data));
      expect(hashed.metadataJson).toBe(canonicalJson(e.metadata));
      expect(hashed.contentHash).toEqual(contentHash(e));
    }
  });

  it('links by SHA-256(previous || content || int64be(revision) || int64be(recordedAtMillis)): known answers', () => {
    const content = contentHash(event);
    const ms = 1_718_000_000_123;
    const first = linkHash(GENESIS_HASH, content, 0, ms);
    expect(first).toEqual(sha256(Buffer.alloc(32), content, int64be(0n), int64be(BigInt(ms))));
    expect(first.toString('hex')).toBe('79d2167c9f2c29c390c60be43cca18a7d2774b24a81b8dedcdd64c094d95c8d0');
    const second = linkHash(first, content, 1, ms + 5);
    expect(second).toEqual(sha256(first, content, int64be(1n), int64be(BigInt(ms + 5))));
    // Large values use all eight bytes, big-endian.
    const big = linkHash(second, content, 2 ** 40 + 3, 2 ** 52 + 1);
    expect(big).toEqual(sha256(second, content, Buffer.from('0000010000000003', 'hex'), Buffer.from('0010000000000001', 'hex')));
    // Fully independent of the code under test: every byte spelled out.
    const literal = linkHash(Buffer.alloc(32, 0xab), Buffer.alloc(32, 0xcd), 258, 65_536);
    expect(literal).toEqual(sha256(Buffer.from('ab'.repeat(32) + 'cd'.repeat(32) + '0000000000000102' + '0000000000010000', 'hex')));
    expect(first).toHaveLength(32);
  });

  describe('changing any input changes the link', () => {
    const content = contentHash(event);
    const ms = 1_718_000_000_123;
    const base = linkHash(GENESIS_HASH, content, 3, ms).toString('hex');
    const flip = (buffer: Buffer, index: number) => {
      const copy = Buffer.from(buffer);
      copy[index] ^= 0x01;
      return copy;
    };

    it.each([
      ['one bit of the previous link', () => linkHash(flip(GENESIS_HASH, 31), content, 3, ms)],
      ['one bit of the content hash', () => linkHash(GENESIS_HASH, flip(content, 0), 3, ms)],
      ['the revision', () => linkHash(GENESIS_HASH, content, 4, ms)],
      ['the recorded time by one millisecond', () => linkHash(GENESIS_HASH, content, 3, ms + 1)],
      ['revision and time swapped', () => linkHash(GENESIS_HASH, content, ms, 3)],
    ])('%s', (_label, changed) => {
      expect(changed().toString('hex')).not.toBe(base);
    });

    it.each([
      ['the id', { ...event, id: '0f8fad5b-d9cb-469f-a165-70867728950f' }],
      ['the stream', { ...event, streamId: 'case-43' }],
      ['the type', { ...event, type: 'ReferralWithdrawn' }],
      ['a nested data value', { ...event, data: { child: { name: 'Ада', age: 15 }, urgent: true } }],
      ['a data value of another JSON type', { ...event, data: { child: { name: 'Ада', age: '14' }, urgent: true } }],
      ['an added data key', { ...event, data: { ...event.data, extra: null } }],
      ['the acting user', { ...event, metadata: { ...metadata, actor: { userId: 'user-2', agencyId: 'agency-police' } } }],
      ['the reason', { ...event, metadata: { ...metadata, reason: 'break-glass' } }],
    ] as [string, HashableEvent][])('%s (through the content hash)', (_label, changed) => {
      expect(contentHash(changed).toString('hex')).not.toBe(content.toString('hex'));
      expect(linkHash(GENESIS_HASH, contentHash(changed), 3, ms).toString('hex')).not.toBe(base);
    });
  });

  it('does not change its inputs', () => {
    const previous = Buffer.alloc(32, 7);
    const content = contentHash(event);
    const before = [Buffer.from(previous), Buffer.from(content)];
    linkHash(previous, content, 1, 2);
    expect([previous, content]).toEqual(before);
    expect(GENESIS_HASH).toEqual(Buffer.alloc(32));
  });
});

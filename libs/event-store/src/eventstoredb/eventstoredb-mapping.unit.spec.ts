import { randomUUID } from 'node:crypto';
import { EventMetadata } from '../event-store.port';
import { canonicalJson } from '../integrity/canonical-json';
import { contentHash, GENESIS_HASH, linkHash } from '../integrity/hash-chain';
import { normaliseExpected } from '../prepare-append';
import {
  CLAIM_EVENT_TYPE,
  EsdbEvent,
  Seal,
  StreamNames,
  UnreadableEventError,
  claimData,
  decideAppend,
  exactExpectedRevision,
  parseClaim,
  positionFromEsdb,
  positionToEsdb,
  retriesAfterConcurrentAppend,
  toRecordedEvent,
  unwrapMetadata,
  wrapMetadata,
} from './eventstoredb-mapping';

const MAX_U64 = 2n ** 64n - 1n;
const names = new StreamNames('ns1');
const metadata: EventMetadata = {
  actor: { userId: 'user-1', agencyId: 'agency-police' },
  correlationId: 'c-1',
  reason: 'Ада Łucja Ó "quoted" \\ ✓',
  extra: { b: [1, 2.5, null, true], a: { z: 'x' }, '10': 'ten', '9': 'nine' },
};
const seal: Seal = { v: 1, hash: 'ab'.repeat(32), recordedAt: 1_700_000_000_123, append: randomUUID() };

/** What the client hands back: JSON metadata arrives parsed. */
function stored(overrides: Partial<EsdbEvent> = {}): EsdbEvent {
  return {
    streamId: 'ns1-case-1',
    id: randomUUID(),
    revision: 3n,
    type: 'ReferralReceived',
    isJson: true,
    data: { child: { age: 14 } },
    metadata: JSON.parse(wrapMetadata(canonicalJson(metadata), seal)),
    position: { commit: 1234n, prepare: 1200n },
    ...overrides,
  };
}

describe('EventStoreDB mapping', () => {
  describe('positions', () => {
    it('encode (commit, prepare) so that strings order as the pairs do', () => {
      const pairs: [bigint, bigint][] = [
        [0n, 0n],
        [9n, 9n],
        [10n, 3n],
        [10n, 10n],
        [99n, 100n],
        [2n ** 53n + 1n, 0n],
        [MAX_U64 - 1n, MAX_U64 - 1n],
      ];
      const encoded = pairs.map(([commit, prepare]) => positionFromEsdb({ commit, prepare }));
      expect([...encoded].sort()).toEqual(encoded);
      expect(encoded[2]).toBe('00000000000000000010:00000000000000000003');
    });

    it('round-trip through the port', () => {
      const position = { commit: 2n ** 40n + 7n, prepare: 2n ** 40n };
      expect(positionToEsdb(positionFromEsdb(position))).toEqual(position);
    });

    it('refuse a missing position, or the placeholder older servers send on stream reads', () => {
      expect(() => positionFromEsdb(undefined)).toThrow(/22\.6/);
      expect(() => positionFromEsdb({ commit: MAX_U64, prepare: 5n })).toThrow(RangeError);
      expect(() => positionFromEsdb({ commit: 5n, prepare: MAX_U64 })).toThrow(RangeError);
    });
  });

  describe('metadata', () => {
    it('round-trips the caller metadata and the seal, and strips the seal', () => {
      const wrapped = wrapMetadata(canonicalJson(metadata), seal);
      const { metadata: back, seal: sealBack } = unwrapMetadata(JSON.parse(wrapped), 's', 0n);
      expect(back).toEqual(metadata);
      expect(sealBack).toEqual(seal);
      expect(back).not.toHaveProperty('$safeguard');
    });

    it('is stored as canonical JSON with the seal beside, not inside, the caller metadata', () => {
      const wrapped = wrapMetadata(canonicalJson(metadata), seal);
      expect(canonicalJson(JSON.parse(wrapped))).toBe(wrapped);
      expect(JSON.parse(wrapped)).toEqual({ $safeguard: seal, metadata: JSON.parse(canonicalJson(metadata)) });
    });

    it('keeps a caller key named like the seal', () => {
      const odd = { ...metadata, $safeguard: 'mine' } as EventMetadata;
      expect(unwrapMetadata(JSON.parse(wrapMetadata(canonicalJson(odd), seal)), 's', 0n).metadata).toEqual(odd);
    });

    it.each([
      ['no metadata', undefined],
      ['binary metadata', new Uint8Array([1, 2])],
      ['no seal', { metadata }],
      ['a seal of another layout', { $safeguard: { ...seal, v: 2 }, metadata }],
      ['a hash that is not hex SHA-256', { $safeguard: { ...seal, hash: 'AB'.repeat(32) }, metadata }],
      ['a recorded time that is not whole milliseconds', { $safeguard: { ...seal, recordedAt: 1.5 }, metadata }],
      ['no caller metadata', { $safeguard: seal }],
      ['extra fields', { $safeguard: seal, metadata, more: 1 }],
    ])('refuses an event with %s', (_label, raw) => {
      expect(() => unwrapMetadata(raw, 'ns1-x', 4n)).toThrow(UnreadableEventError);
    });
  });

  describe('recorded events', () => {
    it('map back to the port shape, without the namespace', () => {
      const raw = stored();
      expect(toRecordedEvent(raw, names)).toEqual({
        id: raw.id,
        streamId: 'case-1',
        revision: 3,
        position: '00000000000000001234:00000000000000001200',
        type: 'ReferralReceived',
        data: { child: { age: 14 } },
        metadata,
        recordedAt: '2023-11-14T22:13:20.123Z',
        hash: seal.hash,
      });
    });

    it('carry what the hash chain needs to verify', () => {
      const id = randomUUID();
      const data = { child: { age: 14 } };
      const link = linkHash(GENESIS_HASH, contentHash({ id, streamId: 'case-1', type: 'ReferralReceived', data, metadata }), 0, seal.recordedAt);
      const raw = stored({ id, revision: 0n, data, metadata: JSON.parse(wrapMetadata(canonicalJson(metadata), { ...seal, hash: link.toString('hex') })) });
      const event = toRecordedEvent(raw, names);
      expect(linkHash(GENESIS_HASH, contentHash(event), event.revision, Date.parse(event.recordedAt)).toString('hex')).toBe(event.hash);
    });

    it('refuse binary data and streams outside the namespace', () => {
      expect(() => toRecordedEvent(stored({ isJson: false, data: new Uint8Array([123, 125]) }), names)).toThrow(UnreadableEventError);
      expect(() => toRecordedEvent(stored({ streamId: 'ns2-case-1' }), names)).toThrow(RangeError);
    });
  });

  describe('stream names', () => {
    it('prefix data streams with the namespace and keep claims out of that prefix', () => {
      expect(names.data('eventid-x')).toBe('ns1-eventid-x');
      expect(names.claim('1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toBe('ns1_eventid-1b4e28ba-2fa1-11d2-883f-0016d3cca427');
      expect(names.isData(names.data('$odd'))).toBe(true);
      expect(names.isData(names.claim(randomUUID()))).toBe(false);
      expect(names.streamIdOf(names.data('case-1'))).toBe('case-1');
    });

    it('keep namespaces apart, even when one is a prefix of another', () => {
      const other = new StreamNames('ns10');
      expect(names.isData(other.data('x'))).toBe(false);
      expect(other.isData(names.data('x'))).toBe(false);
    });

    it.each(['', 'a-b', 'a_b', 'a b', 'x'.repeat(65), 'é'])('refuse the namespace %j', (namespace) => {
      expect(() => new StreamNames(namespace)).toThrow(RangeError);
    });
  });

  describe('claims', () => {
    it('round-trip', () => {
      const claim = { streamId: 'case-1', fromRevision: 7 };
      expect(parseClaim(stored({ streamId: names.claim('x'), type: CLAIM_EVENT_TYPE, data: claimData(claim) }))).toEqual(claim);
    });

    it('refuse anything else', () => {
      expect(() => parseClaim(stored({ type: 'Other', data: claimData({ streamId: 's', fromRevision: 0 }) }))).toThrow(UnreadableEventError);
      expect(() => parseClaim(stored({ type: CLAIM_EVENT_TYPE, data: { streamId: 's', fromRevision: -1 } }))).toThrow(UnreadableEventError);
    });
  });

  describe('expected revision', () => {
    const decide = (expected: Parameters<typeof normaliseExpected>[0], head: number) => decideAppend(normaliseExpected(expected), head);

    it('always appends at the exact head that was read', () => {
      expect(decide('any', -1)).toEqual({ kind: 'append', expectedRevision: 'no_stream' });
      expect(decide('any', 4)).toEqual({ kind: 'append', expectedRevision: 4n });
      expect(decide('no-stream', -1)).toEqual({ kind: 'append', expectedRevision: 'no_stream' });
      expect(decide('stream-exists', 0)).toEqual({ kind: 'append', expectedRevision: 0n });
      expect(decide(4, 4)).toEqual({ kind: 'append', expectedRevision: 4n });
      expect(decide(0, 0)).toEqual({ kind: 'append', expectedRevision: 0n });
    });

    it.each([
      ['no-stream', 0],
      ['stream-exists', -1],
      [0, -1],
      [0, 1],
      [5, 1],
    ] as const)('refuses %j when the head is %d', (expected, head) => {
      expect(decide(expected, head)).toEqual({ kind: 'refuse' });
    });

    it('retries against a moved head only when the expectation still holds there', () => {
      expect(retriesAfterConcurrentAppend(normaliseExpected('any'))).toBe(true);
      expect(retriesAfterConcurrentAppend(normaliseExpected('stream-exists'))).toBe(true);
      expect(retriesAfterConcurrentAppend(normaliseExpected('no-stream'))).toBe(false);
      expect(retriesAfterConcurrentAppend(normaliseExpected(3))).toBe(false);
      expect(retriesAfterConcurrentAppend(normaliseExpected(0))).toBe(false);
    });

    it('maps an empty stream to NO_STREAM and a revision to a bigint', () => {
      expect(exactExpectedRevision(-1)).toBe('no_stream');
      expect(exactExpectedRevision(0)).toBe(0n);
      expect(exactExpectedRevision(Number.MAX_SAFE_INTEGER)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    });
  });
});

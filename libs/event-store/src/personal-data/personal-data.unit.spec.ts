import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../event-store.port';
import { ERASED, SEALED_KEY, openEvent, sealEvent, sealedSubject, unwrapKey, wrapKey } from './personal-data';

const key = randomBytes(32);
const SUBJECT = 'child:0b7e4c1a-9d2f-4e3a-8b5c-6d7e8f9a0b1c';

describe('personal data sealed per event', () => {
  const data: JsonObject = {
    caseId: 'c1',
    child: { firstName: 'Zorabelle', dateOfBirth: '2012-03-04', approximateAge: 14, onlineIdentities: ['@zora'], lookedAfter: true, gender: 'female' },
    narrative: 'Seen with him',
    band: 'moderate',
  };
  const fields = ['child.firstName', 'child.dateOfBirth', 'child.approximateAge', 'child.onlineIdentities', 'child.lookedAfter', 'narrative', 'child.absent'];

  it('seals every personal leaf under the subject and opens it back to the same values and types', () => {
    const sealed = sealEvent(data, fields, SUBJECT, key);
    // Only long plaintexts are searched for in the ciphertext: a short one like "14" turns up in random base64 by chance.
    expect(JSON.stringify(sealed)).not.toMatch(/Zorabelle|2012-03-04|@zora|Seen with him/);
    expect((sealed.child as JsonObject).approximateAge).toEqual(expect.stringMatching(/^\u001fpd1:n:/));
    expect((sealed.child as JsonObject).lookedAfter).toEqual(expect.stringMatching(/^\u001fpd1:b:/));
    expect(sealed).toMatchObject({ caseId: 'c1', band: 'moderate', child: { gender: 'female' } });
    expect(sealedSubject(sealed)).toBe(SUBJECT);
    expect(openEvent(sealed, key)).toEqual(data);
  });

  it('seals each event under a nonce of its own, across many refills of the nonce pool', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const sealed = sealEvent(data, fields, SUBJECT, key);
      const block = sealed[SEALED_KEY] as unknown as { c: string };
      const nonce = Buffer.from(block.c, 'base64url').subarray(0, 12);
      expect(nonce.equals(Buffer.alloc(12))).toBe(false);
      nonces.add(nonce.toString('hex'));
      if (i % 997 === 0) expect(openEvent(sealed, key)).toEqual(data);
    }
    expect(nonces.size).toBe(3000);
    // Wrapped keys too: never the nonce of another.
    const wrapped = Array.from({ length: 600 }, () => wrapKey(key, key, SUBJECT).subarray(0, 12).toString('hex'));
    expect(new Set([...wrapped, ...nonces]).size).toBe(3600);
  });

  it('leaves an event without personal values as it is', () => {
    expect(sealEvent({ caseId: 'c1', band: 'none' }, fields, SUBJECT, key)).toEqual({ caseId: 'c1', band: 'none' });
    expect(sealedSubject({ caseId: 'c1' })).toBeUndefined();
  });

  it('walks arrays with *', () => {
    const subjects: JsonObject = { subjects: [{ kind: 'poi', ref: 'p1' }, { kind: 'location', text: 'Riverside Park' }] };
    const sealed = sealEvent(subjects, ['subjects.*.text'], SUBJECT, key);
    expect((sealed.subjects as JsonObject[])[0]).toEqual({ kind: 'poi', ref: 'p1' });
    expect(JSON.stringify(sealed)).not.toContain('Riverside');
    expect(openEvent(sealed, key)).toEqual(subjects);
  });

  it('reads an erased subject as erased: text as "[erased]", numbers and flags as null, the rest as it was', () => {
    const opened = openEvent(sealEvent(data, fields, SUBJECT, key), null);
    expect(opened).toEqual({
      caseId: 'c1',
      child: { firstName: ERASED, dateOfBirth: ERASED, approximateAge: null, onlineIdentities: [ERASED], lookedAfter: null, gender: 'female' },
      narrative: ERASED,
      band: 'moderate',
    });
    expect(opened[SEALED_KEY]).toBeUndefined();
  });

  it('will not open data moved to another subject, or with another key', () => {
    const sealed = sealEvent(data, fields, SUBJECT, key);
    const block = sealed[SEALED_KEY] as { s: string; c: string };
    expect(() => openEvent({ ...sealed, [SEALED_KEY]: { ...block, s: 'child:someone-else' } }, key)).toThrow();
    expect(() => openEvent(sealed, randomBytes(32))).toThrow();
  });

  it('wraps data keys with the master key, bound to their subject', () => {
    const master = randomBytes(32);
    const wrapped = wrapKey(key, master, SUBJECT);
    expect(unwrapKey(wrapped, master, SUBJECT)).toEqual(key);
    expect(() => unwrapKey(wrapped, master, 'poi:other')).toThrow();
    expect(() => unwrapKey(wrapped, randomBytes(32), SUBJECT)).toThrow();
  });
});

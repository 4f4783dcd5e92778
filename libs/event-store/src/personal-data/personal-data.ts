import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import type { JsonObject, JsonValue } from '../event-store.port';

/**
 * Personal data in events, encrypted per data subject (DESIGN.md: crypto-shredding). A context
 * declares, per event type, whose data an event holds (the subject: a child's case, a person of
 * interest, an intelligence item) and which fields are personal. Every string, number or boolean
 * inside those fields is stored sealed with the subject's data key (AES-256-GCM, the subject as
 * associated data); the rest of the event stays readable. The store hashes what it
 * stores, the sealed form, so destroying a key leaves every hash chain verifiable while the person
 * becomes unreadable everywhere: every reader sees `ERASED` (or null for a number or a flag).
 */
export interface PersonalDataRule {
  /** The subject whose key protects the fields, e.g. `case:{caseId}`; undefined when the event holds none. */
  subject(event: { streamId: string; data: JsonObject }): string | undefined;
  /** Dotted paths of personal fields; `*` walks every element of an array (`subjects.*.text`). */
  fields: readonly string[];
}

/** Rules by event type. */
export type PersonalDataRules = Readonly<Record<string, PersonalDataRule>>;

/** What an erased string reads as. */
export const ERASED = '[erased]';

/**
 * How an event holds its personal data: each personal leaf is replaced by a placeholder
 * (`PLACEHOLDER` + kind + index) and the values, as one JSON array, are sealed together under the
 * reserved key `SEALED_KEY` as `{ s: subject, c: base64url(iv | tag | ciphertext) }`: one cipher
 * operation per event, whatever the number of fields.
 */
export const SEALED_KEY = '\u001fpd';
const PLACEHOLDER = '\u001fpd1:';
const SUBJECT = /^[a-z][a-z-]*:[A-Za-z0-9._:-]{1,100}$/;

export function isSubject(value: string): boolean {
  return SUBJECT.test(value);
}

export interface SealedBlock {
  s: string;
  c: string;
}

/**
 * A fresh random 96-bit nonce for AES-GCM, from the system's CSPRNG like randomBytes(12), but drawn
 * 512 at a time: one call into OpenSSL per nonce cost about 5 µs here, several per referral on the
 * event loop. Each nonce is taken once, in order, and the pool is refilled when used up.
 */
const NONCE_BYTES = 12;
const noncePool = Buffer.alloc(NONCE_BYTES * 512);
let nonceOffset = noncePool.length;

function randomNonce(): Buffer {
  if (nonceOffset === noncePool.length) {
    randomFillSync(noncePool);
    nonceOffset = 0;
  }
  const nonce = Buffer.from(noncePool.subarray(nonceOffset, nonceOffset + NONCE_BYTES));
  // Wiped once handed out: a nonce is never given twice, even should the pool be misread.
  noncePool.fill(0, nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

function encrypt(plain: string, subject: string, key: Buffer): string {
  const iv = randomNonce();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function decrypt(sealed: string, subject: string, key: Buffer): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(subject, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** The event's data with its personal fields sealed for the subject (unchanged when it has none). */
export function sealEvent(data: JsonObject, fields: readonly string[], subject: string, key: Buffer): JsonObject {
  const values: (string | number | boolean)[] = [];
  const sealed = mapPersonalFields(data, fields, (value) => {
    values.push(value);
    const kind = typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : 'b';
    return `${PLACEHOLDER}${kind}:${values.length - 1}`;
  });
  if (values.length === 0) return data;
  return { ...sealed, [SEALED_KEY]: { s: subject, c: encrypt(JSON.stringify(values), subject, key) } };
}

/** The sealed block of an event's data, when it has one. */
function sealedBlock(data: JsonObject): SealedBlock | undefined {
  const block = data[SEALED_KEY];
  if (!block || typeof block !== 'object' || Array.isArray(block)) return undefined;
  const { s, c } = block;
  return typeof s === 'string' && typeof c === 'string' ? { s, c } : undefined;
}

/** The subject whose key an event's data is sealed with, if any. */
export function sealedSubject(data: JsonObject): string | undefined {
  return sealedBlock(data)?.s;
}

/** The event's data opened with its subject's key; null (erased): text reads ERASED, numbers and flags null. */
export function openEvent(data: JsonObject, key: Buffer | null): JsonObject {
  if (!data[SEALED_KEY]) return data;
  const block = sealedBlock(data);
  // Only sealEvent writes the block: anything else is damage, never data to show with its placeholders.
  if (!block) throw new Error('The sealed personal data of an event is malformed');
  const values = key ? (JSON.parse(decrypt(block.c, block.s, key)) as JsonValue[]) : undefined;
  const { [SEALED_KEY]: _, ...rest } = data;
  return replacePlaceholders(rest, values) as JsonObject;
}

function replacePlaceholders(value: JsonValue, values: JsonValue[] | undefined): JsonValue {
  if (typeof value === 'string') {
    if (!value.startsWith(PLACEHOLDER)) return value;
    const [kind, index] = value.slice(PLACEHOLDER.length).split(':');
    if (values) return values[Number(index)] ?? null;
    return kind === 's' ? ERASED : null;
  }
  if (Array.isArray(value)) return value.map((v) => replacePlaceholders(v, values));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlaceholders(v, values)]));
  return value;
}

/** A copy of `data` with every leaf under the fields passed through `leaf`. */
export function mapPersonalFields(data: JsonObject, fields: readonly string[], leaf: (value: string | number | boolean) => JsonValue): JsonObject {
  const copy = JSON.parse(JSON.stringify(data)) as JsonObject;
  for (const field of fields) visit(copy, field.split('.'), leaf);
  return copy;
}

function visit(node: JsonValue, path: string[], leaf: (value: string | number | boolean) => JsonValue): void {
  if (node === null || typeof node !== 'object') return;
  const [head, ...rest] = path;
  const keys = head === '*' ? (Array.isArray(node) ? node.map((_, i) => i) : []) : [head];
  for (const key of keys) {
    const container = node as Record<string | number, JsonValue>;
    const child = container[key];
    if (child === undefined) continue;
    if (rest.length > 0) visit(child, rest, leaf);
    else container[key] = mapLeaves(child, leaf);
  }
}

function mapLeaves(value: JsonValue, leaf: (value: string | number | boolean) => JsonValue): JsonValue {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, leaf));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, leaf)]));
  return leaf(value);
}

/** Wraps a data key with the master key (AES-256-GCM): what the key table stores. */
export function wrapKey(dataKey: Buffer, masterKey: Buffer, subject: string): Buffer {
  const iv = randomNonce();
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(subject, 'utf8'));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unwrapKey(wrapped: Buffer, masterKey: Buffer, subject: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, 12));
  decipher.setAAD(Buffer.from(subject, 'utf8'));
  decipher.setAuthTag(wrapped.subarray(12, 28));
  return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
}

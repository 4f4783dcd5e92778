import { JsonValue } from '../event-store.port';

/**
 * JSON with object keys sorted and no white space (RFC 8785 style for the values we store:
 * strings, finite numbers, booleans, null, arrays, plain objects). Keys whose value is
 * `undefined` are left out, as JSON.stringify does. Hashing this form means an event hashes
 * the same after any round trip through a database or JSON parser.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('Cannot store a non-finite number in an event');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`Events hold plain JSON only, not ${proto?.constructor?.name ?? 'this object'}`);
      }
      const entries = Object.keys(value as object)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
      return `{${entries.join(',')}}`;
    }
    default:
      throw new TypeError(`Cannot store a ${typeof value} in an event`);
  }
}

export function parseJsonObject<T extends JsonValue>(text: string): T {
  return JSON.parse(text) as T;
}

import { JsonValue } from '../event-store.port';

/**
 * JSON with object keys sorted and no white space (RFC 8785 style for the values we store:
 * strings, finite numbers, booleans, null, arrays, plain objects). Keys whose value is
 * `undefined` are left out, as JSON.stringify does. Hashing this form means an event hashes
 * the same after any round trip through a database or JSON parser.
 */
export function canonicalJson(value: unknown): string {
  // Written with plain loops and string concatenation: every event of every append passes through
  // here, and the map/filter/join form cost three times as much.
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
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : canonicalJson(item);
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`Events hold plain JSON only, not ${proto?.constructor?.name ?? 'this object'}`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (out.length > 1) out += ',';
        out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`Cannot store a ${typeof value} in an event`);
  }
}

export function parseJsonObject<T extends JsonValue>(text: string): T {
  return JSON.parse(text) as T;
}

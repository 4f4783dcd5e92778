import { JsonValue } from '../event-store.port';

/**
 * A string JSON.stringify would write unchanged between quotes: no quote, backslash, control
 * character or surrogate (a lone surrogate is escaped; a pair is copied, so leaving both to
 * JSON.stringify is right and rare). Most keys and values of an event are such strings, and
 * quoting them here spares a call into JSON.stringify for each.
 */
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function quote(text: string): string {
  return PLAIN_STRING.test(text) ? `"${text}"` : JSON.stringify(text);
}

/**
 * Object keys as written, quoted and followed by their colon. An event's keys are the field names
 * of its schema, the same few hundred in every event: looking one up costs less than testing and
 * quoting it again (a fifth of the time of canonicalJson on the store bench's referrals). Short
 * keys only, and only so many: a key made of data (a map keyed by something other than a field
 * name) is quoted each time instead of kept.
 */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;
const MAX_QUOTED_KEY_LENGTH = 64;

function quoteKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${quote(key)}:`;
    if (key.length <= MAX_QUOTED_KEY_LENGTH && QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/**
 * JSON with object keys sorted and no white space (RFC 8785 style for the values we store:
 * strings, finite numbers, booleans, null, arrays, plain objects). Keys whose value is
 * `undefined` are left out, as JSON.stringify does. Hashing this form means an event hashes
 * the same after any round trip through a database or JSON parser.
 *
 * The text comes back flat (one sequential string). Built by concatenation it would be a tree
 * of a few hundred string pieces per event, kept alive while its append is in flight: with
 * batches of a hundred events that tree was most of what each young-generation garbage
 * collection had to copy, and collections took a third of the process's time.
 */
export function canonicalJson(value: unknown): string {
  const text = canonical(value);
  // Reading a character makes V8 flatten the string in place; its pieces become garbage at once.
  text.charCodeAt(0);
  return text;
}

/**
 * The text of `canonicalJson`, left as V8 built it (pieces, not yet one sequential string): for a
 * caller that puts it into a larger text and flattens that once (the append path's content
 * envelope), instead of copying it flat here and again there.
 */
export function canonicalJsonPieces(value: unknown): string {
  return canonical(value);
}

/**
 * Object keys in code-unit order, in place. An event's objects have a handful of keys: inserting
 * each in turn, with `<` (the same order as Array.prototype.sort's default), cost a third of the
 * built-in sort, which was a fifth of canonicalJson on the store bench's referrals. Many keys (a map
 * keyed by data) take the built-in sort.
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 32) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
}

function canonical(value: unknown): string {
  // Written with plain loops and string concatenation: every event of every append passes through
  // here, and the map/filter/join form cost three times as much.
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
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
          out += item === undefined ? 'null' : canonical(item);
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`Events hold plain JSON only, not ${proto?.constructor?.name ?? 'this object'}`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      // Objects built from a sorted form (read back from the store) need no sort.
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1] > keys[i]) {
          sortKeys(keys);
          break;
        }
      }
      let out = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        if (out.length > 1) out += ',';
        out += quoteKey(key) + canonical(item);
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

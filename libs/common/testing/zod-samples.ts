import type { ZodType } from 'zod';
import { deterministicUuid } from '../src/domain/deterministic-id';

/**
 * Sample values of a zod 4 schema, for tests that need "any value its schema allows" (issue 12:
 * every projection's fold is total over every event its types allow).
 *
 * - `minimalSample`: only required keys, arrays as short as allowed, the first enum, literal and
 *   union option, booleans false, strings at their minimum length, numbers at their minimum.
 * - `maximalSample`: every optional key present, one element in each array, the last option of
 *   each enum, literal and union, booleans true, plausible strings and numbers.
 *
 * Either way ids and dates stay meaningful: a key named like `caseId` (or `id`, or `actionIds` for
 * its elements) gets the same id wherever it appears under one `seed`, so the events of one stream
 * (and the streams of one seed) name the same records; keys ending in At/Date/On/Until/Due, and
 * date formats, get an ISO date or timestamp. A sample its schema's refinements refuse is mended
 * field by field (a required-when rule adds the field, an absent-when rule drops it).
 */
export interface SampleOptions {
  /** Distinguishes the ids of one set of samples from another's (default `sample`). */
  seed?: string;
  /** Ids by key name, in place of the generated ones (e.g. `{ caseId: 'c-1' }`). */
  ids?: Record<string, string>;
  /** The moment that date and time keys are given (default 2026-01-15T10:00:00.000Z). */
  now?: string;
  /**
   * Which option of each enum, literal and union to take (counted modulo its options), in place of
   * the first (minimal) or last (maximal): samples for 0 up to `widestChoice` cover every option.
   */
  option?: number;
  /**
   * Date and time keys whose schema asks for no date format get a plain string like any other
   * (what such a schema lets through), instead of an ISO date.
   */
  plainDates?: boolean;
}

type Mode = 'min' | 'max';

interface Check {
  check: string;
  minimum?: number;
  value?: number | bigint;
  inclusive?: boolean;
  format?: string;
  length?: number;
}

interface Def {
  type: string;
  checks?: { _zod: { def: Check } }[];
  format?: string;
  [key: string]: unknown;
}

const DEFAULT_NOW = '2026-01-15T10:00:00.000Z';

export function minimalSample<T>(schema: ZodType<T>, options: SampleOptions = {}): T {
  return sample(schema, 'min', options);
}

export function maximalSample<T>(schema: ZodType<T>, options: SampleOptions = {}): T {
  return sample(schema, 'max', options);
}

/** The id a sample gives a key named `key` under these options (a GUID where `guid` is asked for). */
export function sampleId(key: string, options: SampleOptions = {}, guid = false): string {
  const given = options.ids?.[key];
  if (given !== undefined) return given;
  const seed = options.seed ?? 'sample';
  return guid ? deterministicUuid('zod-sample', seed, key) : `${seed}-${kebab(key)}`;
}

/** The most options any enum, literal or union in the schema has (1 where none has several). */
export function widestChoice(schema: ZodType): number {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const own =
    def.type === 'enum' ? Object.keys(def.entries as object).length : def.type === 'literal' ? (def.values as unknown[]).length : def.type === 'union' ? (def.options as unknown[]).length : 1;
  const inner = [def.innerType, def.element, def.in, def.out, def.left, def.right, def.keyType, def.valueType, ...((def.options as unknown[]) ?? []), ...((def.items as unknown[]) ?? []), ...Object.values((def.shape as object) ?? {})];
  return Math.max(own, ...inner.filter((s): s is ZodType => typeof s === 'object' && s !== null && '_zod' in s).map(widestChoice));
}

function sample<T>(schema: ZodType<T>, mode: Mode, options: SampleOptions): T {
  const generator = new Generator(mode, options);
  let value = generator.value(schema, undefined);
  // Refinements (`.refine`) are not walkable: mend what they refuse, a few fields at a time.
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = schema.safeParse(value);
    if (result.success) return value as T;
    const other = new Generator(mode === 'min' ? 'max' : 'min', options).value(schema, undefined);
    let mended = false;
    for (const issue of result.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const present = has(value, path);
      if (!present && has(other, path)) {
        value = setAt(value, path, getAt(other, path));
        mended = true;
      } else if (present && !has(other, path)) {
        value = deleteAt(value, path);
        mended = true;
      }
    }
    if (!mended) break;
  }
  // Returned as is: the caller's `schema.parse` says what no sample could satisfy.
  return value as T;
}

class Generator {
  private readonly now: string;

  constructor(
    private readonly mode: Mode,
    private readonly options: SampleOptions,
  ) {
    this.now = options.now ?? DEFAULT_NOW;
  }

  /** A value of `schema`; `key` is the object key (or the array's key) it stands under. */
  value(schema: ZodType, key: string | undefined): unknown {
    const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
    switch (def.type) {
      case 'string':
        return this.string(def, key);
      case 'number':
        return this.number(def);
      case 'bigint':
        return BigInt(this.number(def));
      case 'boolean':
        return this.mode === 'max';
      case 'date':
        return new Date(this.now);
      case 'null':
        return null;
      case 'undefined':
      case 'void':
        return undefined;
      case 'any':
      case 'unknown':
        return this.mode === 'min' ? undefined : 'sample';
      case 'enum': {
        const values = Object.values(def.entries as Record<string, unknown>);
        return this.pick(values);
      }
      case 'literal':
        return this.pick(def.values as unknown[]);
      case 'optional':
        return this.mode === 'min' ? undefined : this.value(def.innerType as ZodType, key);
      case 'default':
      case 'prefault':
        // The stored data may leave it out: the schema fills it in when parsed.
        return this.mode === 'min' ? undefined : this.value(def.innerType as ZodType, key);
      case 'nullable':
        return this.mode === 'min' ? null : this.value(def.innerType as ZodType, key);
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        return this.value(def.innerType as ZodType, key);
      case 'lazy':
        return this.value((def.getter as () => ZodType)(), key);
      case 'pipe': {
        // What the output side accepts also passes the input side, unless the output transforms.
        const out = def.out as ZodType;
        return this.value(typeOf(out) === 'transform' ? (def.in as ZodType) : out, key);
      }
      case 'transform':
        return undefined;
      case 'union':
        return this.value(this.pick(def.options as ZodType[]), key);
      case 'intersection': {
        const left = this.value(def.left as ZodType, key);
        const right = this.value(def.right as ZodType, key);
        return isObject(left) && isObject(right) ? { ...left, ...right } : right;
      }
      case 'array': {
        const length = Math.max(minLength(def), this.mode === 'max' ? 1 : 0);
        return Array.from({ length }, () => this.value(def.element as ZodType, key && elementKey(key)));
      }
      case 'tuple':
        return (def.items as ZodType[]).map((item) => this.value(item, key && elementKey(key)));
      case 'set': {
        const length = Math.max(minLength(def), this.mode === 'max' ? 1 : 0);
        return new Set(Array.from({ length }, () => this.value(def.valueType as ZodType, key)));
      }
      case 'record':
      case 'map': {
        if (this.mode === 'min') return def.type === 'map' ? new Map() : {};
        const k = this.value(def.keyType as ZodType, 'key');
        const v = this.value(def.valueType as ZodType, key);
        return def.type === 'map' ? new Map([[k, v]]) : { [String(k)]: v };
      }
      case 'object': {
        const shape = def.shape as Record<string, ZodType>;
        const out: Record<string, unknown> = {};
        for (const [name, field] of Object.entries(shape)) {
          const v = this.value(field, name);
          if (v !== undefined) out[name] = v;
        }
        return out;
      }
      default:
        throw new Error(`zod-samples: no sample for a schema of type ${def.type}${key ? ` (at ${key})` : ''}`);
    }
  }

  private pick<V>(values: readonly V[]): V {
    if (this.options.option !== undefined) return values[this.options.option % values.length];
    return this.mode === 'min' ? values[0] : values[values.length - 1];
  }

  private string(def: Def, key: string | undefined): string {
    const format = def.format;
    if (format === 'guid' || format === 'uuid') return sampleId(key ?? 'id', this.options, true);
    if (format === 'datetime') return this.now;
    if (format === 'date') return this.now.slice(0, 10);
    if (format === 'time') return this.now.slice(11, 19);
    if (format === 'email') return `${kebab(key ?? 'someone')}@example.org`;
    if (format === 'url') return `https://example.org/${kebab(key ?? 'page')}`;
    if (format) throw new Error(`zod-samples: no sample for string format ${format}${key ? ` (at ${key})` : ''}`);
    const patterns = (def.checks ?? []).map(({ _zod }) => _zod.def as Check & { pattern?: RegExp }).filter((c) => c.format === 'regex' && c.pattern instanceof RegExp).map((c) => c.pattern!);
    if (patterns.length > 0) return this.patterned(patterns, key);
    const min = minLength(def);
    if (key && isIdKey(key)) return sampleId(key, this.options);
    if (key && isDateKey(key) && !this.options.plainDates) return /Date$|^dateOf|On$|Due$|Until$/.test(key) ? this.now.slice(0, 10) : this.now;
    if (this.mode === 'min') return kebab(key ?? 'x').padEnd(min, 'x').slice(0, min);
    const text = `Sample ${words(key ?? 'text')}`;
    // As long as the schema allows: a short field (a code) gets the start of the text.
    return (text.length >= min ? text : text.padEnd(min, '.')).slice(0, maxLength(def));
  }

  /**
   * A string a pattern asks for (a month, a hash, a code): the first of a few shapes the platform's
   * patterns use that matches every one; a pattern none matches is said, never guessed past.
   */
  private patterned(patterns: readonly RegExp[], key: string | undefined): string {
    const candidates = [
      this.now.slice(0, 7),
      this.now.slice(0, 10),
      this.now,
      this.mode === 'min' ? '0'.repeat(64) : 'f'.repeat(64),
      sampleId(key ?? 'id', this.options, true),
      sampleId(key ?? 'id', this.options),
      this.mode === 'min' ? '1.1' : '4.6',
      kebab(key ?? 'x'),
    ];
    const fit = candidates.find((candidate) => patterns.every((pattern) => new RegExp(pattern.source, pattern.flags.replace('g', '')).test(candidate)));
    if (fit === undefined) throw new Error(`zod-samples: no sample for the pattern ${patterns.join(' and ')}${key ? ` (at ${key})` : ''}`);
    return fit;
  }

  private number(def: Def): number {
    let low: number | undefined;
    let high: number | undefined;
    let integer = false;
    for (const { _zod } of def.checks ?? []) {
      const check = _zod.def;
      if (check.check === 'number_format' && /int/.test(String(check.format))) integer = true;
      if (check.check === 'greater_than') low = Number(check.value) + (check.inclusive ? 0 : integer ? 1 : 0.5);
      if (check.check === 'less_than') high = Number(check.value) - (check.inclusive ? 0 : integer ? 1 : 0.5);
    }
    const base = low ?? 0;
    const wanted = this.mode === 'min' ? base : base + 3;
    return high !== undefined ? Math.min(wanted, high) : wanted;
  }
}

/** `caseId`, `id`, `linkedCaseId`, `actionId`: a record's id. */
function isIdKey(key: string): boolean {
  return key === 'id' || /[a-z]Id$/.test(key) || /ID$/.test(key);
}

function isDateKey(key: string): boolean {
  return /[a-z](At|Date|On|Until|Due)$/.test(key) || /^(at|on|dateOfBirth|date)$/.test(key);
}

/** The key an array's elements stand under: `actionIds` holds `actionId`s. */
function elementKey(key: string): string {
  return /Ids$/.test(key) ? key.slice(0, -1) : key;
}

function minLength(def: Def): number {
  let min = 0;
  for (const { _zod } of def.checks ?? []) {
    const check = _zod.def;
    if ((check.check === 'min_length' || check.check === 'min_size') && typeof check.minimum === 'number') min = Math.max(min, check.minimum);
    if ((check.check === 'length_equals' || check.check === 'size_equals') && typeof check.length === 'number') min = check.length;
  }
  return min;
}

function maxLength(def: Def): number {
  let max = Infinity;
  for (const { _zod } of def.checks ?? []) {
    const check = _zod.def as Check & { maximum?: number };
    if ((check.check === 'max_length' || check.check === 'max_size') && typeof check.maximum === 'number') max = Math.min(max, check.maximum);
    if ((check.check === 'length_equals' || check.check === 'size_equals') && typeof check.length === 'number') max = check.length;
  }
  return max;
}

function kebab(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function words(key: string): string {
  return kebab(key).replace(/-/g, ' ');
}

function typeOf(schema: ZodType): string {
  return (schema as unknown as { _zod: { def: Def } })._zod.def.type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(value: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = value;
  for (const p of path) {
    if (typeof at !== 'object' || at === null || !(p in at)) return false;
    at = (at as Record<PropertyKey, unknown>)[p];
  }
  return true;
}

function getAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((at, p) => (at as Record<PropertyKey, unknown>)[p], value);
}

function setAt(value: unknown, path: readonly PropertyKey[], v: unknown): unknown {
  if (path.length === 0) return v;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<PropertyKey, unknown>;
  copy[head] = setAt(copy[head], rest, v);
  return copy;
}

function deleteAt(value: unknown, path: readonly PropertyKey[]): unknown {
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<PropertyKey, unknown>;
  if (rest.length === 0) delete copy[head];
  else copy[head] = deleteAt(copy[head], rest);
  return copy;
}

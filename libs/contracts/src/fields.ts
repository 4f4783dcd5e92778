import { FieldErrors } from './contract';

/**
 * Small explicit checks for contract validators. Each names the field and the rule it breaks,
 * never the value it found.
 */

export type JsonRecord = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO 8601 date and time with seconds and a zone: what `Date.prototype.toISOString` writes, or an offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** A reference: letters, digits and `._:-`, no spaces (an id, never a name). */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:\/-]*$/;

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with exactly the allowed fields (extra fields are refused: a new field is a new version). */
export function object(errors: FieldErrors, path: string, value: unknown, allowed: readonly string[]): JsonRecord | undefined {
  if (!isRecord(value)) {
    errors.add(path, 'must be an object');
    return undefined;
  }
  for (const key of Object.keys(value)) if (!allowed.includes(key)) errors.add(at(path, key), 'is not a field of this message version');
  return value;
}

function present(errors: FieldErrors, path: string, value: unknown, optional: boolean): boolean {
  if (value === undefined) {
    if (!optional) errors.add(path, 'is required');
    return false;
  }
  return true;
}

export function text(
  errors: FieldErrors,
  parent: JsonRecord,
  path: string,
  key: string,
  rules: { optional?: boolean; maxLength: number; format?: 'uuid' | 'date-time' | 'reference' },
): void {
  const field = at(path, key);
  const value = parent[key];
  if (!present(errors, field, value, rules.optional ?? false)) return;
  if (typeof value !== 'string') return errors.add(field, 'must be a string');
  if (value.trim().length === 0) return errors.add(field, 'must not be empty');
  if (value.length > rules.maxLength) return errors.add(field, `must be at most ${rules.maxLength} characters`);
  switch (rules.format) {
    case 'uuid':
      if (!UUID.test(value)) errors.add(field, 'must be a UUID');
      break;
    case 'date-time':
      if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) errors.add(field, 'must be an ISO 8601 date and time with a zone, e.g. 2026-11-27T09:30:00.000Z');
      break;
    case 'reference':
      if (!REFERENCE.test(value)) errors.add(field, 'must be an identifier (letters, digits and ._:/- only)');
      break;
  }
}

export function oneOf<T>(errors: FieldErrors, parent: JsonRecord, path: string, key: string, allowed: readonly T[], optional = false): void {
  const field = at(path, key);
  const value = parent[key];
  if (!present(errors, field, value, optional)) return;
  if (!allowed.includes(value as T)) errors.add(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
}

export function integer(errors: FieldErrors, parent: JsonRecord, path: string, key: string, min: number): void {
  const field = at(path, key);
  const value = parent[key];
  if (!present(errors, field, value, false)) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) errors.add(field, `must be a whole number, at least ${min}`);
}

export function boolean(errors: FieldErrors, parent: JsonRecord, path: string, key: string): void {
  const field = at(path, key);
  const value = parent[key];
  if (!present(errors, field, value, false)) return;
  if (typeof value !== 'boolean') errors.add(field, 'must be true or false');
}

export function array(errors: FieldErrors, parent: JsonRecord, path: string, key: string, maxItems: number, each: (item: unknown, itemPath: string) => void): void {
  const field = at(path, key);
  const value = parent[key];
  if (!present(errors, field, value, false)) return;
  if (!Array.isArray(value)) return errors.add(field, 'must be an array');
  if (value.length > maxItems) return errors.add(field, `must hold at most ${maxItems} items`);
  value.forEach((item, i) => each(item, at(field, i)));
}

export { at as fieldPath };

import { FieldErrors, MessageContract, defineContract } from './contract';
import { JsonRecord, fieldPath, integer, isRecord, object, oneOf, text } from './fields';

/** A published cell: a number that reveals nobody (0, or above the threshold), or the text shown instead. */
export type ProblemProfileCellV1 = number | string;

export interface ProblemProfileTableV1 {
  rows: { value: string; count: ProblemProfileCellV1 }[];
  total: ProblemProfileCellV1;
}

/**
 * A board's problem profile for one period of whole months, sent to a neighbouring board for the
 * regional picture (strategy action 2.4): the suppressed aggregates only, exactly as the board
 * publishes them. No child, person of interest or record is named or counted below the threshold:
 * a count from 1 to `suppressionThreshold` travels as the text "fewer than N", a cell hidden so that
 * it cannot be worked out from a total as "not shown". Signed by the sender like the share envelope.
 */
export interface ProblemProfileV1 {
  /** UUID: one per recipient; a redelivery has the same id and is recorded once. */
  messageId: string;
  type: 'problem-profile.v1';
  /** UUID of the send: the same for every peer it went to. */
  profileId: string;
  /** The sending board's id. */
  from: string;
  /** The board addressed: each consumes only what is addressed to it. */
  to: string;
  sentAt: string;
  /** TLP 2.0: aggregates only, shareable within the regional community. */
  label: 'GREEN';
  /** Whole months, both ends included (YYYY-MM). */
  period: { from: string; to: string };
  /** The sender's threshold: counts from 1 to it are never sent as numbers. */
  suppressionThreshold: number;
  /** Measure (e.g. `referrals.ageBand`) → its rows by coded value, and its total. */
  tables: Record<string, ProblemProfileTableV1>;
  /** Base64 Ed25519 signature by `from`'s key over the canonical JSON of the rest (as share messages). */
  signature: string;
}

export const PROBLEM_PROFILE_LABEL = 'GREEN';
/** Shown for a cell hidden so that another cannot be recovered (libs/analysis, suppression). */
export const PROBLEM_PROFILE_NOT_SHOWN = 'not shown';
export const MAX_PROBLEM_PROFILE_TABLES = 100;
export const MAX_PROBLEM_PROFILE_ROWS = 500;
export const MAX_PROBLEM_PROFILE_MONTHS = 60;
/** Larger than any board's count: a bigger number is a fault, not a figure. */
const MAX_COUNT = 1_000_000_000;

const FIELDS = ['messageId', 'type', 'profileId', 'from', 'to', 'sentAt', 'label', 'period', 'suppressionThreshold', 'tables', 'signature'];
const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A measure's name: dotted lower camel case words, e.g. `missing.returnInterview`. */
const MEASURE = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;
/**
 * A row's value is a code (`V-HOMELESS`, `13-15`, `2/B`, `AMBER+STRICT`, an agency's id) or one of
 * the board's configured ward or school names (PROFILE_AREAS, PROFILE_SCHOOLS): words and a little
 * punctuation, one space between words, nothing that makes a sentence, an address or a message.
 */
const CODE = /^[\p{L}\p{N}](?:[\p{L}\p{N}._:/+'’(),&–-]| (?! ))*$/u;

/** The text a count from 1 to the threshold is sent as. */
export const fewerThan = (threshold: number) => `fewer than ${threshold + 1}`;

const months = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

function checkPeriod(errors: FieldErrors, value: unknown): void {
  if (value === undefined) return errors.add('period', 'is required');
  const period = object(errors, 'period', value, ['from', 'to']);
  if (!period) return;
  for (const key of ['from', 'to']) {
    if (period[key] === undefined) errors.add(`period.${key}`, 'is required');
    else if (typeof period[key] !== 'string' || !MONTH.test(period[key] as string)) errors.add(`period.${key}`, 'must be a month, YYYY-MM');
  }
  const { from, to } = period as { from?: string; to?: string };
  if (typeof from !== 'string' || typeof to !== 'string' || !MONTH.test(from) || !MONTH.test(to)) return;
  if (to < from) errors.add('period.to', 'must not be before period.from');
  else if (months(from, to) > MAX_PROBLEM_PROFILE_MONTHS) errors.add('period.to', `the period may be at most ${MAX_PROBLEM_PROFILE_MONTHS} months`);
}

/** A published cell: 0, a number above the threshold, or one of the two texts; never a small number. */
function checkCell(errors: FieldErrors, path: string, value: unknown, threshold: number | undefined): void {
  if (value === undefined) return errors.add(path, 'is required');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0 || value > MAX_COUNT) return errors.add(path, 'must be a whole number of at least 0');
    if (threshold !== undefined && value >= 1 && value <= threshold) errors.add(path, `must not be a count from 1 to ${threshold}: send "${fewerThan(threshold)}"`);
    return;
  }
  const texts = threshold !== undefined ? [fewerThan(threshold), PROBLEM_PROFILE_NOT_SHOWN] : [PROBLEM_PROFILE_NOT_SHOWN];
  if (typeof value !== 'string' || !(threshold === undefined ? /^fewer than \d{1,3}$/.test(value) || value === PROBLEM_PROFILE_NOT_SHOWN : texts.includes(value))) {
    errors.add(path, `must be a count or one of ${texts.map((t) => JSON.stringify(t)).join(', ')}`);
  }
}

function checkTables(errors: FieldErrors, value: unknown, threshold: number | undefined): void {
  if (value === undefined) return errors.add('tables', 'is required');
  if (!isRecord(value)) return errors.add('tables', 'must be an object');
  const measures = Object.keys(value);
  if (measures.length === 0) return errors.add('tables', 'must hold at least one table');
  if (measures.length > MAX_PROBLEM_PROFILE_TABLES) return errors.add('tables', `must hold at most ${MAX_PROBLEM_PROFILE_TABLES} tables`);
  for (const measure of measures) {
    // The name is checked before it is used in a path: a path never repeats an arbitrary key.
    if (measure.length > 60 || !MEASURE.test(measure)) {
      errors.add('tables', 'each table must be named by a measure (dotted words, e.g. referrals.ageBand, at most 60 characters)');
      continue;
    }
    const path = fieldPath('tables', measure);
    const table = object(errors, path, value[measure], ['rows', 'total']);
    if (!table) continue;
    checkRows(errors, table, path, threshold);
    checkCell(errors, `${path}.total`, table.total, threshold);
  }
}

function checkRows(errors: FieldErrors, table: JsonRecord, path: string, threshold: number | undefined): void {
  const rows = table.rows;
  if (rows === undefined) return errors.add(`${path}.rows`, 'is required');
  if (!Array.isArray(rows)) return errors.add(`${path}.rows`, 'must be an array');
  if (rows.length > MAX_PROBLEM_PROFILE_ROWS) return errors.add(`${path}.rows`, `must hold at most ${MAX_PROBLEM_PROFILE_ROWS} items`);
  const seen = new Set<string>();
  rows.forEach((item, i) => {
    const rowPath = fieldPath(`${path}.rows`, i);
    const row = object(errors, rowPath, item, ['value', 'count']);
    if (!row) return;
    if (row.value === undefined) errors.add(`${rowPath}.value`, 'is required');
    else if (typeof row.value !== 'string' || row.value.length > 60 || !CODE.test(row.value) || row.value.endsWith(' ')) errors.add(`${rowPath}.value`, "must be a code or a configured place name (letters, digits, single spaces and ._:/+'’(),&–- only, at most 60 characters)");
    else if (seen.has(row.value)) errors.add(`${rowPath}.value`, 'appears twice in the table');
    else seen.add(row.value);
    checkCell(errors, `${rowPath}.count`, row.count, threshold);
  });
}

function check(value: unknown, errors: FieldErrors): void {
  const message = object(errors, '', value, FIELDS);
  if (!message) return;
  text(errors, message, '', 'messageId', { maxLength: 36, format: 'uuid' });
  oneOf(errors, message, '', 'type', ['problem-profile.v1']);
  text(errors, message, '', 'profileId', { maxLength: 36, format: 'uuid' });
  text(errors, message, '', 'from', { maxLength: 100, format: 'reference' });
  text(errors, message, '', 'to', { maxLength: 100, format: 'reference' });
  text(errors, message, '', 'sentAt', { maxLength: 40, format: 'date-time' });
  oneOf(errors, message, '', 'label', [PROBLEM_PROFILE_LABEL]);
  checkPeriod(errors, message.period);
  const before = errors.list.length;
  integer(errors, message, '', 'suppressionThreshold', 1);
  if (typeof message.suppressionThreshold === 'number' && message.suppressionThreshold > 100) errors.add('suppressionThreshold', 'must be at most 100');
  const threshold = errors.list.length === before ? (message.suppressionThreshold as number) : undefined;
  checkTables(errors, message.tables, threshold);
  text(errors, message, '', 'signature', { maxLength: 88 });
  if (typeof message.signature === 'string' && message.signature.trim() !== '' && !SIGNATURE.test(message.signature)) {
    errors.add('signature', 'must be a base64 Ed25519 signature (64 bytes)');
  }
}

export const ProblemProfileV1: MessageContract<ProblemProfileV1> = defineContract<ProblemProfileV1>({
  name: 'problem-profile',
  version: 1,
  description: 'A board’s suppressed problem profile for one period (aggregates only, GREEN), sent to a neighbouring board for the regional picture (strategy action 2.4), signed by the sender.',
  check,
  example: {
    messageId: '5b7c1e2d-3f4a-4b6c-8d9e-0f1a2b3c4d5e',
    type: 'problem-profile.v1',
    profileId: '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
    from: 'brightfield-lscb',
    to: 'westmoor-lscb',
    sentAt: '2026-12-01T06:00:00.000Z',
    label: 'GREEN',
    period: { from: '2026-06', to: '2026-11' },
    suppressionThreshold: 4,
    tables: {
      'referrals.count': { rows: [{ value: 'all', count: 23 }], total: 23 },
      'referrals.gender': {
        rows: [
          { value: 'female', count: 17 },
          { value: 'male', count: 'fewer than 5' },
          { value: 'non-binary', count: 0 },
          { value: 'not-known', count: 'not shown' },
        ],
        total: 23,
      },
    },
    signature: 'ZXhhbXBsZS1zaWduYXR1cmUtbm90LWEtcmVhbC1vbmUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
  },
});

/**
 * What the auditor's pages need besides the API: the record kinds in words, moments typed in
 * UK time, times to the second, and a replayed record laid out as rows.
 */

/** The kinds of record the audit API replays (its `path kind`), as an auditor reads them. */
export const RECORD_KINDS: readonly { value: string; text: string; hint: string }[] = [
  { value: 'case', text: 'Case', hint: 'A child’s case: referral, risk, flags, plans, closure' },
  { value: 'poi', text: 'Person of interest', hint: 'A person of interest and the links made to them' },
  { value: 'intel', text: 'Intelligence item', hint: 'A submission, its grading, sanitising and dissemination' },
  { value: 'share', text: 'Share sent', hint: 'A request to share with another board, its approval and revocation' },
  { value: 'inbound-share', text: 'Share received', hint: 'A share received from a neighbouring board' },
];

export function kindText(kind: string): string {
  return RECORD_KINDS.find((k) => k.value === kind)?.text ?? kind;
}

/** Records are named by UUID only: an id field that holds anything else (a name, say) never reaches an address. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LONDON = 'Europe/London';
const PRECISE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: LONDON,
});
const PARTS = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
  timeZone: LONDON,
});

/** A moment in UK time to the second: changes made in the same minute are told apart. */
export function preciseTime(iso: string | undefined): string {
  return iso && !Number.isNaN(Date.parse(iso)) ? PRECISE.format(new Date(iso)) : '';
}

/** How far UK time is ahead of UTC at a moment (0 or one hour), in milliseconds. */
function londonOffset(utc: number): number {
  const parts = Object.fromEntries(PARTS.formatToParts(new Date(utc)).map((p) => [p.type, p.value]));
  const asIfUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asIfUtc - Math.floor(utc / 1000) * 1000;
}

/** A wall-clock time in the UK as the moment it names (an hour that occurs twice is taken the first time). */
export function londonMoment(year: number, month: number, day: number, hour: number, minute: number, second: number, millisecond = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const first = wall - londonOffset(wall);
  return new Date(wall - londonOffset(first));
}

export interface MomentInput {
  day: string;
  month: string;
  year: string;
  time: string;
}

export type MomentProblem = { field: string; problems: string[] };

/**
 * The moment typed in the GOV.UK date input and the time input, in UK time. A blank time means
 * the end of that day (the record as it stood when the day was over).
 */
export function parseMomentInput(prefix: string, input: MomentInput): { moment?: Date; problems: MomentProblem[] } {
  const [day, month, year, time] = [input.day.trim(), input.month.trim(), input.year.trim(), input.time.trim()];
  const problems: MomentProblem[] = [];
  if (!day || !month || !year) {
    const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean).join(' and ');
    problems.push({ field: `${prefix}-${!day ? 'day' : !month ? 'month' : 'year'}`, problems: [`The date must include a ${missing}`] });
    return { problems };
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const real = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d && m >= 1 && m <= 12;
  if (!real) problems.push({ field: `${prefix}-day`, problems: ['The date must be a real date, for example 27 3 2026'] });
  const clock = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/.exec(time);
  if (time && (!clock || +clock[1] > 23 || +clock[2] > 59 || +(clock[3] ?? 0) > 59)) {
    problems.push({ field: `${prefix}-time`, problems: ['The time must be a real time in 24-hour clock, for example 14:05 or 14:05:30'] });
  }
  if (problems.length > 0) return { problems };
  // The end of today is not over yet: today without a time is now.
  const moment = clock ? londonMoment(y, m, d, +clock[1], +clock[2], +(clock[3] ?? 0)) : new Date(Math.min(londonMoment(y, m, d, 23, 59, 59, 999).getTime(), Date.now()));
  if (moment.getTime() > Date.now()) return { problems: [{ field: `${prefix}-day`, problems: ['The date and time must be in the past'] }] };
  return { moment, problems };
}

/** One line of a replayed record: where the value is (`child.name`, `flags[0]`) and the value in words. */
export interface RecordRow {
  path: string;
  value: string;
}

/** A replayed record (its state or its view) as rows, one per value, with the paths the diff names. */
export function recordRows(value: unknown, path = ''): RecordRow[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ path, value: 'None' }];
    return value.flatMap((item, index) => recordRows(item, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return path ? [{ path, value: 'None' }] : [];
    return entries.flatMap(([key, inner]) => recordRows(inner, path ? `${path}.${key}` : key));
  }
  return [{ path, value: valueText(value) }];
}

export function valueText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'Not set';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

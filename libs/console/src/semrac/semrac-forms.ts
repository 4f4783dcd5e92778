import { FieldProblem } from '../http/console-api';

/**
 * The SEMRAC pages' forms as the API's bodies. Forms arrive flat (`extended: false`): each field is
 * named by its input's id, which is also where the API's 400 names it (`actions.0.dueDate` is the
 * input `actions-0-dueDate`), so the error summary links to the field the user has to fix.
 */
export type FormBody = Record<string, string | string[] | undefined>;

/** Labels for the API's codes (the console reads the API over HTTP and imports none of its code). */
export const RULE_LABELS: Record<string, string> = {
  'missing-repeatedly': 'Missing repeatedly',
  'missing-over-threshold': 'Missing longer than the threshold',
  'missing-concerning': 'A missing episode that appears concerning',
  'risk-band': 'Risk assessed as moderate or significant',
};
export const RISK_LEVELS: Record<string, string> = { none: 'No current risk', mild: 'Mild', moderate: 'Moderate', significant: 'Significant' };
export const ACTION_STATUSES: Record<string, string> = { open: 'Open', 'in-progress': 'In progress', done: 'Done', cancelled: 'Cancelled' };
export const REVIEW_REASONS: Record<string, string> = {
  'open-actions': 'An action is still open',
  'support-plan-review': 'The support plan is due for review',
  'safety-plan-review': 'The safety plan is due for review',
};
export const THEME_KINDS: Record<string, string> = { school: 'School', area: 'Area', 'person-of-interest': 'Person of interest', location: 'Location' };

/** How many rows of repeated fields (attendees, actions, interventions, contacts) a form offers. */
export const EXTRA_ROWS = 3;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One field's text, trimmed (a repeated name gives its first value). */
export function text(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** A textarea of one item a line, without the blank lines. */
export function lines(body: FormBody, name: string): string[] {
  return text(body, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * A GOV.UK date input (`{id}-day`, `{id}-month`, `{id}-year`) as YYYY-MM-DD. What the user typed
 * goes on as typed when it is not a date, so the API names the field and nothing is guessed.
 */
export function day(body: FormBody, id: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((part) => text(body, `${id}-${part}`));
  if (!d && !m && !y) return '';
  if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)) return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return `${y}-${m}-${d}`;
}

/** The values a date input shows again for a YYYY-MM-DD date. */
export function dateParts(id: string, date: string | undefined): Record<string, string> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  if (!match) return {};
  return { [`${id}-year`]: match[1], [`${id}-month`]: String(Number(match[2])), [`${id}-day`]: String(Number(match[3])) };
}

/** Minutes east of UTC that the UK's clock is at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .formatToParts(instant)
    .reduce<Record<string, number>>((all, p) => (p.type === 'literal' ? all : { ...all, [p.type]: Number(p.value) }), {});
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** A day and a time as the UK's clock shows them (what a chair types), as an instant; undefined if either is not real. */
export function ukInstant(date: string, time: string): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  // Seconds are optional (10:00 or 10:00:30): a meeting called at short notice starts when it starts.
  const t = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/.exec(time.trim());
  if (!d || !t) return undefined;
  const [year, month, dayOfMonth, hour, minute, second] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const naive = Date.UTC(year, month - 1, dayOfMonth, hour, minute, second);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== dayOfMonth) return undefined;
  // The UK's offset at the naive instant is right except within an hour of a clock change; a second look settles it.
  const first = naive - londonOffsetMinutes(check) * 60_000;
  return new Date(naive - londonOffsetMinutes(new Date(first)) * 60_000).toISOString();
}

/** The UK's day and time of an instant, for showing a scheduled meeting back in its form. */
export function ukDayAndTime(instant: string): { date: string; time: string } {
  const at = new Date(instant);
  const local = new Date(at.getTime() + londonOffsetMinutes(at) * 60_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** Rows of repeated fields (`{prefix}-{i}-{field}`) that the user filled in at least one field of. */
export function rows(body: FormBody, prefix: string, fields: readonly string[], count: number): { index: number; values: Record<string, string> }[] {
  const found: { index: number; values: Record<string, string> }[] = [];
  for (let index = 0; index < count; index++) {
    const values = Object.fromEntries(fields.map((field) => [field, text(body, `${prefix}-${index}-${field}`)]));
    if (Object.values(values).some((v) => v !== '')) found.push({ index, values });
  }
  return found;
}

/** How many rows a form had: the highest row index sent, plus one (at least the extra rows). */
export function rowCount(body: FormBody, prefix: string): number {
  let highest = -1;
  const pattern = new RegExp(`^${prefix}-(\\d+)-`);
  for (const key of Object.keys(body)) {
    const match = pattern.exec(key);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return Math.min(Math.max(highest + 1, EXTRA_ROWS), 100);
}

/**
 * The API names a row's field by its position in the array it was sent; the form's rows may have
 * had blank ones between (skipped), so map each position back to the row the user filled in.
 */
export function renumber(problems: readonly FieldProblem[], prefix: string, sentRows: readonly { index: number }[]): FieldProblem[] {
  const pattern = new RegExp(`^(?:body )?${prefix}\\.(\\d+)(.*)$`);
  return problems.map((problem) => {
    const match = pattern.exec(problem.field);
    if (!match) return problem;
    const row = sentRows[Number(match[1])];
    return row ? { ...problem, field: `${prefix}.${row.index}${match[2]}` } : problem;
  });
}

/** A random key for a form, so that sending it twice (a double click, a retry) writes once. */
export function formKey(): string {
  return crypto.randomUUID();
}

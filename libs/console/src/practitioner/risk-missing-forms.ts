import { FieldProblem } from '../http/console-api';
import { errorsFor, fieldId } from '../http/console-pages';

/**
 * Reading the flat, urlencoded forms of the risk and missing episode pages, and saying what is wrong
 * with them the GOV.UK way ("Enter ...", "Select ..."), whether the console found it or the API did.
 */

export type FormBody = Record<string, string | string[] | undefined>;

/** A text field, trimmed; a field sent twice keeps its first value. */
export function textOf(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** Checkboxes: none, one (a string) or several (an array). */
export function listOf(body: FormBody, name: string): string[] {
  const value = body[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => v !== '');
}

/** One entry per line of a textarea, blank lines dropped. */
export function linesOf(body: FormBody, name: string): string[] {
  return textOf(body, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** What a GOV.UK date input (day, month, year) and the time beside it hold, as typed. */
export interface DateTimeParts {
  day: string;
  month: string;
  year: string;
  time?: string;
}

export function datePartsOf(body: FormBody, name: string, withTime: boolean): DateTimeParts {
  return {
    day: textOf(body, `${name}-day`),
    month: textOf(body, `${name}-month`),
    year: textOf(body, `${name}-year`),
    ...(withTime ? { time: textOf(body, `${name}-time`) } : {}),
  };
}

export const isBlank = (parts: DateTimeParts) => !parts.day && !parts.month && !parts.year && !parts.time;

/** YYYY-MM-DD when the parts make a real calendar date. */
export function dateOf(parts: DateTimeParts): string | undefined {
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) return undefined;
  const [d, m, y] = [Number(parts.day), Number(parts.month), Number(parts.year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function londonFields(at: Date): Record<string, number> {
  return Object.fromEntries(LONDON.formatToParts(at).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

/**
 * The instant a date and a 24-hour time mean in the UK (GMT or BST, as the date falls), as an ISO
 * string; undefined unless both are real. Practitioners type local times.
 */
export function instantOf(parts: DateTimeParts): string | undefined {
  const date = dateOf(parts);
  const time = /^(\d{1,2})[:.](\d{2})$/.exec(parts.time ?? '');
  if (!date || !time || Number(time[1]) > 23 || Number(time[2]) > 59) return undefined;
  const [y, m, d] = date.split('-').map(Number);
  const asUtc = Date.UTC(y, m - 1, d, Number(time[1]), Number(time[2]));
  // London is UTC or UTC+1: take the offset at the guess, then check it at the answer (the change of clocks).
  const offsetAt = (ms: number) => {
    const f = londonFields(new Date(ms));
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute) - Math.floor(ms / 60_000) * 60_000;
  };
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(instant).toISOString();
}

/** An instant as the UK date and time parts a form shows. */
export function partsOf(iso: string): DateTimeParts {
  const f = londonFields(new Date(iso));
  return { day: String(f.day), month: String(f.month), year: String(f.year), time: `${String(f.hour).padStart(2, '0')}:${String(f.minute).padStart(2, '0')}` };
}

/** What each field is, for messages: "Enter <what>", "Select <what>". */
export type FieldLabels = Record<string, string>;

/** Fields shown as a date input: the error summary links to their day. */
export type DateFields = readonly string[];

/**
 * The error summary and field messages for problems named by field (the console's, or the API's
 * 400). The API's class-validator wording becomes the GOV.UK pattern where it can: an empty text is
 * "Enter ...", a choice not made is "Select ...".
 */
export function formErrors(problems: readonly FieldProblem[], labels: FieldLabels, dateFields: DateFields = []) {
  const friendly = problems.map((problem) => {
    const id = fieldId(problem.field);
    const what = labels[id];
    if (!what) return problem;
    const text = problem.problems.map((p) => {
      if (/should not be empty|must be a string|must be an array|is required/.test(p)) return `Enter ${what}`;
      if (/must be one of the following values|must be a boolean|should not be null or undefined/.test(p)) return `Select ${what}`;
      if (/^Enter |^Select /.test(p)) return p;
      const rest = p.replace(/^[A-Za-z.[\]0-9]+ (?=(must|should|is|has) )/, '');
      return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${rest}`;
    });
    return { field: problem.field, problems: [...new Set(text)] };
  });
  const errors = errorsFor(friendly);
  errors.summary = errors.summary.map((item) => (dateFields.includes(item.href.slice(1)) ? { ...item, href: `${item.href}-day` } : item));
  return errors;
}

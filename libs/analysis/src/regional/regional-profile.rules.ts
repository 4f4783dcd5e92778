import { createHash } from 'node:crypto';
import type { ProfileTable } from '../profile/profile-tables';
import type { RegionalPeriod, RegionalTables } from './regional.events';

/**
 * The regional picture's rules, pure: what of the profile leaves (the published cells of one period,
 * nothing else), its content hash, and the schedule (REGIONAL_PROFILE_EVERY) as slots that every
 * process of a board computes alike, so that a slot is sent once however many processes run.
 */

/** The profile's tables as they travel: each row's value and published count, and the total; never a hidden number. */
export function publishedTables(tables: Readonly<Record<string, ProfileTable>>): RegionalTables {
  const out: RegionalTables = {};
  for (const [measure, table] of Object.entries(tables)) {
    out[measure] = {
      rows: table.rows.map((row) => ({ value: row.value, count: row.count.suppressed ? row.count.shown : (row.count.value ?? row.count.shown) })),
      total: table.total.count.suppressed ? table.total.count.shown : (table.total.count.value ?? table.total.count.shown),
    };
  }
  return out;
}

/** JSON with keys sorted at every level and no white space: the same text for the same content. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of what a profile says: its period, threshold and tables. Sender and receiver compute it alike. */
export function profileContentHash(content: { period: RegionalPeriod; suppressionThreshold: number; tables: RegionalTables }): string {
  const { period, suppressionThreshold, tables } = content;
  return createHash('sha256').update(canonical({ period, suppressionThreshold, tables }), 'utf8').digest('hex');
}

/** The topic a board receives profiles on: beside its share topic. */
export const profileTopicOf = (shareTopic: string) => `${shareTopic}.profiles`;

/** The id of a period's sends stream: `regional-sends-2026-06-2026-11`. */
export const periodKey = (period: RegionalPeriod) => `${period.from}-${period.to}`;

/** The months sent by the schedule: the last six whole months, as the profile's default. */
export const SCHEDULED_MONTHS = 6;

/** REGIONAL_PROFILE_EVERY as the schedule understands it. */
export type RegionalSchedule = { kind: 'off' } | { kind: 'monthly' } | { kind: 'every'; ms: number };

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
/** At most a year between sends; at least a second (shorter than a day is for tests and trials). */
const MAX_MS = 366 * 86_400_000;

/**
 * `off`; `monthly` (or `P1M`): once in each calendar month; a whole number of days (`30`); or an
 * ISO 8601 duration of days, hours, minutes and seconds (`P7D`, `PT12H`, `PT30S`). Undefined when
 * the text is none of these.
 */
export function parseRegionalSchedule(text: string): RegionalSchedule | undefined {
  const value = text.trim();
  if (value === '' || value.toLowerCase() === 'off') return { kind: 'off' };
  if (value.toLowerCase() === 'monthly' || value.toUpperCase() === 'P1M') return { kind: 'monthly' };
  if (/^\d{1,3}$/.test(value)) return every(Number(value) * 86_400_000);
  const match = DURATION.exec(value.toUpperCase());
  if (!match || value.toUpperCase() === 'P' || value.toUpperCase().endsWith('T')) return undefined;
  const [days, hours, minutes, seconds] = match.slice(1).map((n) => Number(n ?? 0));
  return every((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000);
}

function every(ms: number): RegionalSchedule | undefined {
  return ms >= 1000 && ms <= MAX_MS ? { kind: 'every', ms } : undefined;
}

/**
 * The slot `now` falls in and the period it sends: a calendar month (`2026-12`) for monthly, else
 * the interval's number since the epoch. The period follows from the slot's start, not from each
 * process's clock, so processes agree on it even across a month's end.
 */
export function scheduleSlot(schedule: Exclude<RegionalSchedule, { kind: 'off' }>, now: Date): { slot: string; period: RegionalPeriod } {
  if (schedule.kind === 'monthly') {
    const month = now.toISOString().slice(0, 7);
    return { slot: month, period: lastWholeMonthsBefore(month) };
  }
  const index = Math.floor(now.getTime() / schedule.ms);
  return { slot: `${schedule.ms}ms#${index}`, period: lastWholeMonthsBefore(new Date(index * schedule.ms).toISOString().slice(0, 7)) };
}

/** How often a process looks whether the current slot has been sent. */
export function scheduleTickMs(schedule: Exclude<RegionalSchedule, { kind: 'off' }>): number {
  return schedule.kind === 'monthly' ? 60_000 : Math.min(schedule.ms, 60_000);
}

function lastWholeMonthsBefore(month: string): RegionalPeriod {
  return { from: shiftMonth(month, -SCHEDULED_MONTHS), to: shiftMonth(month, -1) };
}

function shiftMonth(month: string, by: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

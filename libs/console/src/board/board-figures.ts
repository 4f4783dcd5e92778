import { ETHNIC_GROUPS, EthnicGroup, NOT_CODED, PROFILE_FILTERS, ProfileFilterName, captionOf } from '@app/analysis';
import type { FieldProblem } from '../http/console-api';
import { ChartCell, barChartSvg } from './bar-chart';

/** A change from the previous period, as the API publishes it. */
export interface ChangeCell {
  value: number | null;
  shown: string;
  direction: string | null;
}

export interface FigureRow {
  value: string;
  count: ChartCell;
  previous: ChartCell;
  change: ChangeCell;
}

/** A table as the console shows it: the API's published cells, a caption, and its chart. */
export interface ShownTable {
  name: string;
  caption: string;
  unit: 'count' | 'percent';
  rows: FigureRow[];
  total: Omit<FigureRow, 'value'>;
  chart: string | null;
}

export interface Period {
  from: string;
  to: string;
}

/** The training coverage table of the profile: rates by agency, not counts. */
interface CoverageTable {
  rows: { agencyId: string; coverage: ChartCell; previousCoverage: ChartCell; change: ChangeCell }[];
  total: { coverage: ChartCell; previousCoverage: ChartCell; change: ChangeCell };
}

/** What GET /analysis/profile answers, as far as the console reads it. */
export interface ProfileAnswerBody {
  period: Period;
  previousPeriod: Period;
  suppressionThreshold: number;
  tables: Record<string, { rows: FigureRow[]; total: Omit<FigureRow, 'value'> } | CoverageTable>;
  filter?: Partial<Record<ProfileFilterName, string>>;
  tablesLeftOut?: string[];
}

/** The profile's areas, each a page of its tables, in the order the API answers them. */
const AREAS: { code: string; prefix: string; heading: string }[] = [
  { code: 'referrals', prefix: 'referrals.', heading: 'Referrals' },
  { code: 'missing', prefix: 'missing.', heading: 'Missing episodes' },
  { code: 'risk', prefix: 'risk.', heading: 'Risk' },
  { code: 'semrac', prefix: 'semrac.', heading: 'SEMRAC' },
  { code: 'poi', prefix: 'poi.', heading: 'Persons of interest' },
  { code: 'intel', prefix: 'intel.', heading: 'Intelligence' },
  { code: 'sharing', prefix: 'sharing.', heading: 'Cross-border sharing' },
  { code: 'training', prefix: 'training.', heading: 'Training' },
];

export const periodText = (period: Period) => (period.from === period.to ? period.from : `${period.from} to ${period.to}`);

/** The legend's names of the two periods. */
export const periodLabels = (period: Period, previous: Period) => ({ current: `This period (${periodText(period)})`, previous: `Previous (${periodText(previous)})` });

function isCoverage(table: ProfileAnswerBody['tables'][string]): table is CoverageTable {
  return table.rows.length > 0 ? 'agencyId' in table.rows[0] : 'coverage' in table.total;
}

/** One table of the API as the console shows it, with its chart drawn from the same cells. */
export function shownTable(name: string, table: { rows: FigureRow[]; total: Omit<FigureRow, 'value'> }, unit: 'count' | 'percent', labels: { current: string; previous: string }, caption = captionOf(name)): ShownTable {
  return { name, caption, unit, rows: table.rows, total: table.total, chart: barChartSvg(caption, table.rows, labels, unit) };
}

/** The areas the answer has tables in (a filter leaves some out), in the API's order. */
export function profileAreas(answer: ProfileAnswerBody): { code: string; heading: string }[] {
  const names = Object.keys(answer.tables);
  return AREAS.filter((area) => names.some((name) => name.startsWith(area.prefix))).map(({ code, heading }) => ({ code, heading }));
}

/** The tables of one area, the training coverage as rates by agency. */
export function areaTables(answer: ProfileAnswerBody, code: string): ShownTable[] {
  const area = AREAS.find((a) => a.code === code);
  if (!area) return [];
  const labels = periodLabels(answer.period, answer.previousPeriod);
  return Object.entries(answer.tables)
    .filter(([name]) => name.startsWith(area.prefix))
    .map(([name, table]) =>
      isCoverage(table)
        ? shownTable(
            name,
            {
              rows: table.rows.map((row) => ({ value: row.agencyId, count: row.coverage, previous: row.previousCoverage, change: row.change })),
              total: { count: table.total.coverage, previous: table.total.previousCoverage, change: table.total.change },
            },
            'percent',
            labels,
          )
        : shownTable(name, table, 'count', labels),
    );
}

/** What a filter's value is called on the page. */
function valueText(filter: ProfileFilterName, value: string): string {
  if (filter === 'ethnicGroup') return value === NOT_CODED ? 'Not coded' : ETHNIC_GROUPS[value as EthnicGroup].label;
  if (filter === 'ageBand') return value === 'under-10' ? 'Under 10' : value === '18-plus' ? '18 and over' : value === 'not-known' ? 'Not known' : value.replace('-', ' to ');
  return value.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

const FILTER_NAMES: Record<ProfileFilterName, string> = { group: 'Vulnerable group', gender: 'Gender', ageBand: 'Age at referral', ethnicGroup: 'Ethnic group' };

/** The filter select's groups: one filter at a time, each option a code (`group:looked-after`). */
export function filterOptions(selected?: string): { label: string; options: { value: string; text: string; selected: boolean }[] }[] {
  return (Object.keys(PROFILE_FILTERS) as ProfileFilterName[]).map((filter) => ({
    label: FILTER_NAMES[filter],
    options: PROFILE_FILTERS[filter].map((value) => ({ value: `${filter}:${value}`, text: valueText(filter, value), selected: selected === `${filter}:${value}` })),
  }));
}

/** The filter asked for in the page's query (`group:looked-after`), if it is one the API has. */
export function filterOf(code: unknown): { field: ProfileFilterName; value: string; text: string } | undefined {
  if (typeof code !== 'string') return undefined;
  const [field, value] = code.split(':', 2) as [ProfileFilterName, string | undefined];
  if (!Object.prototype.hasOwnProperty.call(PROFILE_FILTERS, field) || value === undefined) return undefined;
  if (!(PROFILE_FILTERS[field] as readonly string[]).includes(value)) return undefined;
  return { field, value, text: `${FILTER_NAMES[field]}: ${valueText(field, value)}` };
}

/** A month as the page's GOV.UK date inputs (month and year) hold it. */
export interface MonthFields {
  month: string;
  year: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export function monthFields(fields: Record<string, unknown>, id: string): MonthFields {
  return { month: text(fields[`${id}-month`]), year: text(fields[`${id}-year`]) };
}

export function fieldsOfMonth(month: string): MonthFields {
  return { month: String(Number(month.slice(5, 7))), year: month.slice(0, 4) };
}

/**
 * The month the fields name (`2026-05`), or the problem with them, named by the field's id. Blank
 * fields give undefined: the caller decides whether a month is needed.
 */
export function monthOf(fields: MonthFields, id: string, what: string): { month?: string; problem?: FieldProblem } {
  if (fields.month === '' && fields.year === '') return {};
  const month = Number(fields.month);
  if (!/^\d{1,2}$/.test(fields.month) || month < 1 || month > 12) return { problem: { field: id, problems: [`${what} must include a month from 1 to 12`] } };
  if (!/^\d{4}$/.test(fields.year)) return { problem: { field: id, problems: [`${what} must include a year, like 2026`] } };
  return { month: `${fields.year}-${String(month).padStart(2, '0')}` };
}

/** The error summary's link goes to the first input of a month (its month box), not the group. */
export function linkToMonthInputs(summary: { text: string; href: string }[]): { text: string; href: string }[] {
  return summary.map((item) => (item.href === '#from' || item.href === '#to' ? { ...item, href: `${item.href}-month` } : item));
}

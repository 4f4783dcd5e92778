/**
 * Small-number suppression (issue 14): statistical disclosure control applied to every aggregate
 * that leaves the platform (API, exports, the board report, the regional picture), as UK public
 * bodies apply it to child-level counts. Pure functions, no I/O.
 *
 * - **Primary**: a count from 1 to the threshold (default 4) is shown as "fewer than 5"; a true 0
 *   reveals nobody and is shown.
 * - **Complementary** (tables): a table is treated as a grid of its cells plus its totals row and
 *   totals column (grand total in the corner); every grid row and grid column is a line whose cells
 *   add up to its margin. A reader who sees every entry of a line but one recovers it by
 *   subtraction, so:
 *   1. while some line has exactly one hidden entry, hide the smallest shown non-zero cell of that
 *      line (not its margin); if there is none, hide the line's margin total;
 *   2. when no line has exactly one hidden entry, look for a hidden entry that still lies on no
 *      cycle of hidden entries (a bridge in the row–column graph of hidden entries: the line
 *      equations then pin its value down, e.g. two suppressed blocks joined by one cell) and hide the
 *      smallest entry that closes a cycle through it; then back to step 1.
 *   The hidden set only grows, so this ends. At the end no hidden entry is determined by the
 *   published table through any linear reasoning (the line equations' solutions are the published
 *   values plus cycles of hidden entries, and every hidden entry lies on one). What it does not
 *   hide: that a primary cell lies between 1 and the threshold (its flag says so).
 * - **Rates**: suppressed when the denominator is below a minimum (default 10) or the numerator or
 *   denominator is suppressed.
 *
 * Output cells never hold a hidden number, so serialising one cannot leak it.
 */

export const DEFAULT_SUPPRESSION_THRESHOLD = 4;
export const DEFAULT_MINIMUM_DENOMINATOR = 10;
/** Shown for a cell hidden only so that another cannot be recovered, and for a change not shown. */
export const NOT_SHOWN = 'not shown';
/** Shown for a rate over too few children. */
export const RATE_SUPPRESSED_SHOWN = 'not shown: too few';

export type SuppressionReason = 'primary' | 'complementary';

/** A count as published: `value` is null exactly when `suppressed` is set. */
export interface PublishedCell {
  value: number | null;
  shown: string;
  suppressed: SuppressionReason | false;
}

/** A percentage as published: `value` is the percentage (0–100) rounded as shown, or null. */
export interface PublishedRate {
  value: number | null;
  shown: string;
  suppressed: 'too-few' | false;
}

/** A change from the previous period, shown only when both periods' figures are shown. */
export interface PublishedChange {
  value: number | null;
  shown: string;
  direction: 'up' | 'down' | 'same' | null;
}

export interface PublishedList {
  cells: PublishedCell[];
  total: PublishedCell;
}

export interface PublishedBreakdown<K extends string> {
  cells: Record<K, PublishedCell>;
  total: PublishedCell;
}

export interface PublishedTable {
  /** `cells[row][column]`, in the order given. */
  cells: PublishedCell[][];
  rowTotals: PublishedCell[];
  columnTotals: PublishedCell[];
  total: PublishedCell;
}

export interface SuppressionOptions {
  /** Counts from 1 to this are hidden (the setting PROFILE_SUPPRESSION_THRESHOLD). Default 4. */
  threshold?: number;
}

export interface RateOptions extends SuppressionOptions {
  /** Rates over fewer than this many are hidden. Default 10. */
  minimumDenominator?: number;
  /** Decimal places of the percentage. Default 0. */
  decimals?: number;
}

/** Primary suppression of a single count, for a figure that is not part of a table. */
export function suppressCount(count: number, options: SuppressionOptions = {}): PublishedCell {
  const threshold = thresholdOf(options);
  checkCount(count, 'count');
  return publish(count, isPrimary(count, threshold) ? 'primary' : false, threshold);
}

/**
 * A one-dimensional table: cells and their total (computed here as their sum, so the categories must
 * not overlap). Primary and complementary suppression over the single line "cells add up to total".
 */
export function suppressList(counts: readonly number[], options: SuppressionOptions = {}): PublishedList {
  const threshold = thresholdOf(options);
  counts.forEach((count, i) => checkCount(count, `counts[${i}]`));
  const entries = [...counts, counts.reduce((sum, count) => sum + count, 0)];
  const hidden = entries.map((value): SuppressionReason | false => (isPrimary(value, threshold) ? 'primary' : false));
  const marginIndex = counts.length;
  while (hiddenCount(hidden) === 1) {
    hidden[pickToHide(entries, hidden, range(counts.length), marginIndex)] = 'complementary';
  }
  const published = entries.map((value, i) => publish(value, hidden[i], threshold));
  return { cells: published.slice(0, marginIndex), total: published[marginIndex] };
}

/** {@link suppressList} over named categories, for breakdowns such as referrals by agency. */
export function suppressBreakdown<K extends string>(
  counts: Readonly<Record<K, number>>,
  options: SuppressionOptions = {},
): PublishedBreakdown<K> {
  const keys = Object.keys(counts) as K[];
  const list = suppressList(
    keys.map((key) => counts[key]),
    options,
  );
  const cells = {} as Record<K, PublishedCell>;
  keys.forEach((key, i) => (cells[key] = list.cells[i]));
  return { cells, total: list.total };
}

/**
 * A two-dimensional table of counts (`counts[row][column]`, at least one row and one column, all rows
 * the same length); row, column and grand totals are computed here as sums. See the module comment for
 * the algorithm.
 */
export function suppressTable(counts: readonly (readonly number[])[], options: SuppressionOptions = {}): PublishedTable {
  const threshold = thresholdOf(options);
  const rows = counts.length;
  const columns = rows > 0 ? counts[0].length : 0;
  if (rows === 0 || columns === 0) throw new RangeError('counts: a table needs at least one row and one column');
  counts.forEach((row, r) => {
    if (row.length !== columns) throw new RangeError(`counts[${r}]: every row needs ${columns} columns`);
    row.forEach((count, c) => checkCount(count, `counts[${r}][${c}]`));
  });

  // The grid: counts, each row's total in column `columns`, the column totals in row `rows`.
  const grid: number[][] = counts.map((row) => [...row, sum(row)]);
  grid.push(range(columns + 1).map((c) => sum(grid.map((row) => row[c]))));
  const hidden: (SuppressionReason | false)[][] = grid.map((row) => row.map((value) => (isPrimary(value, threshold) ? 'primary' : false)));
  const lines = gridLines(rows, columns);

  for (;;) {
    const exposed = lines.find((line) => hiddenCount(line.entries.map(([r, c]) => hidden[r][c])) === 1);
    if (exposed) {
      const values = exposed.entries.map(([r, c]) => grid[r][c]);
      const lineHidden = exposed.entries.map(([r, c]) => hidden[r][c]);
      const [r, c] = exposed.entries[pickToHide(values, lineHidden, range(exposed.entries.length - 1), exposed.entries.length - 1)];
      hidden[r][c] = 'complementary';
      continue;
    }
    const closing = cellClosingACycle(grid, hidden);
    if (!closing) break;
    hidden[closing[0]][closing[1]] = 'complementary';
  }

  const published = grid.map((row, r) => row.map((value, c) => publish(value, hidden[r][c], threshold)));
  return {
    cells: published.slice(0, rows).map((row) => row.slice(0, columns)),
    rowTotals: published.slice(0, rows).map((row) => row[columns]),
    columnTotals: published[rows].slice(0, columns),
    total: published[rows][columns],
  };
}

/**
 * A rate as a percentage, e.g. return home interviews held within 72 hours out of those due. Takes
 * raw counts (primary suppression is applied to each) or cells already published from a table (so a
 * complementary-suppressed count also hides the rate).
 */
export function suppressRate(
  numerator: number | PublishedCell,
  denominator: number | PublishedCell,
  options: RateOptions = {},
): PublishedRate {
  const minimumDenominator = options.minimumDenominator ?? DEFAULT_MINIMUM_DENOMINATOR;
  const decimals = options.decimals ?? 0;
  if (!Number.isInteger(minimumDenominator) || minimumDenominator < 1) {
    throw new RangeError('minimumDenominator: a whole number of at least 1');
  }
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) throw new RangeError('decimals: a whole number from 0 to 6');
  const top = typeof numerator === 'number' ? suppressCount(numerator, options) : numerator;
  const bottom = typeof denominator === 'number' ? suppressCount(denominator, options) : denominator;
  if (top.suppressed || bottom.suppressed || top.value === null || bottom.value === null || bottom.value < minimumDenominator) {
    return { value: null, shown: RATE_SUPPRESSED_SHOWN, suppressed: 'too-few' };
  }
  if (top.value > bottom.value) throw new RangeError('numerator: must not exceed the denominator');
  const factor = 10 ** decimals;
  const value = Math.round((top.value / bottom.value) * 100 * factor) / factor;
  return { value, shown: `${value.toFixed(decimals)}%`, suppressed: false };
}

/**
 * The change from the previous period's figure to this one (counts or rates; for rates the change is
 * in percentage points). Shown only when both figures are shown: a change beside one hidden figure
 * would give the hidden one away.
 */
export function compareWithPrevious(
  current: { value: number | null; suppressed: string | false },
  previous: { value: number | null; suppressed: string | false },
): PublishedChange {
  if (current.suppressed || previous.suppressed || current.value === null || previous.value === null) {
    return { value: null, shown: NOT_SHOWN, direction: null };
  }
  // Rounding keeps 0.1 + 0.2 style noise out of changes between rounded rates.
  const value = Math.round((current.value - previous.value) * 1e6) / 1e6;
  if (value === 0) return { value, shown: 'no change', direction: 'same' };
  return value > 0 ? { value, shown: `+${value}`, direction: 'up' } : { value, shown: `${value}`, direction: 'down' };
}

type Entry = readonly [row: number, column: number];
interface Line {
  /** The line's cells, its margin total last. */
  entries: Entry[];
}

/** Every grid row (including the totals row) and grid column (including the totals column). */
function gridLines(rows: number, columns: number): Line[] {
  const lines: Line[] = [];
  for (let r = 0; r <= rows; r++) lines.push({ entries: range(columns + 1).map((c) => [r, c] as const) });
  for (let c = 0; c <= columns; c++) lines.push({ entries: range(rows + 1).map((r) => [r, c] as const) });
  return lines;
}

/**
 * The entry to hide in a line with exactly one hidden entry: the smallest shown non-zero cell (the
 * first of equals), else the margin total, else (not reached with non-negative counts, kept so the
 * loop always progresses) the first shown entry.
 */
function pickToHide(
  values: readonly number[],
  hidden: readonly (SuppressionReason | false)[],
  cells: readonly number[],
  margin: number,
): number {
  let best = -1;
  for (const i of cells) {
    if (!hidden[i] && values[i] > 0 && (best < 0 || values[i] < values[best])) best = i;
  }
  if (best >= 0) return best;
  if (!hidden[margin]) return margin;
  return values.findIndex((_, i) => !hidden[i]);
}

/**
 * Hidden entries are edges between their grid row and grid column. A hidden entry on no cycle (a
 * bridge) is fixed by the line equations; return the smallest shown entry joining the two sides the
 * bridge separates (preferring non-zero ones), which puts the bridge on a cycle. Null when none is a
 * bridge.
 */
function cellClosingACycle(grid: number[][], hidden: (SuppressionReason | false)[][]): Entry | null {
  const edges: Entry[] = [];
  grid.forEach((row, r) => row.forEach((_, c) => hidden[r][c] && edges.push([r, c])));
  for (const bridge of edges) {
    const rowSide = reachable(edges, bridge, { row: bridge[0] });
    if (rowSide.columns.has(bridge[1])) continue;
    const columnSide = reachable(edges, bridge, { column: bridge[1] });
    let best: Entry | null = null;
    for (const r of columnSide.rows) {
      for (const c of rowSide.columns) {
        if (hidden[r][c]) continue;
        const better =
          best === null || (grid[r][c] > 0 && (grid[best[0]][best[1]] === 0 || grid[r][c] < grid[best[0]][best[1]]));
        if (better) best = [r, c];
      }
    }
    // A bridge's ends each have another hidden entry once step 1 is done, so both sides are non-empty.
    if (best) return best;
  }
  return null;
}

/** Grid rows and columns connected to `start` through hidden entries other than `without`. */
function reachable(edges: readonly Entry[], without: Entry, start: { row: number } | { column: number }) {
  const seenRows = new Set<number>();
  const seenColumns = new Set<number>();
  const queue: ({ row: number } | { column: number })[] = [start];
  if ('row' in start) seenRows.add(start.row);
  else seenColumns.add(start.column);
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const edge of edges) {
      if (edge === without) continue;
      if ('row' in node && edge[0] === node.row && !seenColumns.has(edge[1])) {
        seenColumns.add(edge[1]);
        queue.push({ column: edge[1] });
      } else if ('column' in node && edge[1] === node.column && !seenRows.has(edge[0])) {
        seenRows.add(edge[0]);
        queue.push({ row: edge[0] });
      }
    }
  }
  return { rows: seenRows, columns: seenColumns };
}

function publish(value: number, suppressed: SuppressionReason | false, threshold: number): PublishedCell {
  if (suppressed === 'primary') return { value: null, shown: `fewer than ${threshold + 1}`, suppressed };
  if (suppressed === 'complementary') return { value: null, shown: NOT_SHOWN, suppressed };
  return { value, shown: String(value), suppressed: false };
}

function isPrimary(count: number, threshold: number): boolean {
  return count >= 1 && count <= threshold;
}

function thresholdOf(options: SuppressionOptions): number {
  const threshold = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0) throw new RangeError('threshold: a whole number of at least 0');
  return threshold;
}

function checkCount(count: number, field: string): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${field}: a count must be a whole number of at least 0`);
}

function hiddenCount(hidden: readonly (SuppressionReason | false)[]): number {
  return hidden.filter(Boolean).length;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

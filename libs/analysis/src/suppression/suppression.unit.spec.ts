import {
  PublishedCell,
  PublishedTable,
  compareWithPrevious,
  suppressBreakdown,
  suppressCount,
  suppressList,
  suppressRate,
  suppressTable,
} from './suppression';

/** The table as a reader sees it: the grid of cells plus totals row and column, hidden entries as null. */
const publishedGrid = (table: PublishedTable): (number | null)[][] => [
  ...table.cells.map((row, r) => [...row.map((cell) => cell.value), table.rowTotals[r].value]),
  [...table.columnTotals.map((cell) => cell.value), table.total.value],
];

/** Every grid row and grid column as positions, the margin last. */
const linesOf = (grid: unknown[][]): [number, number][][] => {
  const rows = grid.length;
  const columns = grid[0].length;
  return [
    ...Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => [r, c] as [number, number])),
    ...Array.from({ length: columns }, (_, c) => Array.from({ length: rows }, (_, r) => [r, c] as [number, number])),
  ];
};

/**
 * A reader's attack by subtraction: wherever a row or column has exactly one hidden entry, compute it
 * from the others and the margin; repeat until nothing more comes out. Returns the recovered positions.
 */
const recoverBySubtraction = (table: PublishedTable): [number, number][] => {
  const grid = publishedGrid(table);
  const recovered: [number, number][] = [];
  for (let progress = true; progress; ) {
    progress = false;
    for (const line of linesOf(grid)) {
      const unknown = line.filter(([r, c]) => grid[r][c] === null);
      if (unknown.length !== 1) continue;
      const [r, c] = unknown[0];
      const margin = line[line.length - 1];
      const others = line.slice(0, -1).reduce((sum, [i, j]) => sum + (grid[i][j] ?? 0), 0);
      grid[r][c] = r === margin[0] && c === margin[1] ? others : (grid[margin[0]][margin[1]] as number) - others;
      recovered.push([r, c]);
      progress = true;
    }
  }
  return recovered;
};

/**
 * A stronger attack: a hidden entry is determined by the published table iff its unit vector lies in
 * the row space of the line equations over the hidden entries, i.e. dropping its column lowers the rank.
 */
const determinedByLinearAlgebra = (table: PublishedTable): [number, number][] => {
  const grid = publishedGrid(table);
  const unknowns: [number, number][] = [];
  grid.forEach((row, r) => row.forEach((value, c) => value === null && unknowns.push([r, c])));
  const equations = linesOf(grid).map((line) => {
    const margin = line[line.length - 1];
    return unknowns.map(([r, c]) => (line.some(([i, j]) => i === r && j === c) ? (r === margin[0] && c === margin[1] ? -1 : 1) : 0));
  });
  const full = rank(equations);
  return unknowns.filter((_, k) => rank(equations.map((row) => row.filter((__, j) => j !== k))) === full - 1);
};

const rank = (matrix: number[][]): number => {
  const m = matrix.map((row) => [...row]);
  let rank = 0;
  const columns = m[0]?.length ?? 0;
  for (let c = 0; c < columns && rank < m.length; c++) {
    const pivot = m.findIndex((row, r) => r >= rank && Math.abs(row[c]) > 1e-9);
    if (pivot < 0) continue;
    [m[rank], m[pivot]] = [m[pivot], m[rank]];
    for (let r = 0; r < m.length; r++) {
      if (r === rank) continue;
      const factor = m[r][c] / m[rank][c];
      for (let j = c; j < columns; j++) m[r][j] -= factor * m[rank][j];
    }
    rank++;
  }
  return rank;
};

/** Mulberry32: a small seeded generator so every run checks the same tables. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Small counts as child-level tables have them: many zeros and 1–4s, some larger. */
const randomCount = (random: () => number) => {
  const kind = random();
  if (kind < 0.25) return 0;
  if (kind < 0.6) return 1 + Math.floor(random() * 4);
  return 5 + Math.floor(random() * 25);
};

const reasons = (cells: PublishedCell[]) => cells.map((cell) => cell.suppressed);

describe('small-number suppression', () => {
  describe('primary suppression', () => {
    it('shows 1 to 4 as "fewer than 5" and keeps 0 and 5', () => {
      expect([1, 2, 3, 4].map((n) => suppressCount(n))).toEqual(
        Array(4).fill({ value: null, shown: 'fewer than 5', suppressed: 'primary' }),
      );
      expect(suppressCount(0)).toEqual({ value: 0, shown: '0', suppressed: false });
      expect(suppressCount(5)).toEqual({ value: 5, shown: '5', suppressed: false });
    });

    it('follows the threshold setting', () => {
      expect(suppressCount(7, { threshold: 9 })).toEqual({ value: null, shown: 'fewer than 10', suppressed: 'primary' });
      expect(suppressCount(10, { threshold: 9 }).value).toBe(10);
    });

    it('refuses a count that is not a whole number of at least 0, naming it', () => {
      expect(() => suppressCount(-1)).toThrow('count:');
      expect(() => suppressList([3, 2.5])).toThrow('counts[1]:');
      expect(() => suppressTable([[1, 2], [3]])).toThrow('counts[1]:');
      expect(() => suppressCount(3, { threshold: -1 })).toThrow('threshold:');
    });
  });

  describe('one-dimensional tables', () => {
    it('hides a second cell when one suppressed cell and the total would reveal it', () => {
      const list = suppressList([3, 0, 12, 20]);
      expect(reasons(list.cells)).toEqual(['primary', false, 'complementary', false]);
      expect(list.cells.map((cell) => cell.shown)).toEqual(['fewer than 5', '0', 'not shown', '20']);
      expect(list.total).toEqual({ value: 35, shown: '35', suppressed: false });
    });

    it('leaves a list alone when two cells are already hidden, and hides nothing in a list of zeros', () => {
      expect(reasons(suppressList([3, 2, 40]).cells)).toEqual(['primary', 'primary', false]);
      expect(suppressList([0, 0]).total).toEqual({ value: 0, shown: '0', suppressed: false });
    });

    it('hides a small total with its cells', () => {
      const list = suppressList([3, 0, 0]);
      expect(reasons([...list.cells, list.total])).toEqual(['primary', false, false, 'primary']);
    });

    it('keeps the names of a breakdown', () => {
      const breakdown = suppressBreakdown({ police: 30, school: 2, health: 9 });
      expect(breakdown.cells).toEqual({
        police: { value: 30, shown: '30', suppressed: false },
        school: { value: null, shown: 'fewer than 5', suppressed: 'primary' },
        health: { value: null, shown: 'not shown', suppressed: 'complementary' },
      });
      expect(breakdown.total.value).toBe(41);
    });
  });

  describe('two-dimensional tables', () => {
    it('gives a row with one suppressed cell a complementary suppression, then the column of that cell in turn', () => {
      const table = suppressTable([
        [2, 10, 50],
        [12, 60, 11],
        [40, 13, 14],
      ]);
      expect(table.cells.map(reasons)).toEqual([
        ['primary', 'complementary', false],
        ['complementary', false, 'complementary'],
        [false, 'complementary', 'complementary'],
      ]);
      expect([...table.rowTotals, ...table.columnTotals, table.total].map((cell) => cell.value)).toEqual([62, 83, 67, 54, 83, 75, 212]);
      expect(recoverBySubtraction(table)).toEqual([]);
    });

    it('hides a row total when the rest of the row is zeros', () => {
      const table = suppressTable([
        [2, 30],
        [9, 0],
        [11, 40],
      ]);
      expect(table.rowTotals[1]).toEqual({ value: null, shown: 'not shown', suppressed: 'complementary' });
      expect(recoverBySubtraction(table)).toEqual([]);
      expect(determinedByLinearAlgebra(table)).toEqual([]);
    });

    it('hides small totals too and still protects them', () => {
      const table = suppressTable([
        [1, 0],
        [0, 0],
        [2, 30],
      ]);
      expect(table.rowTotals[0].suppressed).toBe('primary');
      expect(table.columnTotals[0].suppressed).toBe('primary');
      expect(recoverBySubtraction(table)).toEqual([]);
      expect(determinedByLinearAlgebra(table)).toEqual([]);
    });

    it('hides one more cell when the equations pin a hidden cell down although no row or column has only one hidden', () => {
      // Subtraction line by line leaves two hidden entries everywhere, yet the 11 joins two blocks of
      // hidden entries: rows 2 and 3 and columns 1 and 2 of the second block add up to it, so a
      // reader solving the equations recovers it unless another cell joins the blocks.
      const table = suppressTable([
        [4, 0, 0],
        [2, 0, 11],
        [28, 5, 16],
      ]);
      expect(table.cells.map(reasons)).toEqual([
        ['primary', false, false],
        ['primary', false, 'complementary'],
        ['complementary', 'complementary', 'complementary'],
      ]);
      expect(reasons(table.rowTotals)).toEqual(['primary', 'complementary', false]);
      expect(reasons(table.columnTotals)).toEqual([false, 'complementary', 'complementary']);
      expect(determinedByLinearAlgebra(table)).toEqual([]);
    });

    it('lets no suppressed cell be recovered from 500 random tables, and shows no count from 1 to 4', () => {
      const random = seeded(14);
      for (let n = 0; n < 500; n++) {
        const rows = 2 + Math.floor(random() * 5);
        const columns = 2 + Math.floor(random() * 5);
        const counts = Array.from({ length: rows }, () => Array.from({ length: columns }, () => randomCount(random)));
        const table = suppressTable(counts);
        const context = JSON.stringify(counts);

        expect({ context, recovered: recoverBySubtraction(table) }).toEqual({ context, recovered: [] });
        expect({ context, determined: determinedByLinearAlgebra(table) }).toEqual({ context, determined: [] });
        const all = [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total];
        expect(all.filter((cell) => cell.value !== null && cell.value >= 1 && cell.value <= 4)).toEqual([]);
        table.cells.forEach((row, r) =>
          row.forEach((cell, c) => {
            if (cell.suppressed) expect(cell.value).toBeNull();
            else expect(cell.value).toBe(counts[r][c]);
            if (counts[r][c] >= 1 && counts[r][c] <= 4) expect(cell.suppressed).toBe('primary');
          }),
        );
      }
    });

    it('lets no suppressed cell be recovered from 500 random one-dimensional tables', () => {
      const random = seeded(2014);
      for (let n = 0; n < 500; n++) {
        const counts = Array.from({ length: 2 + Math.floor(random() * 8) }, () => randomCount(random));
        const list = suppressList(counts);
        const hidden = [...list.cells, list.total].filter((cell) => cell.suppressed).length;
        expect({ counts, hidden: hidden === 1 }).toEqual({ counts, hidden: false });
        expect(list.cells.filter((cell) => cell.value !== null && cell.value >= 1 && cell.value <= 4)).toEqual([]);
      }
    });

    it('never writes a hidden number into the published cell', () => {
      const random = seeded(7);
      for (let n = 0; n < 200; n++) {
        const counts = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => randomCount(random)));
        const table = suppressTable(counts);
        const sums = counts.map((row) => row.reduce((a, b) => a + b, 0));
        const hiddenValues = [
          ...counts.flatMap((row, r) => row.map((value, c) => [table.cells[r][c], value] as const)),
          ...sums.map((value, r) => [table.rowTotals[r], value] as const),
        ].filter(([cell]) => cell.suppressed);
        for (const [cell, value] of hiddenValues) {
          expect(JSON.stringify(cell)).not.toMatch(new RegExp(`\\b${value}\\b`));
        }
      }
    });

    it('refuses a table with no rows or no columns', () => {
      expect(() => suppressTable([])).toThrow('counts:');
      expect(() => suppressTable([[]])).toThrow('counts:');
    });
  });

  describe('rates', () => {
    it('hides a rate whose denominator is below the minimum', () => {
      expect(suppressRate(8, 9)).toEqual({ value: null, shown: 'not shown: too few', suppressed: 'too-few' });
      expect(suppressRate(8, 10)).toEqual({ value: 80, shown: '80%', suppressed: false });
      expect(suppressRate(12, 19, { minimumDenominator: 20 }).suppressed).toBe('too-few');
    });

    it('hides a rate whose numerator is suppressed, and shows a rate of 0', () => {
      expect(suppressRate(3, 40).suppressed).toBe('too-few');
      expect(suppressRate(0, 40)).toEqual({ value: 0, shown: '0%', suppressed: false });
    });

    it('hides a rate over a complementary-suppressed cell of a table', () => {
      const list = suppressList([2, 12, 30]);
      expect(suppressRate(list.cells[1], list.total).suppressed).toBe('too-few');
      expect(suppressRate(list.cells[2], list.total, { decimals: 1 })).toEqual({ value: 68.2, shown: '68.2%', suppressed: false });
    });

    it('refuses a numerator above its denominator', () => {
      expect(() => suppressRate(12, 11)).toThrow('numerator:');
    });
  });

  describe('change from the previous period', () => {
    it('shows a change only when both periods are shown', () => {
      expect(compareWithPrevious(suppressCount(12), suppressCount(9))).toEqual({ value: 3, shown: '+3', direction: 'up' });
      expect(compareWithPrevious(suppressCount(9), suppressCount(12))).toEqual({ value: -3, shown: '-3', direction: 'down' });
      expect(compareWithPrevious(suppressCount(9), suppressCount(9))).toEqual({ value: 0, shown: 'no change', direction: 'same' });
      expect(compareWithPrevious(suppressCount(12), suppressCount(3))).toEqual({ value: null, shown: 'not shown', direction: null });
      expect(compareWithPrevious(suppressCount(3), suppressCount(12)).value).toBeNull();
    });

    it('compares rates in percentage points', () => {
      expect(compareWithPrevious(suppressRate(15, 20), suppressRate(14, 20)).value).toBe(5);
      expect(compareWithPrevious(suppressRate(15, 20), suppressRate(5, 9)).shown).toBe('not shown');
    });
  });
});

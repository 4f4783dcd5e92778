import { publishTrainingCoverage } from './training-coverage';

describe('training coverage table', () => {
  const table = publishTrainingCoverage(
    [
      { agencyId: 'school', courses: { 'cse-awareness': 6, 'cse-practitioner': 5 }, staffInPost: 120, staffTrained: 84 },
      { agencyId: 'health', courses: { 'cse-awareness': 2 }, staffInPost: 8, staffTrained: 3 },
      { agencyId: 'police', courses: { 'cse-awareness': 7 }, staffInPost: 50, staffTrained: 80 },
    ],
    [{ agencyId: 'school', courses: { 'cse-awareness': 8 }, staffInPost: 100, staffTrained: 40 }],
    4,
  );
  const row = (id: string) => table.rows.find((r) => r.agencyId === id)!;

  it('gives each agency its coverage beside the previous period, in percentage points', () => {
    expect(table.rows.map((r) => r.agencyId)).toEqual(['health', 'police', 'school']);
    expect(row('school').coverage).toEqual({ value: 70, shown: '70%', suppressed: false });
    expect(row('school').previousCoverage).toEqual({ value: 40, shown: '40%', suppressed: false });
    expect(row('school').change).toMatchObject({ value: 30, direction: 'up' });
  });

  it('stops coverage at 100% when staff took several courses', () => {
    const [police] = publishTrainingCoverage([{ agencyId: 'police', courses: { 'cse-awareness': 7 }, staffInPost: 50, staffTrained: 80 }], [], 4).rows;
    expect(police.staffTrained.value).toBe(80);
    expect(police.coverage).toEqual({ value: 100, shown: '100%', suppressed: false });
  });

  it('hides small counts, the cells and totals that would reveal them, and rates over them', () => {
    // Health trained 3: "fewer than 5"; another trained cell is hidden so the total does not give it away.
    expect(row('health').staffTrained).toEqual({ value: null, shown: 'fewer than 5', suppressed: 'primary' });
    expect(row('police').staffTrained).toEqual({ value: null, shown: 'not shown', suppressed: 'complementary' });
    expect(table.total.staffTrained.value).toBe(167);
    // A rate over a hidden count, or over fewer than 10 in post, is not shown.
    expect(row('health').staffInPost.value).toBe(8);
    expect(row('health').coverage).toEqual({ value: null, shown: 'not shown: too few', suppressed: 'too-few' });
    expect(row('police').coverage.suppressed).toBe('too-few');
    // Courses: health's 2 is hidden, and no row or column of the table has exactly one hidden entry.
    expect(row('health').courses['cse-awareness'].suppressed).toBe('primary');
    const grid = [...table.rows, table.total].map((r) => [...Object.values(r.courses), r.coursesTotal]);
    const lines = [...grid, ...grid[0].map((_, c) => grid.map((r) => r[c]))];
    for (const line of lines) expect(line.filter((cell) => cell.suppressed).length).not.toBe(1);
  });

  it('answers an empty period with no rows and zero totals', () => {
    const empty = publishTrainingCoverage([], [], 4);
    expect(empty.rows).toEqual([]);
    expect(empty.total.staffInPost.value).toBe(0);
    expect(empty.total.coverage.suppressed).toBe('too-few');
  });
});

import { PublishedCell, PublishedChange, PublishedRate, RateOptions, compareWithPrevious, suppressList, suppressRate, suppressTable } from '../suppression/suppression';
import { TRAINING_COURSE_CODES, TrainingCourse } from './training.events';

/** One agency's training over a period, as the read model sums it. */
export interface AgencyTraining {
  agencyId: string;
  /** Courses held, by course. */
  courses: Partial<Record<TrainingCourse, number>>;
  /** The latest staff-in-post figure recorded in the period (0 when none). */
  staffInPost: number;
  /** Staff trained, summed over the period's courses (one person on two courses counts twice). */
  staffTrained: number;
}

export interface TrainingCoverageFigures {
  courses: Record<TrainingCourse, PublishedCell>;
  coursesTotal: PublishedCell;
  staffInPost: PublishedCell;
  staffTrained: PublishedCell;
  /** Staff trained as a share of staff in post, at most 100%. */
  coverage: PublishedRate;
  previousCoverage: PublishedRate;
  /** In percentage points; shown only when both rates are. */
  change: PublishedChange;
}

export interface TrainingCoverageRow extends TrainingCoverageFigures {
  agencyId: string;
}

/** The `training.coverage` table of GET /analysis/profile. */
export interface TrainingCoverageTable {
  rows: TrainingCoverageRow[];
  total: TrainingCoverageFigures;
}

/**
 * Coverage by agency, every count through the suppression module: the courses as one table of
 * agencies by course (primary and complementary suppression, so no hidden count follows from a
 * total), staff in post and staff trained each as a list with its total, and each rate from the
 * published counts (a hidden count hides its rate; a small staff hides it too).
 */
export function publishTrainingCoverage(current: readonly AgencyTraining[], previous: readonly AgencyTraining[], threshold: number): TrainingCoverageTable {
  const agencies = [...new Set([...current, ...previous].map((a) => a.agencyId))].sort();
  const now = publishPeriod(agencies, current, threshold);
  const before = publishPeriod(agencies, previous, threshold);
  const figures = (i: number | 'total'): TrainingCoverageFigures => {
    const n = i === 'total' ? now.total : now.rows[i];
    const b = i === 'total' ? before.total : before.rows[i];
    return { ...n, previousCoverage: b.coverage, change: compareWithPrevious(n.coverage, b.coverage) };
  };
  return { rows: agencies.map((agencyId, i) => ({ agencyId, ...figures(i) })), total: figures('total') };
}

type PeriodFigures = Omit<TrainingCoverageFigures, 'previousCoverage' | 'change'>;

function publishPeriod(agencies: readonly string[], period: readonly AgencyTraining[], threshold: number): { rows: PeriodFigures[]; total: PeriodFigures } {
  const rateOptions: RateOptions = { threshold };
  const of = (agencyId: string) => period.find((a) => a.agencyId === agencyId);
  const zeroCell: PublishedCell = { value: 0, shown: '0', suppressed: false };
  if (agencies.length === 0) {
    const none = Object.fromEntries(TRAINING_COURSE_CODES.map((c) => [c, zeroCell])) as Record<TrainingCourse, PublishedCell>;
    const empty = { courses: none, coursesTotal: zeroCell, staffInPost: zeroCell, staffTrained: zeroCell, coverage: suppressRate(0, 0, rateOptions) };
    return { rows: [], total: empty };
  }
  const courses = suppressTable(
    agencies.map((id) => TRAINING_COURSE_CODES.map((code) => of(id)?.courses[code] ?? 0)),
    { threshold },
  );
  const inPost = suppressList(agencies.map((id) => of(id)?.staffInPost ?? 0), { threshold });
  const trained = suppressList(agencies.map((id) => of(id)?.staffTrained ?? 0), { threshold });
  const byCourse = (cells: PublishedCell[]) => Object.fromEntries(TRAINING_COURSE_CODES.map((code, c) => [code, cells[c]])) as Record<TrainingCourse, PublishedCell>;
  const figures = (coursesCells: PublishedCell[], coursesTotal: PublishedCell, staffInPost: PublishedCell, staffTrained: PublishedCell): PeriodFigures => ({
    courses: byCourse(coursesCells),
    coursesTotal,
    staffInPost,
    staffTrained,
    coverage: suppressRate(capped(staffTrained, staffInPost), staffInPost, rateOptions),
  });
  return {
    rows: agencies.map((_, i) => figures(courses.cells[i], courses.rowTotals[i], inPost.cells[i], trained.cells[i])),
    total: figures(courses.columnTotals, courses.total, inPost.total, trained.total),
  };
}

/** Trained counts attendances, so may pass staff in post over several courses: coverage stops at 100%. */
function capped(trained: PublishedCell, inPost: PublishedCell): PublishedCell {
  if (trained.value !== null && inPost.value !== null && trained.value > inPost.value) return { ...trained, value: inPost.value, shown: String(inPost.value) };
  return trained;
}

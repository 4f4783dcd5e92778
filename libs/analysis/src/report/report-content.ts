import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/event-store';
import type { PublishedChange } from '../suppression/suppression';
import type { MonthPeriod, ProfileTable } from '../profile/profile-tables';
import type { TrainingCoverageTable } from '../training/training-coverage';
import { ReportTheme, reportPlan } from './action-plan.rules';

/** A figure as published: the value (null when hidden) and the text every rendering shows. */
export interface ReportCell {
  value: number | null;
  shown: string;
  /** Why it is hidden: `primary`, `complementary`, `too-few` (a rate); false when shown. */
  suppressed: string | false;
}

export interface ReportFigure {
  count: ReportCell;
  previous: ReportCell;
  change: PublishedChange;
}

export interface ReportRow extends ReportFigure {
  value: string;
}

/** One published table of a report: rows by value, beside the previous period, with the total. */
export interface ReportTable {
  caption: string;
  /** `count`: numbers of things; `percent`: rates, whose change is in percentage points. */
  unit: 'count' | 'percent';
  rows: ReportRow[];
  total: ReportFigure;
}

/**
 * What an issued report holds, and all its renderings are made from: aggregates only, each already
 * suppressed as the profile publishes it, so no later event (an erasure included) can change it.
 */
export interface ReportContent {
  /** The shape of this content; a renderer that does not know it refuses rather than guesses. */
  format: 1;
  reportId: string;
  title: string;
  period: MonthPeriod;
  previousPeriod: MonthPeriod;
  /** Counts from 1 to this were published as "fewer than 5" (PROFILE_SUPPRESSION_THRESHOLD when issued). */
  suppressionThreshold: number;
  /** The action plan, each action with its tables and narrative. */
  themes: ReportTheme[];
  tables: Record<string, ReportTable>;
}

/** What the tables are about, as a report's captions say it. */
const CAPTIONS: Record<string, string> = {
  'referrals.count': 'Referrals received',
  'referrals.agencyKind': 'Referrals by referring agency',
  'referrals.model': 'Referrals by model of exploitation',
  'referrals.sign': 'Referrals by sign of exploitation (a referral may name several)',
  'referrals.vulnerability': 'Referrals by vulnerability (a referral may name several)',
  'referrals.ageBand': "Referrals by the child's age",
  'referrals.gender': "Referrals by the child's gender",
  'referrals.ethnicGroup': "Referrals by the child's ethnic group",
  'referrals.vulnerableGroup': 'Referrals of looked after children, care leavers, migrant or unaccompanied children',
  'referrals.area': 'Referrals by area',
  'referrals.school': 'Referrals by school',
  'missing.reported': 'Missing episodes by where the child went missing from',
  'missing.duration': 'Missing episodes by how long the child was missing',
  'missing.returnInterview': 'Return home interviews',
  'missing.repeatedly': 'Children missing repeatedly (3 episodes in 90 days)',
  'semrac.listed': 'Children listed for SEMRAC by reason',
  'semrac.meetings': 'SEMRAC meetings held',
  'semrac.actionsDone': 'SEMRAC actions completed',
  'risk.firstBand': 'Risk at first assessment',
  'risk.latestBand': 'Risk at latest assessment',
  'risk.movement': 'Movement of risk between first and latest assessment',
  'poi.ageBand': 'Persons of interest by age',
  'poi.gender': 'Persons of interest by gender',
  'poi.childLinks': 'Children linked to persons of interest, by nature of link',
  'poi.disruption': 'Disruptions by type',
  'poi.intervention': 'Interventions for potential perpetrators',
  'intel.submitted': 'Intelligence submitted by agency',
  'intel.grading': 'Intelligence by grading (source / assessment)',
  'intel.toDissemination': 'Time from submission to dissemination',
  'intel.acknowledgement': 'Police acknowledgements by outcome',
  'sharing.peer': 'Cross-border shares by peer',
  'sharing.label': 'Cross-border shares by label',
  'sharing.lawfulBasis': 'Cross-border shares by lawful basis',
  'sharing.toApproval': 'Time from share request to approval',
  'sharing.notShared': 'Shares refused or decided against',
  'training.coverage': 'CSE training coverage by agency: staff trained as a share of staff in post',
};

export function captionOf(table: string): string {
  return CAPTIONS[table] ?? table;
}

/**
 * The report's tables from the profile's published tables and the training coverage: the profile's
 * as they are; the coverage as one row per agency of its rate beside the previous period's.
 */
export function reportTables(profile: Readonly<Record<string, Pick<ProfileTable, 'rows' | 'total'> | Pick<ReportTable, 'rows' | 'total'>>>, training: TrainingCoverageTable): Record<string, ReportTable> {
  const tables: Record<string, ReportTable> = {};
  for (const [name, table] of Object.entries(profile)) tables[name] = { caption: captionOf(name), unit: 'count', rows: table.rows, total: table.total };
  tables['training.coverage'] = {
    caption: captionOf('training.coverage'),
    unit: 'percent',
    rows: training.rows.map((row) => ({ value: row.agencyId, count: row.coverage, previous: row.previousCoverage, change: row.change })),
    total: { count: training.total.coverage, previous: training.total.previousCoverage, change: training.total.change },
  };
  return tables;
}

export interface ReportFigures {
  period: MonthPeriod;
  previousPeriod: MonthPeriod;
  suppressionThreshold: number;
  tables: Record<string, ReportTable>;
}

/** The content of a report from its figures and its narratives by action number. */
export function reportContent(report: { reportId: string; title: string }, figures: ReportFigures, narratives: Readonly<Record<string, string>>): ReportContent {
  return {
    format: 1,
    reportId: report.reportId,
    title: report.title,
    period: figures.period,
    previousPeriod: figures.previousPeriod,
    suppressionThreshold: figures.suppressionThreshold,
    themes: reportPlan(Object.keys(figures.tables), narratives),
    tables: figures.tables,
  };
}

/**
 * The content's hash: sha256 (hex) of its canonical JSON (keys sorted, no white space), so the
 * same content hashes the same after any round trip through the store or a JSON parser.
 */
export function contentHash(content: ReportContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * The report's tables in the order it shows them: as the action plan names them, then any other
 * (none today) by name. Never the stored object's key order, which a database may change.
 */
export function tableOrder(content: Pick<ReportContent, 'themes' | 'tables'>): string[] {
  const order: string[] = [];
  for (const action of content.themes.flatMap((theme) => theme.actions)) for (const name of action.tables) if (!order.includes(name) && content.tables[name]) order.push(name);
  return [...order, ...Object.keys(content.tables).filter((name) => !order.includes(name)).sort()];
}

/** "2026-05 to 2026-10". */
export function periodText(period: MonthPeriod): string {
  return period.from === period.to ? period.from : `${period.from} to ${period.to}`;
}

/** A report as it is rendered: its content, and how it stands (issued, or a draft's preview of the figures now). */
export interface RenderedReport {
  content: ReportContent;
  status: 'draft' | 'issued';
  /** When it was issued (the PDF's creation date), or for a draft when the preview was made. */
  at: string;
  issuedBy?: { userId: string; agencyId: string };
  position?: string;
  contentHash?: string;
}

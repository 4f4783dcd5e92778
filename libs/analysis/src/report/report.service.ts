import { randomUUID } from 'node:crypto';
import { HttpException, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, LessThan, Repository } from 'typeorm';
import { Actor, CommandStreams, DomainError, StoredEvent, deterministicUuid, keysetPage, notYetConsistent } from '@app/common';
import { ProjectionCheckpointEntity, ProjectionFailingError, ProjectionsService } from '@app/event-store';
import { MonthPeriod } from '../profile/profile-tables';
import { PROFILE_PROJECTION } from '../profile/profile.projection';
import { ProfileQuery } from '../profile/profile.query';
import { TRAINING_COVERAGE_PROJECTION } from '../training/training-coverage.projection';
import { TrainingCoverageQuery } from '../training/training-coverage.query';
import { BOARD_REPORTS_PROJECTION } from './board-reports.projection';
import { BoardReportEntity } from './board-reports.entity';
import { RenderedReport, ReportFigures, contentHash, reportContent, reportTables } from './report-content';
import { BoardReportEvent, BoardReportIssued } from './report.events';
import { boardReportStream } from './report.stream';

/** A report as GET /analysis/reports/{id} answers it. */
export interface BoardReportView {
  reportId: string;
  title: string;
  period: MonthPeriod;
  status: 'draft' | 'issued';
  draftedAt: string;
  draftedBy: { userId: string; agencyId: string };
  narratives: Record<string, string>;
  /** The stream's revision: the next If-Match. */
  revision: number;
  issuedAt?: string;
  issuedBy?: { userId: string; agencyId: string };
  position?: string;
  contentHash?: string;
}

export interface BoardReportSummary {
  reportId: string;
  title: string;
  period: MonthPeriod;
  status: 'draft' | 'issued';
  draftedAt: string;
  draftedBy: string;
  /** The actions with a narrative. */
  narratives: string[];
  issuedAt: string | null;
  position: string | null;
  contentHash: string | null;
}

export const REPORT_LIST_CURSOR = { draftedAt: 'string', reportId: 'string' } as const;

/** How often the figures are read again when the profile moved while they were read. */
const STABLE_READ_ATTEMPTS = 5;

/** The figures of a period and the profile's checkpoint they were read at. */
export interface CutFigures {
  position: string;
  figures: ReportFigures;
}

@Injectable()
export class ReportService {
  constructor(
    private readonly streams: CommandStreams,
    private readonly profiles: ProfileQuery,
    private readonly training: TrainingCoverageQuery,
    private readonly projections: ProjectionsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(BoardReportEntity) private readonly reports: Repository<BoardReportEntity>,
  ) {}

  async draft(actor: Actor, input: { period: MonthPeriod; title: string }, idempotencyKey?: string) {
    // A retried draft with the same key lands on the same report, and is answered as the first time.
    const reportId = idempotencyKey ? deterministicUuid('board-report', actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.streams.handle(boardReportStream, reportId, { type: 'DraftBoardReport', data: input }, { actor, request: input, idempotencyKey });
    return { reportId, revision: result.revision, ...(result.position ? { position: result.position } : {}), created: result.written };
  }

  async writeNarrative(actor: Actor, reportId: string, action: string, text: string, headers: { idempotencyKey?: string; ifMatch?: number }) {
    const result = await this.streams.handle(boardReportStream, reportId, { type: 'WriteReportNarrative', data: { action, text } }, { actor, request: { action, text }, ...headers });
    return { reportId, action, revision: result.revision, ...(result.position ? { position: result.position } : {}), written: result.written };
  }

  /**
   * Issues the report: its figures read from the profile's read models for its period, cut at the
   * profile projection's checkpoint, with its narratives as they stand. Issued once: a second issue
   * is refused (409).
   */
  async issue(actor: Actor, reportId: string, consistentWith?: string) {
    this.streams.authorize(boardReportStream, 'IssueBoardReport', { actor, request: {} });
    const loaded = await this.streams.load(boardReportStream, reportId);
    const { state } = loaded;
    if (!state.exists || !state.period || !state.title) throw new DomainError('No such report', 'not-found', 404);
    if (state.status === 'issued') throw new DomainError('The report has been issued: an issued report never changes; draft a new report instead. Nothing was written', 'report-issued', 409);
    const { position, figures } = await this.figures(state.period, consistentWith);
    const content = reportContent({ reportId, title: state.title }, figures, state.narratives);
    // If-Match the revision read: a narrative written meanwhile is a conflict, never left out.
    const hash = contentHash(content);
    const result = await this.streams.handle(boardReportStream, reportId, { type: 'IssueBoardReport', data: { position, content, contentHash: hash } }, { actor, request: { reportId }, ifMatch: loaded.revision });
    return { reportId, status: 'issued' as const, position, contentHash: hash, revision: result.revision, ...(result.position ? { logPosition: result.position } : {}) };
  }

  /**
   * The period's figures (the profile's tables and the training coverage, suppressed) and the
   * profile projection's checkpoint they hold. A projection stores its checkpoint in the same
   * transaction as the rows a batch changes, and its checkpoint only moves forward; so when the
   * checkpoints of both read models are the same before and after the rows are read, no batch
   * committed in between, and the rows are exactly those of every event up to the profile's
   * checkpoint (the training coverage's up to its own, read in the same quiet window). Otherwise
   * read again. Recorded as the report's position: "every event up to here, none after".
   */
  async figures(period: MonthPeriod, consistentWith?: string): Promise<CutFigures> {
    if (consistentWith) {
      await this.projections
        .waitForProjection(TRAINING_COVERAGE_PROJECTION, consistentWith, 3000)
        .catch(notYetConsistent('The training coverage has not caught up with that position yet; try again shortly'));
    }
    for (let attempt = 1; attempt <= STABLE_READ_ATTEMPTS; attempt++) {
      const before = await this.checkpoints();
      const profile = await this.profiles.profile(period, consistentWith);
      const training = await this.training.coverage(period);
      const after = await this.checkpoints();
      if (before.profile === after.profile && before.training === after.training) {
        return {
          position: after.profile,
          figures: { period: profile.period, previousPeriod: profile.previousPeriod, suppressionThreshold: profile.suppressionThreshold, tables: reportTables(profile.tables, training) },
        };
      }
    }
    throw new HttpException(
      { statusCode: 503, error: 'profile-moving', message: 'The profile changed each time its figures were read; nothing was written. Try again shortly' },
      503,
    );
  }

  /** Both read models' checkpoints; a read model that cannot get past an event is said at once (503), never reported from. */
  private async checkpoints(): Promise<{ profile: string; training: string }> {
    const rows = await this.dataSource.getRepository(ProjectionCheckpointEntity).find();
    const of = (name: string) => {
      const row = rows.find((r) => r.name === name);
      if (row?.failure) throw new ProjectionFailingError(name, row.failure.event);
      return row?.position ?? '';
    };
    return { profile: of(PROFILE_PROJECTION), training: of(TRAINING_COVERAGE_PROJECTION) };
  }

  /** The report as its stream holds it; 404 when there is none. */
  async view(reportId: string): Promise<{ view: BoardReportView; issued?: StoredEvent<BoardReportIssued> }> {
    const { events, revision } = await this.streams.load(boardReportStream, reportId);
    const drafted = events.find((e) => e.type === 'BoardReportDrafted');
    if (!drafted || drafted.type !== 'BoardReportDrafted') throw new DomainError('No such report', 'not-found', 404);
    const issued = events.find((e): e is StoredEvent<BoardReportEvent> & StoredEvent<BoardReportIssued> => e.type === 'BoardReportIssued');
    const narratives: Record<string, string> = {};
    for (const e of events) if (e.type === 'ReportNarrativeWritten') narratives[e.data.action] = e.data.text;
    const view: BoardReportView = {
      reportId,
      title: drafted.data.title,
      period: drafted.data.period,
      status: issued ? 'issued' : 'draft',
      draftedAt: drafted.data.draftedAt,
      draftedBy: drafted.data.draftedBy,
      narratives,
      revision,
      ...(issued ? { issuedAt: issued.data.issuedAt, issuedBy: issued.data.issuedBy, position: issued.data.position, contentHash: issued.data.contentHash } : {}),
    };
    return { view, issued };
  }

  /**
   * What the downloads are made from. An issued report: its stored content only, so it renders the
   * same bytes for ever. A draft: a preview of the figures now, marked DRAFT.
   */
  async rendered(reportId: string): Promise<RenderedReport> {
    const { view, issued } = await this.view(reportId);
    if (issued) {
      const { content, issuedAt, issuedBy, position, contentHash: hash } = issued.data;
      return { content, status: 'issued', at: issuedAt, issuedBy, position, contentHash: hash };
    }
    const { figures } = await this.figures(view.period);
    return { content: reportContent({ reportId, title: view.title }, figures, view.narratives), status: 'draft', at: new Date().toISOString() };
  }

  /** The reports, newest draft first, a page at a time (keyset on draftedAt, reportId). */
  async list(limit: number, after?: { draftedAt: string; reportId: string }, consistentWith?: string): Promise<{ reports: BoardReportSummary[]; next: string | null }> {
    if (consistentWith) {
      await this.projections.waitForProjection(BOARD_REPORTS_PROJECTION, consistentWith, 3000).catch(notYetConsistent('The report list has not caught up with that position yet; try again shortly'));
    }
    const rows = await this.reports.find({
      where: after ? [{ draftedAt: LessThan(after.draftedAt) }, { draftedAt: after.draftedAt, reportId: LessThan(after.reportId) }] : {},
      order: { draftedAt: 'DESC', reportId: 'DESC' },
      take: limit + 1,
    });
    const { rows: shown, next } = keysetPage(rows, limit, (row) => ({ draftedAt: row.draftedAt, reportId: row.reportId }));
    return {
      reports: shown.map((row) => ({
        reportId: row.reportId,
        title: row.title,
        period: { from: row.periodFrom, to: row.periodTo },
        status: row.status,
        draftedAt: row.draftedAt,
        draftedBy: row.draftedBy,
        narratives: row.narratives.split(',').filter(Boolean),
        issuedAt: row.issuedAt,
        position: row.position,
        contentHash: row.contentHash,
      })),
      next,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { eventOf } from '@app/common/domain';
import { Projection, ReadModelProjection, RecordedEvent, upsertRows } from '@app/event-store';
import { ACTION_NUMBERS } from './action-plan.rules';
import { BoardReportEntity } from './board-reports.entity';
import { boardReportEventSchemas } from './report.schemas';

/** The projection's name: its checkpoint, and what `ProjectionsService.rebuild` is given. */
export const BOARD_REPORTS_PROJECTION = 'board-reports';

/** The board's reports, one row each (GET /analysis/reports). One read and one write per batch. */
@Injectable()
@ReadModelProjection()
export class BoardReportsProjection implements Projection {
  readonly name = BOARD_REPORTS_PROJECTION;
  readonly version = 1;
  readonly entities = [BoardReportEntity];
  readonly eventTypes = ['BoardReportDrafted', 'ReportNarrativeWritten', 'BoardReportIssued'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const mine = events.map((e) => eventOf(boardReportEventSchemas, e)).filter((e) => e !== undefined);
    if (mine.length === 0) return;
    const rows = new Map((await manager.findBy(BoardReportEntity, { reportId: In([...new Set(mine.map((e) => e.data.reportId))]) })).map((row) => [row.reportId, row]));
    for (const event of mine) {
      const row = rows.get(event.data.reportId);
      switch (event.type) {
        case 'BoardReportDrafted': {
          const { reportId, title, period, draftedAt, draftedBy } = event.data;
          rows.set(reportId, Object.assign(new BoardReportEntity(), { reportId, title, periodFrom: period.from, periodTo: period.to, status: 'draft', draftedAt, draftedBy: draftedBy.userId, narratives: '', issuedAt: null, issuedBy: null, position: null, contentHash: null }));
          break;
        }
        case 'ReportNarrativeWritten': {
          if (!row) break;
          const written = new Set([...row.narratives.split(',').filter(Boolean), event.data.action]);
          row.narratives = ACTION_NUMBERS.filter((number) => written.has(number)).join(',');
          break;
        }
        case 'BoardReportIssued': {
          if (!row) break;
          Object.assign(row, { status: 'issued', issuedAt: event.data.issuedAt, issuedBy: event.data.issuedBy.userId, position: event.data.position, contentHash: event.data.contentHash });
          break;
        }
      }
    }
    await upsertRows(manager, BoardReportEntity, [...rows.values()], ['reportId']);
  }
}

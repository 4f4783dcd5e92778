import { defineStream } from '@app/common';
import { BoardReportCommand, BoardReportDecision, BoardReportState, boardReportDecider } from './report.decider';
import { BoardReportEvent } from './report.events';
import { boardReportEventSchemas } from './report.schemas';

/**
 * One biannual report of the board (strategy section 7): `board-report-{id}`. Only the board's
 * officers draft, write and issue it; board members and analysts read it.
 */
export const boardReportStream = defineStream<BoardReportCommand, BoardReportEvent, BoardReportState, BoardReportDecision>({
  kind: 'board-report',
  decider: boardReportDecider,
  envelope: (command, { id, now, context: { actor } }) => ({ ...command, reportId: id, now, actor: { userId: actor.userId, agencyId: actor.agencyId } }),
  events: boardReportEventSchemas,
  commands: {
    DraftBoardReport: { roles: ['board-officer'] },
    WriteReportNarrative: { roles: ['board-officer'] },
    IssueBoardReport: { roles: ['board-officer'] },
  },
});

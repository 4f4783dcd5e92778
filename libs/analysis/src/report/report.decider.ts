import { Decider, DomainError } from '@app/common/domain';
import type { MonthPeriod } from '../profile/profile-tables';
import { isActionNumber } from './action-plan.rules';
import type { ReportContent } from './report-content';
import { BoardReportEvent, MAX_NARRATIVE, MAX_REPORT_TITLE, ReportActor } from './report.events';

export type BoardReportCommand =
  | { type: 'DraftBoardReport'; data: { period: MonthPeriod; title: string } }
  | { type: 'WriteReportNarrative'; data: { action: string; text: string } }
  /** The service reads the figures at `position`, builds the content from them and the narratives it loaded, and hashes it. */
  | { type: 'IssueBoardReport'; data: { position: string; content: ReportContent; contentHash: string } };

/** A command as the decider gets it (report.stream.ts adds the report's id, the moment and who acts). */
export type BoardReportDecision = BoardReportCommand & { reportId: string; now: string; actor: ReportActor };

export interface BoardReportState {
  exists: boolean;
  status: 'draft' | 'issued';
  period?: MonthPeriod;
  title?: string;
  /** The latest narrative of each action, by its number. */
  narratives: Record<string, string>;
}

const issuedAlready = () => new DomainError('The report has been issued: an issued report never changes; draft a new report instead. Nothing was written', 'report-issued', 409);

/**
 * The biannual report (strategy section 7). Drafted once; narratives written and rewritten while it
 * is a draft; issued once, holding its figures, after which nothing changes it. Who may do each is
 * the stream's rule (board officers only).
 */
export const boardReportDecider: Decider<BoardReportDecision, BoardReportEvent, BoardReportState> = {
  initialState: () => ({ exists: false, status: 'draft', narratives: {} }),
  decide(command, state) {
    const { reportId, now, actor } = command;
    const who = { userId: actor.userId, agencyId: actor.agencyId };
    switch (command.type) {
      case 'DraftBoardReport': {
        if (state.exists) throw new DomainError('A report with this id exists already; nothing was written', 'report-exists', 409);
        const title = command.data.title.trim();
        if (title.length === 0 || title.length > MAX_REPORT_TITLE) throw new DomainError(`title must be 1 to ${MAX_REPORT_TITLE} characters`, 'title-invalid');
        if (command.data.period.to < command.data.period.from) throw new DomainError('The period must not end before it starts', 'period-invalid');
        return [{ type: 'BoardReportDrafted', data: { reportId, period: command.data.period, title, draftedBy: who, draftedAt: now } }];
      }
      case 'WriteReportNarrative': {
        if (!state.exists) throw new DomainError('No such report', 'not-found', 404);
        if (state.status === 'issued') throw issuedAlready();
        if (!isActionNumber(command.data.action)) throw new DomainError('action must be one of the action plan’s actions, 1.1 to 4.6', 'action-invalid');
        if (command.data.text.length > MAX_NARRATIVE) throw new DomainError(`text must be at most ${MAX_NARRATIVE} characters`, 'text-invalid');
        // Writing the same text again changes nothing: a retry or a double click writes once.
        if (state.narratives[command.data.action] === command.data.text) return [];
        return [{ type: 'ReportNarrativeWritten', data: { reportId, action: command.data.action, text: command.data.text, writtenBy: who, writtenAt: now } }];
      }
      case 'IssueBoardReport': {
        if (!state.exists) throw new DomainError('No such report', 'not-found', 404);
        if (state.status === 'issued') throw issuedAlready();
        const { content, position, contentHash } = command.data;
        // The content must be this report's as it stands: its period, title and every narrative.
        const narratives = Object.fromEntries(content.themes.flatMap((t) => t.actions).filter((a) => a.narrative !== null).map((a) => [a.number, a.narrative]));
        const same =
          content.reportId === reportId &&
          content.title === state.title &&
          content.period.from === state.period?.from &&
          content.period.to === state.period?.to &&
          JSON.stringify(Object.entries(narratives).sort()) === JSON.stringify(Object.entries(state.narratives).sort());
        if (!same) throw new DomainError('The report changed while it was being issued; nothing was written. Try again', 'report-changed', 409);
        return [{ type: 'BoardReportIssued', data: { reportId, position, contentHash, content, issuedBy: who, issuedAt: now } }];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'BoardReportDrafted':
        return { ...state, exists: true, status: 'draft', period: event.data.period, title: event.data.title };
      case 'ReportNarrativeWritten':
        return { ...state, narratives: { ...state.narratives, [event.data.action]: event.data.text } };
      case 'BoardReportIssued':
        return { ...state, status: 'issued' };
      default:
        return state;
    }
  },
};

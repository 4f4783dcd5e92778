import type { MonthPeriod } from '../profile/profile-tables';
import type { ReportContent } from './report-content';

/**
 * The board's biannual report (strategy section 7; issue 14 item 4), one stream per report:
 * `board-report-{id}`. The board's officers draft it for a period, write a narrative per action of
 * the plan, and issue it: the issue holds the figures as published, so the report never changes.
 */
export const MAX_REPORT_TITLE = 200;
export const MAX_NARRATIVE = 10_000;

/** Who acted, recorded in every event's data (the metadata holds it too). */
export interface ReportActor {
  userId: string;
  agencyId: string;
}

export type BoardReportDrafted = {
  type: 'BoardReportDrafted';
  data: { reportId: string; period: MonthPeriod; title: string; draftedBy: ReportActor; draftedAt: string };
};

export type ReportNarrativeWritten = {
  type: 'ReportNarrativeWritten';
  data: { reportId: string; action: string; text: string; writtenBy: ReportActor; writtenAt: string };
};

export type BoardReportIssued = {
  type: 'BoardReportIssued';
  data: {
    reportId: string;
    /** The profile read model's checkpoint the figures were read at: every event up to it, none after. */
    position: string;
    /** sha256 (hex) of the content's canonical JSON. */
    contentHash: string;
    content: ReportContent;
    issuedBy: ReportActor;
    issuedAt: string;
  };
};

export type BoardReportEvent = BoardReportDrafted | ReportNarrativeWritten | BoardReportIssued;

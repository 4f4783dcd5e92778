import { deciderSpec } from '@app/common-testing';
import { BoardReportDecision, boardReportDecider } from './report.decider';
import { BoardReportDrafted, BoardReportIssued, ReportNarrativeWritten } from './report.events';
import { contentHash, reportContent } from './report-content';
import { boardReportStream } from './report.stream';

const spec = deciderSpec(boardReportDecider);
const ID = '0b8f1d2c-93a5-4f4e-9c1b-4a0c4b8e3e4f';
const NOW = '2026-11-28T10:00:00.000Z';
const officer = { userId: 'bo-1', agencyId: 'bf-board' };
const PERIOD = { from: '2026-05', to: '2026-10' };
const on = <T extends BoardReportDecision['type']>(type: T, data: Extract<BoardReportDecision, { type: T }>['data']) => ({ type, data, reportId: ID, now: NOW, actor: officer }) as BoardReportDecision;

const drafted: BoardReportDrafted = { type: 'BoardReportDrafted', data: { reportId: ID, period: PERIOD, title: 'Winter report', draftedBy: officer, draftedAt: NOW } };
const narrative = (action: string, text: string): ReportNarrativeWritten => ({ type: 'ReportNarrativeWritten', data: { reportId: ID, action, text, writtenBy: officer, writtenAt: NOW } });
const figures = { period: PERIOD, previousPeriod: { from: '2025-11', to: '2026-04' }, suppressionThreshold: 4, tables: {} };
const content = (narratives: Record<string, string> = {}) => reportContent({ reportId: ID, title: 'Winter report' }, figures, narratives);
const issued: BoardReportIssued = { type: 'BoardReportIssued', data: { reportId: ID, position: 'p', contentHash: contentHash(content()), content: content(), issuedBy: officer, issuedAt: NOW } };

describe('the board report decider', () => {
  it('drafts once, with who and when', () => {
    spec.given([]).when(on('DraftBoardReport', { period: PERIOD, title: '  Winter report ' })).then([drafted]);
    spec.given([drafted]).when(on('DraftBoardReport', { period: PERIOD, title: 'Again' })).thenRefuses('report-exists');
  });

  it('writes and rewrites narratives while a draft, once per text', () => {
    spec.given([drafted]).when(on('WriteReportNarrative', { action: '2.1', text: 'More schools refer.' })).then([narrative('2.1', 'More schools refer.')]);
    spec.given([drafted, narrative('2.1', 'More schools refer.')]).when(on('WriteReportNarrative', { action: '2.1', text: 'More schools refer.' })).then([]);
    spec.given([drafted]).when(on('WriteReportNarrative', { action: '5.1', text: 'x' })).thenRefuses('action-invalid');
    spec.given([]).when(on('WriteReportNarrative', { action: '2.1', text: 'x' })).thenRefuses('not-found');
  });

  it('issues once, with the content hash; an issued report takes no narrative and no second issue', () => {
    spec.given([drafted]).when(on('IssueBoardReport', { position: 'p', content: content(), contentHash: contentHash(content()) })).then([issued]);
    spec.given([drafted, issued]).when(on('WriteReportNarrative', { action: '2.1', text: 'Late.' })).thenRefuses('report-issued');
    spec.given([drafted, issued]).when(on('IssueBoardReport', { position: 'p', content: content(), contentHash: contentHash(content()) })).thenRefuses('report-issued');
  });

  it('refuses content that is not the report as it stands (a narrative written meanwhile)', () => {
    spec.given([drafted, narrative('1.1', 'Assemblies.')]).when(on('IssueBoardReport', { position: 'p', content: content(), contentHash: contentHash(content()) })).thenRefuses('report-changed');
  });

  it('is declared for board officers only', () => {
    for (const rule of Object.values(boardReportStream.commands)) expect(rule.roles).toEqual(['board-officer']);
    expect(boardReportStream.streamId(ID)).toBe(`board-report-${ID}`);
  });
});

import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { ACTION_NUMBERS } from './action-plan.rules';
import { BoardReportEvent, MAX_NARRATIVE, MAX_REPORT_TITLE } from './report.events';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const period = z.object({ from: month, to: month }).refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' });
const who = z.object({ userId: z.string().trim().min(1).max(200), agencyId: z.string().trim().min(1).max(100) });
const when = z.iso.datetime({ offset: true });
const action = z.enum(ACTION_NUMBERS as [string, ...string[]]);

const cell = z.object({ value: z.number().nullable(), shown: z.string().max(100), suppressed: z.union([z.string().max(40), z.literal(false)]) });
const change = z.object({ value: z.number().nullable(), shown: z.string().max(100), direction: z.enum(['up', 'down', 'same']).nullable() });
const figure = z.object({ count: cell, previous: cell, change });
const table = z.object({ caption: z.string().max(500), unit: z.enum(['count', 'percent']), rows: z.array(figure.extend({ value: z.string().max(200) })), total: figure });
const reportAction = z.object({ number: action, title: z.string().max(200), tables: z.array(z.string().max(100)), narrative: z.string().max(MAX_NARRATIVE).nullable() });
const theme = z.object({ number: z.string().max(4), title: z.string().max(200), actions: z.array(reportAction) });

/** An issued report's content: aggregates only, every cell as published (report-content.ts). */
export const reportContentSchema = z.object({
  format: z.literal(1),
  reportId: z.uuid(),
  title: z.string().trim().min(1).max(MAX_REPORT_TITLE),
  period,
  previousPeriod: period,
  suppressionThreshold: z.number().int().min(1).max(100),
  themes: z.array(theme),
  tables: z.record(z.string().max(100), table),
});

/** One schema per report event (report.events.ts). */
export const boardReportEventSchemas: EventSchemas<BoardReportEvent> = {
  BoardReportDrafted: z.object({ reportId: z.uuid(), period, title: z.string().trim().min(1).max(MAX_REPORT_TITLE), draftedBy: who, draftedAt: when }),
  ReportNarrativeWritten: z.object({ reportId: z.uuid(), action, text: z.string().max(MAX_NARRATIVE), writtenBy: who, writtenAt: when }),
  BoardReportIssued: z.object({
    reportId: z.uuid(),
    position: z.string().max(64),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    content: reportContentSchema,
    issuedBy: who,
    issuedAt: when,
  }),
};

import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROFILE_EXAMPLE } from '../profile/profile.examples';
import { TRAINING_COVERAGE_EXAMPLE } from '../training/training.examples';
import { ACTION_NUMBERS } from './action-plan.rules';
import { contentHash, reportContent, reportTables, tableOrder } from './report-content';
import { tablesCsv } from './report-csv';

const REPORT_ID = '3f6c2a9e-0d4b-4e1a-9c57-2b8d1e7f4a60';
const POSITION = '00000000000000004711:00000000000000000000';
const FIGURES = { period: PROFILE_EXAMPLE.period, previousPeriod: PROFILE_EXAMPLE.previousPeriod, suppressionThreshold: 4, tables: reportTables(PROFILE_EXAMPLE.tables, TRAINING_COVERAGE_EXAMPLE) };
const CONTENT = reportContent({ reportId: REPORT_ID, title: 'CSE action plan: report to the LSCB, winter 2026' }, FIGURES, {
  '1.3': 'Awareness training reached two in three staff in schools and health.',
});

const period: SchemaObject = { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string', example: '2026-05' }, to: { type: 'string', example: '2026-10' } } };
const who: SchemaObject = { type: 'object', required: ['userId', 'agencyId'], properties: { userId: { type: 'string' }, agencyId: { type: 'string' } } };
const status: SchemaObject = { type: 'string', enum: ['draft', 'issued'] };
const position: SchemaObject = { type: 'string', description: 'The profile read model’s checkpoint the figures were cut at: every event up to it, none after' };
const hash: SchemaObject = { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'sha256 (hex) of the canonical JSON (keys sorted, no white space) of the issued content' };

export const DRAFT_ANSWER_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['reportId', 'revision', 'created'],
  properties: {
    reportId: { type: 'string', format: 'uuid' },
    revision: { type: 'integer', description: 'The next If-Match' },
    position: { type: 'string', description: 'Pass to `GET /analysis/reports?consistentWith=` to list the report' },
    created: { type: 'boolean', description: 'False when this was a retry with the same Idempotency-Key' },
  },
  example: { reportId: REPORT_ID, revision: 0, position: '00000000000000004702:00000000000000000000', created: true },
};

export const NARRATIVE_ANSWER_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['reportId', 'action', 'revision', 'written'],
  properties: {
    reportId: { type: 'string', format: 'uuid' },
    action: { type: 'string', enum: [...ACTION_NUMBERS] },
    revision: { type: 'integer' },
    position: { type: 'string' },
    written: { type: 'boolean', description: 'False when the text was already the action’s narrative' },
  },
  example: { reportId: REPORT_ID, action: '1.3', revision: 1, position: '00000000000000004705:00000000000000000000', written: true },
};

export const ISSUE_ANSWER_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['reportId', 'status', 'position', 'contentHash', 'revision'],
  properties: { reportId: { type: 'string', format: 'uuid' }, status: { ...status, enum: ['issued'] }, position, contentHash: hash, revision: { type: 'integer' }, logPosition: { type: 'string', description: 'Where the issue event sits in the log' } },
  example: { reportId: REPORT_ID, status: 'issued', position: POSITION, contentHash: contentHash(CONTENT), revision: 2, logPosition: '00000000000000004712:00000000000000000000' },
};

const summary: SchemaObject = {
  type: 'object',
  required: ['reportId', 'title', 'period', 'status', 'draftedAt', 'draftedBy', 'narratives', 'issuedAt', 'position', 'contentHash'],
  properties: {
    reportId: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    period,
    status,
    draftedAt: { type: 'string', format: 'date-time' },
    draftedBy: { type: 'string' },
    narratives: { type: 'array', items: { type: 'string', enum: [...ACTION_NUMBERS] }, description: 'The actions with a narrative' },
    issuedAt: { type: 'string', format: 'date-time', nullable: true },
    position: { ...position, nullable: true },
    contentHash: { ...hash, nullable: true },
  },
};

export const LIST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['reports', 'limit', 'next'],
  properties: { reports: { type: 'array', items: summary }, limit: { type: 'integer' }, next: { type: 'string', nullable: true, description: 'Pass as `after` for the next page; null on the last' } },
  example: {
    reports: [
      {
        reportId: REPORT_ID,
        title: CONTENT.title,
        period: CONTENT.period,
        status: 'issued',
        draftedAt: '2026-11-20T09:00:00.000Z',
        draftedBy: 'board-officer',
        narratives: ['1.3'],
        issuedAt: '2026-11-28T16:00:00.000Z',
        position: POSITION,
        contentHash: contentHash(CONTENT),
      },
    ],
    limit: 20,
    next: null,
  },
};

const cell: SchemaObject = {
  type: 'object',
  required: ['value', 'shown', 'suppressed'],
  properties: { value: { type: 'number', nullable: true }, shown: { type: 'string', example: 'fewer than 5' }, suppressed: { oneOf: [{ type: 'string' }, { type: 'boolean', enum: [false] }] } },
};
const figure: SchemaObject = {
  type: 'object',
  required: ['count', 'previous', 'change'],
  properties: { count: cell, previous: cell, change: { type: 'object', required: ['value', 'shown', 'direction'], properties: { value: { type: 'number', nullable: true }, shown: { type: 'string' }, direction: { type: 'string', nullable: true } } } },
};
const table: SchemaObject = {
  type: 'object',
  required: ['caption', 'unit', 'rows', 'total'],
  properties: { caption: { type: 'string' }, unit: { type: 'string', enum: ['count', 'percent'] }, rows: { type: 'array', items: { ...figure, required: ['value', ...(figure.required ?? [])], properties: { value: { type: 'string' }, ...figure.properties } } }, total: figure },
};

export const VIEW_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['reportId', 'title', 'period', 'status', 'draftedAt', 'draftedBy', 'narratives', 'revision'],
  properties: {
    reportId: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    period,
    status,
    draftedAt: { type: 'string', format: 'date-time' },
    draftedBy: who,
    narratives: { type: 'object', additionalProperties: { type: 'string' }, description: 'Each action’s narrative, by its number' },
    revision: { type: 'integer', description: 'The next If-Match' },
    issuedAt: { type: 'string', format: 'date-time' },
    issuedBy: who,
    position,
    contentHash: hash,
    preview: {
      type: 'object',
      description: 'A draft only: the figures the report would hold if issued now, and the checkpoint they were read at',
      required: ['position', 'period', 'previousPeriod', 'suppressionThreshold', 'tables'],
      properties: { position, period, previousPeriod: period, suppressionThreshold: { type: 'integer' }, tables: { type: 'object', additionalProperties: table } },
    },
  },
  example: {
    reportId: REPORT_ID,
    title: CONTENT.title,
    period: CONTENT.period,
    status: 'issued',
    draftedAt: '2026-11-20T09:00:00.000Z',
    draftedBy: { userId: 'board-officer', agencyId: 'bf-board' },
    narratives: { '1.3': 'Awareness training reached two in three staff in schools and health.' },
    revision: 2,
    issuedAt: '2026-11-28T16:00:00.000Z',
    issuedBy: { userId: 'board-officer', agencyId: 'bf-board' },
    position: POSITION,
    contentHash: contentHash(CONTENT),
  },
};

/** The CSV of the example report, as GET …/tables.csv answers it. */
export const CSV_EXAMPLE = tablesCsv(CONTENT.tables, tableOrder(CONTENT)).split('\r\n').slice(0, 6).join('\r\n');

import { ExampleSchemaHints } from '@app/common';
import { AUDIT_ACCESS_KINDS } from '../trail/auditor-read';

/** The record kinds an auditor may name in a path (the loaded contexts declare which of them a process holds). */
export const AUDIT_RECORD_KINDS = Object.keys(AUDIT_ACCESS_KINDS);

/** Examples of the audit answers, mirroring their types (RecordState, RecordDiff, TrailEntry, ...), for the OpenAPI document. */
const CASE_ID = '4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f';
const EVENT = {
  eventId: '0b6f2c1e-7d8a-4c3b-9e2f-5a1d4c7b8e90',
  revision: 2,
  position: '17',
  type: 'CaseClosed',
  at: '2026-11-21T10:15:00.000Z',
  actor: 'u-dee-lead',
  agency: 'bf-csc',
  reason: 'Risk reduced to no current risk; support plan complete',
};
const KINDS = { kind: AUDIT_RECORD_KINDS };

export const RECORD_STATE_EXAMPLE = {
  kind: 'case',
  recordId: CASE_ID,
  streamId: `case-${CASE_ID}`,
  asOf: '2026-11-21T12:00:00.000Z',
  existed: true,
  revision: 2,
  eventsApplied: 3,
  lastEvent: EVENT,
  state: { status: 'closed' },
  view: { caseId: CASE_ID, status: 'closed' },
  viewSources: { streamIds: ['missing-episode-6f1c2b3a-1d2e-4f5a-8b9c-0d1e2f3a4b5c'], eventsApplied: 1 },
};
export const RECORD_STATE_HINTS: ExampleSchemaHints = { enums: KINDS, complete: [''] };

export const RECORD_DIFF_EXAMPLE = {
  kind: 'case',
  recordId: CASE_ID,
  from: '2026-11-20T00:00:00.000Z',
  to: '2026-11-22T00:00:00.000Z',
  stateChanges: [{ path: 'status', change: 'changed', before: 'open', after: 'closed' }],
  viewChanges: [{ path: 'status', change: 'changed', before: 'open', after: 'closed' }],
  events: [{ ...EVENT, streamId: `case-${CASE_ID}` }],
};
const CHANGE = { enums: { 'stateChanges[].change': ['added', 'removed', 'changed'], 'viewChanges[].change': ['added', 'removed', 'changed'], ...KINDS } };
export const RECORD_DIFF_HINTS: ExampleSchemaHints = { ...CHANGE, complete: [''] };

const TRAIL_ENTRY = { ...EVENT, entry: 'change', streamId: `case-${CASE_ID}` };
export const TRAIL_EXAMPLE = { kind: 'case', recordId: CASE_ID, entries: [TRAIL_ENTRY] };
export const TRAIL_HINTS: ExampleSchemaHints = { enums: { ...KINDS, 'entries[].entry': ['change', 'access'] }, complete: [''] };

const ACTIVITY_ENTRY = {
  entry: 'access',
  streamId: 'access-log',
  revision: 41,
  position: '112',
  type: 'RecordAccessed',
  at: '2026-11-21T10:20:00.000Z',
  actor: 'u-dee-lead',
  agency: 'bf-csc',
  reason: 'Child in immediate danger; duty social worker',
  record: { kind: 'case', id: CASE_ID },
  purpose: 'open a case',
  breakGlass: true,
};
export const ACTIVITY_EXAMPLE = { userId: 'u-dee-lead', entries: [ACTIVITY_ENTRY] };
export const ENTRIES_HINTS: ExampleSchemaHints = { enums: { 'entries[].entry': ['change', 'access'] }, complete: [''] };
export const BREAK_GLASS_EXAMPLE = { entries: [ACTIVITY_ENTRY] };

export const DISCLOSURES_EXAMPLE = {
  entries: [
    {
      entry: 'change',
      streamId: 'share-9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
      revision: 1,
      position: '130',
      type: 'ShareApproved',
      at: '2026-11-21T11:00:00.000Z',
      actor: 'u-manager',
      agency: 'bf-csc',
      disclosure: { shareId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', to: 'neighbour-board', label: 'OFFICIAL-SENSITIVE', lawfulBasis: { code: 'children-act-1989-s47' }, purpose: 'Section 47 enquiry' },
    },
  ],
};

const BROKEN_LINK = { streamId: `case-${CASE_ID}`, revision: 2, eventId: EVENT.eventId, position: '17', problem: 'hash-mismatch', expectedHash: '9f2c…', storedHash: '1a7b…' };
export const CHAIN_REPORT_EXAMPLE = { ok: false, streamsChecked: 12, eventsChecked: 240, firstBroken: BROKEN_LINK };
export const CHAIN_REPORT_HINTS: ExampleSchemaHints = { enums: { 'firstBroken.problem': ['hash-mismatch', 'revision-gap'] }, complete: [''] };

export const CHECKPOINT_EXAMPLE = {
  format: 'safeguard-audit-checkpoint/1',
  treeSize: 240,
  rootHash: '5d41402abc4b2a76b9719d911017c592ae1f3c8e2b1d4f6a7c9e0b3d5f7a9c1e',
  lastPosition: '240',
  issuedAt: '2026-11-21T12:00:00.000Z',
  keyId: 'a3f1c2d4e5b6a7980c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
  publicKey: 'MCowBQYDK2VwAyEA…',
  signature: 'r3Q2…==',
};
const CHECKPOINT_HINTS = { 'checkpoints[].format': ['safeguard-audit-checkpoint/1'], 'checkpoint.format': ['safeguard-audit-checkpoint/1'] };
export const CHECKPOINTS_EXAMPLE = { checkpoints: [CHECKPOINT_EXAMPLE] };
export const PUBLISHED_EXAMPLE = { checkpoint: CHECKPOINT_EXAMPLE, position: '241' };
export const CHECKPOINTS_HINTS: ExampleSchemaHints = { enums: CHECKPOINT_HINTS, complete: ['', 'checkpoint', 'checkpoints[]'] };

export const CONSISTENCY_EXAMPLE = {
  ok: true,
  from: { ...CHECKPOINT_EXAMPLE, treeSize: 200, lastPosition: '200' },
  to: CHECKPOINT_EXAMPLE,
  proof: { fromSize: 200, toSize: 240, fromRoot: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae', toRoot: CHECKPOINT_EXAMPLE.rootHash, proof: ['fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9'] },
  problems: [],
};
export const CONSISTENCY_HINTS: ExampleSchemaHints = { enums: { 'from.format': ['safeguard-audit-checkpoint/1'], 'to.format': ['safeguard-audit-checkpoint/1'] }, complete: ['', 'from', 'to', 'proof'] };

export const PROJECTIONS_EXAMPLE = { projections: ['case-list', 'case-view', 'sharing-register'] };

/** An inconsistent answer, to show every part: a consistent one has no failure and no differences. */
export const PROJECTION_CHECK_EXAMPLE = {
  projection: 'case-view',
  head: '240',
  checkpoint: '236',
  behind: 4,
  failure: { event: { id: EVENT.eventId, position: '237', type: 'CaseClosed' }, error: 'TypeError: cannot read properties of undefined', since: '2026-11-21T12:00:00.000Z', attempts: 3 },
  rebuildFailure: { event: { id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', position: '237', type: 'CaseClosed' }, error: 'TypeError: cannot read properties of undefined' },
  eventsReplayed: 240,
  rowsCompared: 31,
  consistent: false,
  differenceCount: 1,
  differences: [{ table: 'case_view', key: { caseId: CASE_ID }, problem: 'differs', columns: ['document'] }],
};
export const PROJECTION_CHECK_HINTS: ExampleSchemaHints = { enums: { 'differences[].problem': ['missing', 'extra', 'differs'] }, complete: [''], nullable: ['failure', 'rebuildFailure'] };

import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { RegionalPicture, RegionalSendAnswer } from './regional.service';

const cell: SchemaObject = {
  oneOf: [
    { type: 'integer', minimum: 0, description: 'A count that reveals nobody: 0, or above the threshold' },
    { type: 'string', description: '"fewer than 5" for a count from 1 to the threshold; "not shown" for a cell hidden so that no hidden count can be worked out' },
  ],
};
const tables: SchemaObject = {
  type: 'object',
  description: 'Measure (as GET /analysis/profile names its tables) → its rows by coded value and its total, published cells only',
  additionalProperties: {
    type: 'object',
    required: ['rows', 'total'],
    properties: { rows: { type: 'array', items: { type: 'object', required: ['value', 'count'], properties: { value: { type: 'string' }, count: cell } } }, total: cell },
  },
};
const period: SchemaObject = { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string', example: '2026-06' }, to: { type: 'string', example: '2026-11' } } };
const entry: SchemaObject = {
  type: 'object',
  required: ['source', 'period', 'suppressionThreshold', 'tables'],
  properties: {
    source: {
      type: 'object',
      required: ['id', 'name', 'own'],
      description: "Where the profile comes from: this board, or a peer by its id and its name in this board's directory (SHARING_PEERS)",
      properties: { id: { type: 'string' }, name: { type: 'string' }, own: { type: 'boolean' } },
    },
    period,
    suppressionThreshold: { type: 'integer', description: "The source's threshold: its counts from 1 to it are shown as text" },
    sentAt: { type: 'string', format: 'date-time', description: "When the peer sent it (a peer's only)" },
    receivedAt: { type: 'string', format: 'date-time', description: "When it arrived here (a peer's only)" },
    tables,
  },
};

const exampleTables = (female: number | string, male: number | string, notKnown: number | string, total: number | string) => ({
  'referrals.count': { rows: [{ value: 'all', count: total }], total },
  'referrals.gender': {
    rows: [
      { value: 'female', count: female },
      { value: 'male', count: male },
      { value: 'non-binary', count: 0 },
      { value: 'not-known', count: notKnown },
    ],
    total,
  },
});

export const REGIONAL_PICTURE_EXAMPLE: RegionalPicture = {
  period: { from: '2026-06', to: '2026-11' },
  own: { source: { id: 'brightfield-lscb', name: 'Brightfield LSCB', own: true }, period: { from: '2026-06', to: '2026-11' }, suppressionThreshold: 4, tables: exampleTables(17, 'fewer than 5', 'not shown', 23) },
  peers: [
    {
      source: { id: 'westmoor-lscb', name: 'Westmoor LSCB', own: false },
      period: { from: '2026-06', to: '2026-11' },
      suppressionThreshold: 4,
      sentAt: '2026-12-01T06:00:00.000Z',
      receivedAt: '2026-12-01T06:00:01.204Z',
      tables: exampleTables(31, 9, 0, 40),
    },
  ],
  awaiting: [{ id: 'eastvale-lscb', name: 'Eastvale LSCB' }],
};

/** GET /analysis/regional in the OpenAPI document. */
export const REGIONAL_PICTURE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['period', 'own', 'peers', 'awaiting'],
  properties: {
    period,
    own: { ...entry, description: "This board's own profile of the period, as it sends it: the period's published cells, suppressed" },
    peers: { type: 'array', items: entry, description: "Each peer's latest profile received (the one it sent last), whatever period it covers" },
    awaiting: { type: 'array', description: 'Board peers from whom no profile has arrived', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
  },
  example: REGIONAL_PICTURE_EXAMPLE,
};

export const REGIONAL_SEND_EXAMPLE: RegionalSendAnswer = {
  profileId: '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
  period: { from: '2026-06', to: '2026-11' },
  peers: [
    { id: 'westmoor-lscb', name: 'Westmoor LSCB' },
    { id: 'eastvale-lscb', name: 'Eastvale LSCB' },
  ],
  contentHash: '3f0c1d2e4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  sentAt: '2026-12-01T09:30:00.000Z',
  position: '00000000000000000042:00000000000000000000',
  sent: true,
};

/** POST /analysis/regional/send in the OpenAPI document. */
export const REGIONAL_SEND_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['profileId', 'period', 'peers', 'contentHash', 'sentAt', 'sent'],
  properties: {
    profileId: { type: 'string', format: 'uuid', description: 'The send: every peer’s problem-profile.v1 message carries it' },
    period,
    peers: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } }, description: 'The board peers it went to' },
    contentHash: { type: 'string', description: 'sha256 of the canonical JSON of period, threshold and tables: what each peer records' },
    sentAt: { type: 'string', format: 'date-time' },
    position: { type: 'string' },
    sent: { type: 'boolean', description: 'False when this was a retry with the same Idempotency-Key and nothing new was sent' },
  },
  example: REGIONAL_SEND_EXAMPLE,
};

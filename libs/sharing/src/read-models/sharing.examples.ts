import type { ExampleSchemaHints } from '@app/common';
import { SHARE_STATES } from '../share/share.events';
import { SHARE_MESSAGE_REFUSAL_REASONS } from '../refusals/sharing-refusal.events';
import { LAWFUL_BASIS_CODES } from '../shared/lawful-basis';
import { PEER_KINDS } from '../shared/peer';
import { TLP_LABELS } from '../shared/tlp';

/**
 * Examples of the sharing read models' answers for the OpenAPI document, mirroring their types
 * (OutboundShareView, InboundShareWithContent, RegisterEntry, ShareMessageRefused); the schema is
 * read off them (exampleSchema) with the closed sets below.
 */
const SHARE_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const CASE_ID = '4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f';
const REQUESTER = { userId: 'u-dee-lead', agencyId: 'bf-csc' };
const OFFICER = { userId: 'u-sharing-officer', agencyId: 'bf-board' };
const BASIS = { code: 'other', text: 'Children Act 2004 s11 duty to safeguard' };
const INFORMED = { informed: false, reasonNotInformed: 'Telling the family would put the child at risk' };
const SUMMARY = { caseId: CASE_ID, chronologyEntries: 12, intelligenceItemIds: ['2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901'] };
const ONWARD = { originalShareId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b', originalFrom: 'neighbour-board', originalLabel: 'AMBER' };
const DECISION = { by: OFFICER, reason: 'No lawful basis shown for sharing the chronology.', at: '2026-11-21T11:00:00.000Z' };

const OUTBOUND_SHARE = {
  shareId: SHARE_ID,
  state: 'revocation-confirmed',
  revision: 4,
  peer: { id: 'neighbour-board', name: 'Neighbouring Safeguarding Board', kind: 'board' },
  label: 'AMBER',
  purpose: 'Section 47 enquiry: the child has been seen in the neighbouring area',
  lawfulBasis: BASIS,
  subjectInformed: INFORMED,
  handlingConditions: 'Children’s social care and police only. Do not disclose to the family.',
  contentSummary: SUMMARY,
  requestedBy: REQUESTER,
  requestedAt: '2026-11-21T10:00:00.000Z',
  previousShareId: '0e1d2c3b-4a59-4687-9786-a5b4c3d2e1f0',
  onwardFrom: ONWARD,
  approvedBy: OFFICER,
  approvedAt: '2026-11-21T10:30:00.000Z',
  refusal: DECISION,
  decisionNotToShare: DECISION,
  sentAt: '2026-11-21T10:30:01.000Z',
  acknowledgedAt: '2026-11-21T10:30:05.000Z',
  revocation: { ...DECISION, confirmedAt: '2026-11-21T11:00:05.000Z' },
  updatedAt: '2026-11-21T11:00:05.000Z',
};

const CONTENT = {
  caseSummary: { caseId: CASE_ID, status: 'open', openedAt: '2026-11-20T09:30:00.000Z' },
  chronologyEntries: [{ at: '2026-11-20T09:30:00.000Z', type: 'ReferralReceived', summary: 'Referral from Example Secondary School' }],
  intelligenceItems: [{ itemId: '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901' }],
};

const LABELS = [...TLP_LABELS];
const PEER = [...PEER_KINDS];
const BASES = [...LAWFUL_BASIS_CODES];
const outbound = (at: string) => ({ [`${at}state`]: [...SHARE_STATES], [`${at}peer.kind`]: PEER, [`${at}label`]: LABELS, [`${at}lawfulBasis.code`]: BASES, [`${at}onwardFrom.originalLabel`]: LABELS });
/** `next` is null on the last page. */
const PAGE = ['next'];
const NEXT = 'eyJhIjoiMjAyNi0xMS0yMVQxMDowMDowMC4wMDBaIn0';

/** GET /shares/{shareId}: sharing officers also see `content`. */
export const OUTBOUND_SHARE_EXAMPLE = { ...OUTBOUND_SHARE, content: CONTENT };
export const OUTBOUND_SHARE_HINTS: ExampleSchemaHints = { enums: outbound('') };

export const OUTBOUND_SHARES_EXAMPLE = { shares: [OUTBOUND_SHARE], total: 1, next: NEXT };
export const OUTBOUND_SHARES_HINTS: ExampleSchemaHints = { enums: outbound('shares[].'), complete: [''], nullable: PAGE };

const INBOUND_SHARE = {
  shareId: SHARE_ID,
  revision: 2,
  from: { id: 'neighbour-board', name: 'Neighbouring Safeguarding Board', kind: 'board' },
  label: 'AMBER',
  purpose: 'Section 47 enquiry: the child has been seen in the neighbouring area',
  lawfulBasis: BASIS,
  subjectInformed: INFORMED,
  handlingConditions: 'Children’s social care and police only. Do not disclose to the family.',
  sentBy: { requestedBy: REQUESTER, approvedBy: OFFICER },
  onward: ONWARD,
  sentAt: '2026-11-21T10:30:01.000Z',
  receivedAt: '2026-11-21T10:30:02.000Z',
  contentSummary: SUMMARY,
  links: [{ kind: 'case', id: CASE_ID, note: 'Same child', linkedBy: REQUESTER, linkedAt: '2026-11-21T12:00:00.000Z' }],
  onwardShares: [{ shareId: '3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b', peerId: 'thames-valley-police', label: 'AMBER', requestedAt: '2026-11-21T12:30:00.000Z' }],
  revocation: { reason: 'Shared in error', revokedAt: '2026-11-22T09:00:00.000Z', contentDestroyedAt: '2026-11-22T09:00:01.000Z' },
  updatedAt: '2026-11-22T09:00:01.000Z',
};
const inbound = (at: string) => ({
  [`${at}from.kind`]: PEER,
  [`${at}label`]: LABELS,
  [`${at}lawfulBasis.code`]: BASES,
  [`${at}onward.originalLabel`]: LABELS,
  [`${at}links[].kind`]: ['case', 'poi'],
  [`${at}onwardShares[].label`]: LABELS,
});

/** GET /inbound-shares/{shareId}: `content` is null once the sender revoked the share. */
export const INBOUND_SHARE_EXAMPLE = { ...INBOUND_SHARE, content: CONTENT, contentStatus: 'readable' };
export const INBOUND_SHARE_HINTS: ExampleSchemaHints = { enums: { ...inbound(''), contentStatus: ['readable', 'revoked-unreadable'] }, nullable: ['content'] };

export const INBOX_EXAMPLE = { shares: [INBOUND_SHARE], total: 1, next: NEXT };
export const INBOX_HINTS: ExampleSchemaHints = { enums: inbound('shares[].'), complete: [''], nullable: PAGE };

export const REGISTER_EXAMPLE = {
  entries: [
    {
      shareId: SHARE_ID,
      outcome: 'disclosed',
      state: 'acknowledged',
      toWhom: OUTBOUND_SHARE.peer,
      what: SUMMARY,
      label: 'AMBER',
      why: OUTBOUND_SHARE.purpose,
      basis: BASIS,
      subjectInformed: INFORMED,
      handlingConditions: OUTBOUND_SHARE.handlingConditions,
      requestedBy: REQUESTER,
      requestedAt: '2026-11-21T10:00:00.000Z',
      decidedBy: OFFICER,
      decidedAt: '2026-11-21T10:30:00.000Z',
      reason: 'Why not, for a refusal or a decision not to share',
      sentAt: '2026-11-21T10:30:01.000Z',
      acknowledgedAt: '2026-11-21T10:30:05.000Z',
      revocation: OUTBOUND_SHARE.revocation,
      onwardFrom: ONWARD,
    },
  ],
  total: 1,
  next: NEXT,
};
export const REGISTER_HINTS: ExampleSchemaHints = {
  enums: {
    'entries[].outcome': ['pending', 'disclosed', 'refused', 'not-shared'],
    'entries[].state': [...SHARE_STATES],
    'entries[].toWhom.kind': PEER,
    'entries[].label': LABELS,
    'entries[].basis.code': BASES,
    'entries[].onwardFrom.originalLabel': LABELS,
  },
  complete: [''],
  nullable: PAGE,
};

export const REFUSED_MESSAGES_EXAMPLE = {
  messages: [
    {
      messageId: '5e6f7081-92a3-44b5-86c7-d8e9f0a1b2c3',
      messageType: 'ShareSent',
      shareId: SHARE_ID,
      claimedFrom: 'unknown-board',
      claimedTo: 'bf-board',
      reason: 'unknown-sender',
      detail: 'No configured peer unknown-board',
      source: { topic: 'shares.bf-board', partition: 0, offset: '17' },
      refusedAt: '2026-11-21T10:30:02.000Z',
    },
  ],
  total: 1,
  next: NEXT,
};
export const REFUSED_MESSAGES_HINTS: ExampleSchemaHints = { enums: { 'messages[].reason': [...SHARE_MESSAGE_REFUSAL_REASONS] }, complete: ['', 'messages[]', 'messages[].source'], nullable: PAGE };

export const IDENTITY_EXAMPLE = {
  board: { id: 'bf-board', name: 'Example Safeguarding Board', topic: 'shares.bf-board', publicKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n' },
  peers: [{ id: 'neighbour-board', name: 'Neighbouring Safeguarding Board', kind: 'board', topic: 'shares.neighbour-board', allowedLabels: ['GREEN', 'AMBER'] }],
};
export const IDENTITY_HINTS: ExampleSchemaHints = { enums: { 'peers[].kind': PEER, 'peers[].allowedLabels[]': LABELS }, complete: ['', 'board', 'peers[]'] };

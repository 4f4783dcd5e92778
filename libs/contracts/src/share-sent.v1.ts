import { FieldErrors, MessageContract, defineContract } from './contract';
import { JsonRecord, array, boolean, fieldPath, integer, isRecord, object, oneOf, text } from './fields';
import { SHARE_LABELS, ShareEnvelopeV1, ShareLabel, checkShareEnvelope } from './share-envelope.v1';

/** The lawful bases a share may rest on; `other` carries its text. */
export const SHARE_LAWFUL_BASIS_CODES = ['cda-1998-s115', 'dpa-2018-sch1-para18', 'dpa-2018-sch8', 'consent', 'other'] as const;

/**
 * An approved share, sent by one board (or force) to a peer on the peer's topic, keyed by
 * `shareId`. Carries the content and everything the recipient must keep: the label, the lawful
 * basis, the purpose, the handling conditions and whether the subject was told.
 */
export interface ShareSentV1 extends ShareEnvelopeV1 {
  type: 'share-sent.v1';
  sentAt: string;
  label: ShareLabel;
  purpose: string;
  lawfulBasis: { code: (typeof SHARE_LAWFUL_BASIS_CODES)[number]; text?: string };
  subjectInformed: { informed: boolean; reasonNotInformed?: string };
  handlingConditions?: string;
  /** Who asked for the share and who approved it, at the sending organisation. */
  requestedBy: { userId: string; agencyId: string };
  approvedBy: { userId: string; agencyId: string };
  /** Present when the sender is passing on a share it received: the original and its label. */
  onward?: { originalShareId: string; originalFrom: string; originalLabel: ShareLabel };
  content: {
    caseSummary?: {
      caseId: string;
      status: string;
      child: { firstName: string; lastName: string; knownAs?: string; dateOfBirth?: string; approximateAge?: number; gender: string };
      flags: string[];
      riskBand?: string;
      suspectedModels: string[];
      signs: string[];
      vulnerabilities: string[];
      leadProfessionals: { agencyName: string; name: string; role: string; contact?: string }[];
      missingEpisodes: number;
    };
    chronologyEntries?: { caseId: string; eventId: string; at: string; type: string; summary: string }[];
    intelligenceItems?: { itemId: string; gradingCode?: string; handlingConditions?: string; text: string; subjects: { kind: string; ref?: string; text?: string }[]; knownAt: string }[];
  };
}

const FIELDS = ['sentAt', 'label', 'purpose', 'lawfulBasis', 'subjectInformed', 'handlingConditions', 'requestedBy', 'approvedBy', 'onward', 'content'];

function actor(errors: FieldErrors, message: JsonRecord, key: string): void {
  if (message[key] === undefined) return errors.add(key, 'is required');
  const who = object(errors, key, message[key], ['userId', 'agencyId']);
  if (!who) return;
  text(errors, who, key, 'userId', { maxLength: 100, format: 'reference' });
  text(errors, who, key, 'agencyId', { maxLength: 100, format: 'reference' });
}

function strings(errors: FieldErrors, parent: JsonRecord, path: string, key: string): void {
  array(errors, parent, path, key, 100, (item, itemPath) => {
    if (typeof item !== 'string' || item.length > 200) errors.add(itemPath, 'must be text of at most 200 characters');
  });
}

function checkCaseSummary(errors: FieldErrors, value: unknown): void {
  const path = 'content.caseSummary';
  const summary = object(errors, path, value, ['caseId', 'status', 'child', 'flags', 'riskBand', 'suspectedModels', 'signs', 'vulnerabilities', 'leadProfessionals', 'missingEpisodes']);
  if (!summary) return;
  text(errors, summary, path, 'caseId', { maxLength: 100, format: 'reference' });
  text(errors, summary, path, 'status', { maxLength: 20 });
  const child = object(errors, `${path}.child`, summary.child, ['firstName', 'lastName', 'knownAs', 'dateOfBirth', 'approximateAge', 'gender']);
  if (child) {
    for (const key of ['firstName', 'lastName', 'gender']) text(errors, child, `${path}.child`, key, { maxLength: 100 });
    for (const key of ['knownAs', 'dateOfBirth']) text(errors, child, `${path}.child`, key, { maxLength: 100, optional: true });
    if (child.approximateAge !== undefined) integer(errors, child, `${path}.child`, 'approximateAge', 0);
  }
  for (const key of ['flags', 'suspectedModels', 'signs', 'vulnerabilities']) strings(errors, summary, path, key);
  text(errors, summary, path, 'riskBand', { maxLength: 40, optional: true });
  array(errors, summary, path, 'leadProfessionals', 50, (item, itemPath) => {
    const lead = object(errors, itemPath, item, ['agencyName', 'name', 'role', 'contact']);
    if (!lead) return;
    for (const key of ['agencyName', 'name', 'role']) text(errors, lead, itemPath, key, { maxLength: 200 });
    text(errors, lead, itemPath, 'contact', { maxLength: 200, optional: true });
  });
  integer(errors, summary, path, 'missingEpisodes', 0);
}

function checkContent(errors: FieldErrors, value: unknown): void {
  const content = object(errors, 'content', value, ['caseSummary', 'chronologyEntries', 'intelligenceItems']);
  if (!content) return;
  if (Object.keys(content).length === 0) errors.add('content', 'must carry a case summary, chronology entries or intelligence items');
  if (content.caseSummary !== undefined) checkCaseSummary(errors, content.caseSummary);
  if (content.chronologyEntries !== undefined) {
    array(errors, content, 'content', 'chronologyEntries', 500, (item, itemPath) => {
      const entry = object(errors, itemPath, item, ['caseId', 'eventId', 'at', 'type', 'summary']);
      if (!entry) return;
      text(errors, entry, itemPath, 'caseId', { maxLength: 100, format: 'reference' });
      text(errors, entry, itemPath, 'eventId', { maxLength: 36, format: 'uuid' });
      text(errors, entry, itemPath, 'at', { maxLength: 40, format: 'date-time' });
      text(errors, entry, itemPath, 'type', { maxLength: 100 });
      text(errors, entry, itemPath, 'summary', { maxLength: 2000 });
    });
  }
  if (content.intelligenceItems !== undefined) {
    array(errors, content, 'content', 'intelligenceItems', 50, (item, itemPath) => {
      const entry = object(errors, itemPath, item, ['itemId', 'gradingCode', 'handlingConditions', 'text', 'subjects', 'knownAt']);
      if (!entry) return;
      text(errors, entry, itemPath, 'itemId', { maxLength: 100, format: 'reference' });
      text(errors, entry, itemPath, 'gradingCode', { maxLength: 10, optional: true });
      text(errors, entry, itemPath, 'handlingConditions', { maxLength: 2000, optional: true });
      text(errors, entry, itemPath, 'text', { maxLength: 20_000 });
      text(errors, entry, itemPath, 'knownAt', { maxLength: 40 });
      array(errors, entry, itemPath, 'subjects', 200, (subject, subjectPath) => {
        const s = object(errors, subjectPath, subject, ['kind', 'ref', 'text']);
        if (!s) return;
        text(errors, s, subjectPath, 'kind', { maxLength: 40 });
        text(errors, s, subjectPath, 'ref', { maxLength: 100, optional: true });
        text(errors, s, subjectPath, 'text', { maxLength: 500, optional: true });
      });
    });
  }
}

function check(value: unknown, errors: FieldErrors): void {
  const message = checkShareEnvelope(value, errors, 'share-sent.v1', FIELDS);
  if (!message) return;
  text(errors, message, '', 'sentAt', { maxLength: 40, format: 'date-time' });
  oneOf(errors, message, '', 'label', SHARE_LABELS);
  text(errors, message, '', 'purpose', { maxLength: 2000 });
  if (message.lawfulBasis === undefined) errors.add('lawfulBasis', 'is required');
  else {
    const basis = object(errors, 'lawfulBasis', message.lawfulBasis, ['code', 'text']);
    if (basis) {
      oneOf(errors, basis, 'lawfulBasis', 'code', SHARE_LAWFUL_BASIS_CODES);
      text(errors, basis, 'lawfulBasis', 'text', { maxLength: 1000, optional: basis.code !== 'other' });
    }
  }
  if (message.subjectInformed === undefined) errors.add('subjectInformed', 'is required');
  else {
    const told = object(errors, 'subjectInformed', message.subjectInformed, ['informed', 'reasonNotInformed']);
    if (told) {
      boolean(errors, told, 'subjectInformed', 'informed');
      text(errors, told, 'subjectInformed', 'reasonNotInformed', { maxLength: 2000, optional: told.informed !== false });
    }
  }
  text(errors, message, '', 'handlingConditions', { maxLength: 2000, optional: true });
  actor(errors, message, 'requestedBy');
  actor(errors, message, 'approvedBy');
  if (message.onward !== undefined) {
    const onward = object(errors, 'onward', message.onward, ['originalShareId', 'originalFrom', 'originalLabel']);
    if (onward) {
      text(errors, onward, 'onward', 'originalShareId', { maxLength: 36, format: 'uuid' });
      text(errors, onward, 'onward', 'originalFrom', { maxLength: 100, format: 'reference' });
      oneOf(errors, onward, 'onward', 'originalLabel', SHARE_LABELS);
    }
  }
  if (message.content === undefined) errors.add('content', 'is required');
  else if (!isRecord(message.content)) errors.add(fieldPath('', 'content'), 'must be an object');
  else checkContent(errors, message.content);
}

export const ShareSentV1: MessageContract<ShareSentV1> = defineContract<ShareSentV1>({
  name: 'share-sent',
  version: 1,
  description: 'An approved cross-border share: content, label, lawful basis, purpose and conditions (recipient topic, key: shareId).',
  check,
  example: {
    messageId: '4c1b2a3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    type: 'share-sent.v1',
    shareId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    from: 'brightfield-lscb',
    to: 'westmoor-lscb',
    sentAt: '2026-11-28T10:20:00.000Z',
    label: 'AMBER',
    purpose: 'The child has been found in Westmoor twice this month; to plan a joint safety response.',
    lawfulBasis: { code: 'dpa-2018-sch1-para18' },
    subjectInformed: { informed: false, reasonNotInformed: 'Telling her now could alert the suspected exploiter.' },
    handlingConditions: 'Children’s social care and police only. Do not disclose to the family.',
    requestedBy: { userId: 'sw-9', agencyId: 'bf-csc' },
    approvedBy: { userId: 'so-2', agencyId: 'bf-lscb' },
    content: {
      caseSummary: {
        caseId: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f',
        status: 'open',
        child: { firstName: 'Testa', lastName: 'Fictional', approximateAge: 14, gender: 'female' },
        flags: ['Missing from home'],
        riskBand: 'significant',
        suspectedModels: ['Inappropriate relationship'],
        signs: ['Going missing'],
        vulnerabilities: ['Low self-esteem'],
        leadProfessionals: [{ agencyName: 'Brightfield Children’s Social Care', name: 'Sam Worker', role: 'Social worker' }],
        missingEpisodes: 3,
      },
      chronologyEntries: [
        { caseId: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f', eventId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', at: '2026-11-20T09:30:00.000Z', type: 'ReferralReceived', summary: 'Referral from Example School' },
      ],
    },
    signature: 'ZXhhbXBsZS1zaWduYXR1cmUtbm90LWEtcmVhbC1vbmUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
  },
});

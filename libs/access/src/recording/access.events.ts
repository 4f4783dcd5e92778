import type { AccessAction, AccessRecordKind } from '../policy/access-policy';

/**
 * Access events (Data Protection Act 2018 s62: consultation is logged with who, when, what and
 * why). Ids and codes only, never personal data: a child's name must not reach the access log
 * through a filter, a reason or a record. Who acts is in the metadata (`actor`), as on every event.
 */

// Printable text on one line: shown to auditors as written (and a header can carry no more).
const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

/** What is wrong with a stated purpose of a read (3-200 printable characters on one line), or undefined when it is fine. */
export function purposeProblem(purpose: string): string | undefined {
  const text = purpose.trim();
  return text.length < 3 || text.length > 200 || !PRINTABLE.test(text) ? 'must be 3-200 characters of text on one line (no personal data)' : undefined;
}

/** What is wrong with a break-glass reason (10-500 printable characters on one line), or undefined when it is fine. */
export function breakGlassReasonProblem(reason: string): string | undefined {
  const text = reason.trim();
  return text.length < 10 || text.length > 500 || !PRINTABLE.test(text)
    ? 'must be 10-500 characters of text saying why you need this record (no personal data)'
    : undefined;
}

/** A record was opened (or a list row was acted on) and shown. */
export type RecordAccessed = {
  type: 'RecordAccessed';
  data: {
    kind: AccessRecordKind;
    recordId: string;
    action: AccessAction;
    /** Why the user looked: the X-Purpose header, or the endpoint's default. */
    purpose: string;
    /** What in the policy allowed it, e.g. "agency on the case"; "break-glass" when only the reason did. */
    ground: string;
    roles: string[];
    breakGlass: boolean;
    /** The user's stated reason, with breakGlass only (also in metadata.reason). */
    breakGlassReason?: string;
    /** What the policy would have said without the reason, with breakGlass only. */
    outsideScope?: string;
    accessedAt: string;
  };
};

/** The policy refused to show a record. Recorded before the 403 is answered. */
export type AccessDenied = {
  type: 'AccessDenied';
  data: {
    kind: AccessRecordKind;
    recordId: string;
    action: AccessAction;
    purpose: string;
    /** The policy's reason (ids and rules only). */
    reason: string;
    /** Whether a reason (X-Break-Glass-Reason) would have opened it. */
    breakGlassPossible: boolean;
    roles: string[];
    attemptedAt: string;
  };
};

/** A list was shown: its filters and the ids of every row on the page. */
export type ListAccessed = {
  type: 'ListAccessed';
  data: {
    list: string;
    purpose: string;
    /** The query's filters and paging, as codes and ids. */
    filters: Record<string, string | number | boolean>;
    /** The records shown, by kind. */
    shown: { kind: AccessRecordKind; ids: string[] }[];
    roles: string[];
    accessedAt: string;
  };
};

/**
 * A list or an aggregate (the problem profile, a board report, the regional picture) was refused
 * to a user whose roles do not open it. Recorded on the list's stream before the 403 is answered.
 */
export type ListRefused = {
  type: 'ListRefused';
  data: {
    list: string;
    purpose: string;
    /** The query's filters, as codes and ids. */
    filters: Record<string, string | number | boolean>;
    /** The policy's reason (roles and rules only). */
    reason: string;
    roles: string[];
    attemptedAt: string;
  };
};

export type AccessEvent = RecordAccessed | AccessDenied | ListAccessed | ListRefused;
export const ACCESS_EVENT_TYPES: AccessEvent['type'][] = ['RecordAccessed', 'AccessDenied', 'ListAccessed', 'ListRefused'];

/**
 * One stream per record (`access-case-<id>`): a record's access trail is one cheap read for the
 * auditor, and appends to different records never contend. Lists go to one stream per list
 * (`access-list-cases`); each event names every id shown.
 */
export const accessStreamId = (kind: AccessRecordKind, recordId: string): string => `access-${kind}-${recordId}`;
export const listAccessStreamId = (list: string): string => `access-list-${list}`;

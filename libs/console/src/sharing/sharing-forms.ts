import { ApiProblem } from '../http/console-api';
import { fieldId } from '../http/console-pages';

/**
 * TLP 2.0 labels, least to most restrictive: the API's own order (libs/sharing shared/tlp.ts),
 * repeated here because the console is a client of the API and imports no context's code.
 */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpLabel = (typeof TLP_LABELS)[number];

export const isTlpLabel = (value: unknown): value is TlpLabel => typeof value === 'string' && (TLP_LABELS as readonly string[]).includes(value);

/** What each label means to the people who receive it (FIRST TLP 2.0), shown as the radio's hint. */
export const TLP_HINTS: Record<TlpLabel, string> = {
  CLEAR: 'No limit on disclosure.',
  GREEN: 'The recipient’s community, not published.',
  AMBER: 'The recipient organisation and its clients who need to know.',
  'AMBER+STRICT': 'The recipient organisation only.',
  RED: 'The named recipients only; never forwarded.',
};

/** The labels an onward share may carry: the received one or a narrower one (RED is never passed on). */
export function onwardLabels(received: TlpLabel): TlpLabel[] {
  if (received === 'RED') return [];
  return TLP_LABELS.slice(TLP_LABELS.indexOf(received));
}

export const LAWFUL_BASES: { code: string; text: string }[] = [
  { code: 'cda-1998-s115', text: 'Crime and Disorder Act 1998 s115' },
  { code: 'dpa-2018-sch1-para18', text: 'Data Protection Act 2018 Schedule 1 para 18 (safeguarding of children and individuals at risk)' },
  { code: 'dpa-2018-sch8', text: 'Data Protection Act 2018 Schedule 8 (law enforcement processing)' },
  { code: 'consent', text: 'Consent' },
  { code: 'other', text: 'Other (say which)' },
];

/** The states an outbound share passes through, as codes the list filters on. */
export const SHARE_STATES = ['requested', 'approved', 'refused', 'sent', 'acknowledged', 'revoked', 'revocation-confirmed', 'not-shared'] as const;

/** A form as it arrives (urlencoded, flat): each field a string, or an array when repeated. */
export type FormBody = Record<string, string | string[] | undefined>;

/** One value of a field, trimmed; a repeated field gives its last value. */
export function text(form: FormBody, name: string): string | undefined {
  const raw = form[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** References typed one a line (or separated by commas or spaces). */
function references(form: FormBody, name: string): string[] {
  return (text(form, name) ?? '').split(/[\s,]+/).filter(Boolean);
}

/** The terms every share names (to whom, label, basis, purpose), in the API's shape, from the form. */
export function shareTerms(form: FormBody): Record<string, unknown> {
  const code = text(form, 'lawfulBasis.code');
  const basisText = text(form, 'lawfulBasis.text');
  const informed = text(form, 'subjectInformed.informed');
  const reasonNotInformed = text(form, 'subjectInformed.reasonNotInformed');
  const conditions = text(form, 'handlingConditions');
  return {
    peerId: text(form, 'peerId'),
    label: text(form, 'label'),
    purpose: text(form, 'purpose'),
    // Sent even when nothing was chosen, so the API names the missing choice rather than the whole object.
    lawfulBasis: { code, ...(code === 'other' || basisText ? { text: basisText ?? '' } : {}) },
    subjectInformed: {
      informed: informed === 'yes' ? true : informed === 'no' ? false : undefined,
      ...(informed === 'no' || reasonNotInformed ? { reasonNotInformed: reasonNotInformed ?? '' } : {}),
    },
    ...(conditions ? { handlingConditions: conditions } : {}),
  };
}

/** What is shared, by reference: a case (its summary, chosen chronology entries) and intelligence items. */
export function contentSelection(form: FormBody): Record<string, unknown> {
  const caseId = text(form, 'content.caseId');
  const chronologyEventIds = references(form, 'content.chronologyEventIds');
  const intelligenceItemIds = references(form, 'content.intelligenceItemIds');
  return {
    ...(caseId ? { caseId } : {}),
    includeCaseSummary: text(form, 'content.includeCaseSummary') === 'yes',
    ...(chronologyEventIds.length ? { chronologyEventIds } : {}),
    ...(intelligenceItemIds.length ? { intelligenceItemIds } : {}),
  };
}

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/**
 * The access header for a record outside the user's cases (break-glass), or the problem with it.
 * A header carries plain ASCII only: other characters are asked for again rather than lost.
 */
export function accessHeaders(form: FormBody): { headers: Record<string, string> } | { problem: string } {
  const reason = text(form, 'breakGlassReason');
  if (!reason) return { headers: {} };
  if (!PRINTABLE_ASCII.test(reason)) return { problem: 'Write the reason with letters, digits and plain punctuation only (no curly quotes or symbols)' };
  return { headers: { 'X-Break-Glass-Reason': reason } };
}

/** What the field is called on the page, for messages the API gives as "field: what is wrong". */
const FIELD_NAMES: Record<string, string> = {
  peerId: 'Share with',
  label: 'TLP label',
  purpose: 'Purpose',
  'lawfulBasis-code': 'Lawful basis',
  'lawfulBasis-text': 'Lawful basis in words',
  'subjectInformed-informed': 'Subject informed',
  'subjectInformed-reasonNotInformed': 'Why the subject was not told',
  handlingConditions: 'Handling conditions',
  'content-caseId': 'Case reference',
  'content-chronologyEventIds': 'Chronology entries',
  'content-intelligenceItemIds': 'Intelligence items',
  reason: 'Reason',
  breakGlassReason: 'Reason to open a record outside your cases',
};

/** Fields the API names that the page shows elsewhere: the whole object's problem goes to its first input. */
const ALIASES: Record<string, string> = {
  lawfulBasis: 'lawfulBasis-code',
  subjectInformed: 'subjectInformed-informed',
  content: 'content-caseId',
  'content-includeCaseSummary': 'content-caseId',
};

export interface PageErrors {
  summary: { text: string; href?: string }[];
  byField: Record<string, { text: string }>;
}

/** Where on the page a field the API named is: its input's id (an entry of a list goes to the list's box). */
function inputFor(field: string, known: readonly string[]): string | undefined {
  let id = fieldId(field);
  id = ALIASES[id] ?? id;
  while (!known.includes(id) && /-\d+$/.test(id)) id = id.replace(/-\d+$/, '');
  id = ALIASES[id] ?? id;
  return known.includes(id) ? id : undefined;
}

/**
 * The GOV.UK error summary and field messages for an API refusal: a 400's named fields, or a rule's
 * message ("label: onward sharing never widens the label: …") put against the field it names.
 * Messages the API gives never hold personal data; they are shown as they are.
 */
export function pageErrors(problem: ApiProblem, known: readonly string[]): PageErrors {
  const errors: PageErrors = { summary: [], byField: {} };
  const add = (field: string | undefined, message: string) => {
    const id = field ? inputFor(field, known) : undefined;
    if (!id) return void errors.summary.push({ text: field ? `${field}: ${message}` : message });
    const named = `${FIELD_NAMES[id] ?? field}: ${message}`;
    errors.summary.push({ text: named, href: `#${id}` });
    errors.byField[id] ??= { text: named };
  };
  if (problem.errors.length > 0) {
    for (const e of problem.errors) add(e.field, e.problems.join('; '));
    return errors;
  }
  const ruled = /^([A-Za-z][A-Za-z0-9.]*): (.+)$/s.exec(problem.message);
  if (ruled) add(ruled[1], ruled[2]);
  else add(undefined, problem.message);
  return errors;
}

/** One message against one input, as the console's own check of a field. */
export function fieldError(id: string, message: string): PageErrors {
  return { summary: [{ text: message, href: `#${id}` }], byField: { [id]: { text: message } } };
}

/** The inputs of the share terms' part of a form, by id. */
export const TERMS_FIELDS = ['peerId', 'label', 'purpose', 'lawfulBasis-code', 'lawfulBasis-text', 'subjectInformed-informed', 'subjectInformed-reasonNotInformed', 'handlingConditions'];
/** The inputs of the content part of a form, by id. */
export const CONTENT_FIELDS = ['content-caseId', 'content-chronologyEventIds', 'content-intelligenceItemIds', 'breakGlassReason'];

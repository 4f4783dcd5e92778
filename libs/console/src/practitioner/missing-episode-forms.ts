import { FieldProblem } from '../http/console-api';
import { DateTimeParts, FieldLabels, FormBody, datePartsOf, instantOf, isBlank, linesOf, textOf } from './risk-missing-forms';

/** The three forms of a missing episode (report, return, return home interview): what was typed, and the API's body. */

export interface MissingReportValues {
  missingFrom: string;
  missingFromDetail: string;
  lastSeenAt: DateTimeParts;
  reportedToPoliceAt: DateTimeParts;
  policeCategory: string;
  riskLevel: string;
  concerning: '' | 'yes' | 'no';
  concernNote: string;
  pushFactors: string;
  pullFactors: string;
}

export const REPORT_DATE_FIELDS = ['lastSeenAt', 'reportedToPoliceAt'];
export const RETURN_DATE_FIELDS = ['returnedAt'];
export const INTERVIEW_DATE_FIELDS = ['heldAt', 'attempts-0-at'];

const blankDate = (): DateTimeParts => ({ day: '', month: '', year: '', time: '' });
const yesNo = (value: string): '' | 'yes' | 'no' => (value === 'yes' || value === 'no' ? value : '');

export function emptyReport(): MissingReportValues {
  return {
    missingFrom: '',
    missingFromDetail: '',
    lastSeenAt: blankDate(),
    reportedToPoliceAt: blankDate(),
    policeCategory: '',
    riskLevel: '',
    concerning: '',
    concernNote: '',
    pushFactors: '',
    pullFactors: '',
  };
}

export function readReport(body: FormBody): MissingReportValues {
  return {
    missingFrom: textOf(body, 'missingFrom'),
    missingFromDetail: textOf(body, 'missingFromDetail'),
    lastSeenAt: datePartsOf(body, 'lastSeenAt', true),
    reportedToPoliceAt: datePartsOf(body, 'reportedToPoliceAt', true),
    policeCategory: textOf(body, 'policeCategory'),
    riskLevel: textOf(body, 'riskLevel'),
    concerning: yesNo(textOf(body, 'concerning')),
    concernNote: textOf(body, 'concernNote'),
    pushFactors: textOf(body, 'pushFactors'),
    pullFactors: textOf(body, 'pullFactors'),
  };
}

/** A date and time the console turns into an instant: blank (when optional) or real, and not in the future. */
function instantProblem(parts: DateTimeParts, field: string, what: string, optional: boolean, now: number): { problem?: FieldProblem; value?: string } {
  if (optional && isBlank(parts)) return {};
  const value = instantOf(parts);
  if (!value) return { problem: { field, problems: [`Enter ${what} as a real date and a time such as 21:30`] } };
  if (Date.parse(value) > now) return { problem: { field, problems: [`${what.charAt(0).toUpperCase()}${what.slice(1)} must be in the past`] } };
  return { value };
}

export function reportBody(values: MissingReportValues, now: number): { problems: FieldProblem[]; body: Record<string, unknown> } {
  const lastSeen = instantProblem(values.lastSeenAt, 'lastSeenAt', 'when the child was last seen', false, now);
  const police = instantProblem(values.reportedToPoliceAt, 'reportedToPoliceAt', 'when it was reported to the police', true, now);
  const problems = [lastSeen.problem, police.problem].filter((p): p is FieldProblem => !!p);
  if (!values.concerning) problems.push({ field: 'concerning', problems: ['Select whether the episode appears concerning'] });
  const push = linesOf({ v: values.pushFactors }, 'v');
  const pull = linesOf({ v: values.pullFactors }, 'v');
  return {
    problems,
    body: {
      missingFrom: values.missingFrom || undefined,
      ...(values.missingFromDetail ? { missingFromDetail: values.missingFromDetail } : {}),
      lastSeenAt: lastSeen.value,
      ...(police.value ? { reportedToPoliceAt: police.value } : {}),
      policeCategory: values.policeCategory || undefined,
      riskLevel: values.riskLevel || undefined,
      concerning: values.concerning === 'yes',
      ...(values.concerning === 'yes' && values.concernNote ? { concernNote: values.concernNote } : {}),
      ...(push.length ? { pushFactors: push } : {}),
      ...(pull.length ? { pullFactors: pull } : {}),
    },
  };
}

export const REPORT_LABELS: FieldLabels = {
  missingFrom: 'where the child went missing from',
  missingFromDetail: 'the placement or place',
  lastSeenAt: 'when the child was last seen',
  reportedToPoliceAt: 'when it was reported to the police',
  policeCategory: 'the police category',
  riskLevel: 'the risk level',
  concerning: 'whether the episode appears concerning',
  concernNote: 'why it appears concerning',
  pushFactors: 'the push factors',
  pullFactors: 'the pull factors',
};

export interface ReturnValues {
  returnedAt: DateTimeParts;
  whereFound: string;
  foundWith: string;
  returnedBy: string;
}

export const emptyReturn = (): ReturnValues => ({ returnedAt: blankDate(), whereFound: '', foundWith: '', returnedBy: '' });

export function readReturn(body: FormBody): ReturnValues {
  return { returnedAt: datePartsOf(body, 'returnedAt', true), whereFound: textOf(body, 'whereFound'), foundWith: textOf(body, 'foundWith'), returnedBy: textOf(body, 'returnedBy') };
}

export function returnBody(values: ReturnValues, now: number): { problems: FieldProblem[]; body: Record<string, unknown> } {
  const returned = instantProblem(values.returnedAt, 'returnedAt', 'when the child returned or was found', false, now);
  return {
    problems: returned.problem ? [returned.problem] : [],
    body: {
      returnedAt: returned.value,
      whereFound: values.whereFound,
      ...(values.foundWith ? { foundWith: values.foundWith } : {}),
      ...(values.returnedBy ? { returnedBy: values.returnedBy } : {}),
    },
  };
}

export const RETURN_LABELS: FieldLabels = {
  returnedAt: 'when the child returned or was found',
  whereFound: 'where the child was found',
  foundWith: 'who the child was found with',
  returnedBy: 'who brought the child back',
};

export interface InterviewValues {
  outcome: '' | 'held' | 'not-held';
  heldAt: DateTimeParts;
  heldByName: string;
  heldByAgencyId: string;
  where: string;
  learned: string;
  reason: string;
  attemptAt: DateTimeParts;
  attemptBy: string;
  attemptOutcome: string;
}

export const emptyInterview = (agencyId: string): InterviewValues => ({
  outcome: '',
  heldAt: blankDate(),
  heldByName: '',
  heldByAgencyId: agencyId,
  where: '',
  learned: '',
  reason: '',
  attemptAt: blankDate(),
  attemptBy: '',
  attemptOutcome: '',
});

export function readInterview(body: FormBody): InterviewValues {
  const outcome = textOf(body, 'outcome');
  return {
    outcome: outcome === 'held' || outcome === 'not-held' ? outcome : '',
    heldAt: datePartsOf(body, 'heldAt', true),
    heldByName: textOf(body, 'heldBy-name'),
    heldByAgencyId: textOf(body, 'heldBy-agencyId'),
    where: textOf(body, 'where'),
    learned: textOf(body, 'learned'),
    reason: textOf(body, 'reason'),
    attemptAt: datePartsOf(body, 'attempts-0-at', true),
    attemptBy: textOf(body, 'attempts-0-by'),
    attemptOutcome: textOf(body, 'attempts-0-outcome'),
  };
}

/** Held: when, by whom, where, what was learned. Not held: why, and the attempt made (optional: none may have been possible). */
export function interviewBody(values: InterviewValues, now: number): { problems: FieldProblem[]; body: Record<string, unknown> } {
  if (values.outcome === 'held') {
    const held = instantProblem(values.heldAt, 'heldAt', 'when the interview was held', false, now);
    return {
      problems: held.problem ? [held.problem] : [],
      body: { outcome: 'held', heldAt: held.value, heldBy: { name: values.heldByName, agencyId: values.heldByAgencyId }, where: values.where, learned: values.learned },
    };
  }
  if (values.outcome === 'not-held') {
    const attempted = !isBlank(values.attemptAt) || values.attemptBy !== '' || values.attemptOutcome !== '';
    const at = attempted ? instantProblem(values.attemptAt, 'attempts[0].at', 'when the attempt was made', false, now) : {};
    return {
      problems: at.problem ? [at.problem] : [],
      body: { outcome: 'not-held', reason: values.reason, attempts: attempted ? [{ at: at.value, by: values.attemptBy, outcome: values.attemptOutcome }] : [] },
    };
  }
  return { problems: [{ field: 'outcome', problems: ['Select whether the return home interview was held'] }], body: {} };
}

export const INTERVIEW_LABELS: FieldLabels = {
  outcome: 'whether the return home interview was held',
  heldAt: 'when the interview was held',
  'heldBy-name': 'who held the interview',
  'heldBy-agencyId': 'the interviewer’s agency',
  where: 'where the interview was held',
  learned: 'what was learned',
  reason: 'why the interview was not held',
  'attempts-0-at': 'when the attempt was made',
  'attempts-0-by': 'who made the attempt',
  'attempts-0-outcome': 'what happened',
};

/**
 * The return home interview's clock (due within the board's hours of the return): time left, or
 * overdue since, in whole hours; less than an hour says so.
 */
export function interviewClock(returnedAt: string, hours: number, now: number): { overdue: boolean; text: string } {
  const dueAt = Date.parse(returnedAt) + hours * 3_600_000;
  const hoursBetween = (ms: number) => Math.floor(ms / 3_600_000);
  const plural = (n: number) => (n < 1 ? 'less than an hour' : n === 1 ? '1 hour' : `${n} hours`);
  if (now > dueAt) return { overdue: true, text: `Overdue by ${plural(hoursBetween(now - dueAt))}` };
  return { overdue: false, text: `Return interview due within ${hours} hours: ${plural(hoursBetween(dueAt - now))} left` };
}

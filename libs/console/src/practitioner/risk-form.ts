import type { SignSeverity } from '@app/cases';
import { FieldProblem } from '../http/console-api';
import { FieldLabels, FormBody, dateOf, datePartsOf, listOf, textOf } from './risk-missing-forms';
import { PreviewSign } from './risk-score';

/** The risk assessment form as the user filled it in, to show again and to send. */
export interface RiskFormValues {
  assessorName: string;
  assessorRole: string;
  agencyName: string;
  vulnerabilities: string[];
  /** Per sign code ticked: the severity chosen and the date parts typed. */
  signs: Record<string, { severity: string; day: string; month: string; year: string }>;
  disclosure: '' | 'yes' | 'no';
  disclosureDetails: string;
  summary: string;
}

export const signField = (code: string, part: 'severity' | 'lastObserved') => `sign-${code}-${part}`;

export function emptyRiskForm(agencyName: string): RiskFormValues {
  return { assessorName: '', assessorRole: '', agencyName, vulnerabilities: [], signs: {}, disclosure: '', disclosureDetails: '', summary: '' };
}

export function readRiskForm(body: FormBody): RiskFormValues {
  const signs: RiskFormValues['signs'] = {};
  for (const code of listOf(body, 'signs')) {
    const date = datePartsOf(body, signField(code, 'lastObserved'), false);
    signs[code] = { severity: textOf(body, signField(code, 'severity')), day: date.day, month: date.month, year: date.year };
  }
  const disclosure = textOf(body, 'disclosure');
  return {
    assessorName: textOf(body, 'assessor-name'),
    assessorRole: textOf(body, 'assessor-role'),
    agencyName: textOf(body, 'assessor-agencyName'),
    vulnerabilities: listOf(body, 'vulnerabilities'),
    signs,
    disclosure: disclosure === 'yes' || disclosure === 'no' ? disclosure : '',
    disclosureDetails: textOf(body, 'disclosureDetails'),
    summary: textOf(body, 'summary'),
  };
}

const isSeverity = (value: string): value is SignSeverity => value === 'moderate' || value === 'significant';

/** The signs as the score counts them: a sign without a severity or a real date scores nothing yet. */
export function previewSigns(values: RiskFormValues): PreviewSign[] {
  return Object.entries(values.signs).map(([code, s]) => ({
    code,
    ...(isSeverity(s.severity) ? { severity: s.severity } : {}),
    ...(dateOf(s) ? { lastObserved: dateOf(s) } : {}),
  }));
}

/** What the console checks before sending: the parts of the form the API's body is built from. */
export function riskFormProblems(values: RiskFormValues, signLabels: Record<string, string>, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [code, s] of Object.entries(values.signs)) {
    const label = signLabels[code] ?? code;
    if (!isSeverity(s.severity)) problems.push({ field: signField(code, 'severity'), problems: [`Select how severe “${label}” is`] });
    const date = dateOf(s);
    if (!date) problems.push({ field: signField(code, 'lastObserved'), problems: [`Enter when “${label}” was last observed, as a real date`] });
    else if (date > today) problems.push({ field: signField(code, 'lastObserved'), problems: [`When “${label}” was last observed must be today or in the past`] });
  }
  if (!values.disclosure) problems.push({ field: 'disclosure', problems: ['Select whether the child disclosed exploitation'] });
  return problems;
}

/** The body of POST /cases/{caseId}/risk-assessments. */
export function riskAssessmentBody(values: RiskFormValues, agencyId: string, assessedAt: string) {
  return {
    assessedAt,
    assessor: { name: values.assessorName, role: values.assessorRole, agencyId, agencyName: values.agencyName },
    vulnerabilities: values.vulnerabilities,
    signs: previewSigns(values).map((s) => ({ code: s.code, severity: s.severity, lastObserved: s.lastObserved })),
    disclosure: values.disclosure === 'yes',
    ...(values.disclosure === 'yes' ? { disclosureDetails: values.disclosureDetails } : {}),
    summary: values.summary,
  };
}

/** The API names a sign by its place in the body (`signs[1].severity`); the form, by its code. */
export function riskProblemsOnForm(problems: readonly FieldProblem[], values: RiskFormValues): FieldProblem[] {
  const codes = Object.keys(values.signs);
  return problems.map((p) => {
    const sign = /^signs\[(\d+)\]\.(severity|lastObserved)$/.exec(p.field);
    return sign && codes[Number(sign[1])] ? { ...p, field: signField(codes[Number(sign[1])], sign[2] as 'severity' | 'lastObserved') } : p;
  });
}

export function riskFieldLabels(signLabels: Record<string, string>): FieldLabels {
  const labels: FieldLabels = {
    'assessor-name': 'your name',
    'assessor-role': 'your role',
    'assessor-agencyName': 'your agency’s name',
    'assessor-agencyId': 'your agency',
    vulnerabilities: 'the vulnerabilities present',
    signs: 'the signs of exploitation',
    disclosure: 'whether the child disclosed exploitation',
    disclosureDetails: 'what the child disclosed',
    summary: 'a summary of the assessment',
    assessedAt: 'when the assessment was made',
  };
  for (const [code, label] of Object.entries(signLabels)) {
    labels[signField(code, 'severity')] = `how severe “${label}” is`;
    labels[signField(code, 'lastObserved')] = `when “${label}” was last observed`;
  }
  return labels;
}

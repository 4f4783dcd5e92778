import { FieldProblem } from '../http/console-api';

/** A form's fields as they arrive: flat (urlencoded, `extended: false`), a repeated name as an array. */
export type FormBody = Record<string, string | string[] | undefined>;

/** One value of a field: the first when a name was repeated, trimmed. */
export function one(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** Every value of a repeated field (checkboxes): none, one or many, blanks dropped. */
export function many(body: FormBody, name: string): string[] {
  const value = body[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

/** An entry of one of the strategy's lists, as GET /reference/indicators answers it. */
export interface Indicator {
  code: string;
  label: string;
}

export interface Indicators {
  vulnerabilities: Indicator[];
  signs: Indicator[];
  exploitationModels: Indicator[];
  agencyKinds: Indicator[];
}

/**
 * A checkbox of the strategy's list: the strategy words some entries as a kind of a broader one
 * ("Neglect (history of abuse)"); the broader one becomes the hint, so the label reads as the item.
 */
export function indicatorItem(indicator: Indicator, chosen: readonly string[]): { value: string; text: string; hint?: { text: string }; checked: boolean } {
  const grouped = /^(.*\S)\s+\(([^()]+)\)$/.exec(indicator.label);
  return {
    value: indicator.code,
    text: grouped ? grouped[1] : indicator.label,
    ...(grouped ? { hint: { text: `A kind of: ${grouped[2]}` } } : {}),
    checked: chosen.includes(indicator.code),
  };
}

/** What the referral form holds, as the user typed it: shown again when the API names a problem. */
export interface ReferralFormValues {
  agencyKind: string;
  agencyName: string;
  referrerName: string;
  referrerRole: string;
  referrerPhone: string;
  referrerEmail: string;
  firstName: string;
  lastName: string;
  knownAs: string;
  dobDay: string;
  dobMonth: string;
  dobYear: string;
  approximateAge: string;
  gender: string;
  ethnicity: string;
  area: string;
  school: string;
  circumstances: string[];
  specialNeeds: string;
  onlineIdentities: string;
  vulnerabilities: string[];
  signs: string[];
  suspectedModel: string;
  narrative: string;
  immediateDanger: string;
  idempotencyKey: string;
}

export function referralFormValues(body: FormBody): ReferralFormValues {
  return {
    agencyKind: one(body, 'referringAgency.kind'),
    agencyName: one(body, 'referringAgency.name'),
    referrerName: one(body, 'referrer.name'),
    referrerRole: one(body, 'referrer.role'),
    referrerPhone: one(body, 'referrer.phone'),
    referrerEmail: one(body, 'referrer.email'),
    firstName: one(body, 'child.firstName'),
    lastName: one(body, 'child.lastName'),
    knownAs: one(body, 'child.knownAs'),
    dobDay: one(body, 'child.dateOfBirth-day'),
    dobMonth: one(body, 'child.dateOfBirth-month'),
    dobYear: one(body, 'child.dateOfBirth-year'),
    approximateAge: one(body, 'child.approximateAge'),
    gender: one(body, 'child.gender'),
    ethnicity: one(body, 'child.ethnicity'),
    area: one(body, 'child.area'),
    school: one(body, 'child.school'),
    circumstances: many(body, 'child.circumstances'),
    specialNeeds: one(body, 'child.specialNeeds'),
    onlineIdentities: one(body, 'child.onlineIdentities'),
    vulnerabilities: many(body, 'vulnerabilities'),
    signs: many(body, 'signs'),
    suspectedModel: one(body, 'suspectedModel'),
    narrative: one(body, 'narrative'),
    immediateDanger: one(body, 'immediateDanger'),
    idempotencyKey: one(body, 'idempotencyKey'),
  };
}

/** An empty form. */
export function blankReferralForm(idempotencyKey: string): ReferralFormValues {
  return { ...referralFormValues({}), idempotencyKey };
}

/**
 * POST /referrals's body from the form, for the user's own agency. Blank optional fields are left
 * out; anything malformed is passed on as typed, so that the API's 400 names the field.
 */
export function referralBody(form: ReferralFormValues, agencyId: string, now: Date): Record<string, unknown> {
  const optional = (value: string) => (value === '' ? undefined : value);
  const dateGiven = form.dobDay !== '' || form.dobMonth !== '' || form.dobYear !== '';
  return {
    referringAgency: { id: agencyId, kind: optional(form.agencyKind), name: form.agencyName },
    referrer: { name: form.referrerName, role: form.referrerRole, phone: optional(form.referrerPhone), email: optional(form.referrerEmail) },
    child: {
      firstName: form.firstName,
      lastName: form.lastName,
      knownAs: optional(form.knownAs),
      dateOfBirth: dateGiven ? `${form.dobYear.padStart(4, '0')}-${form.dobMonth.padStart(2, '0')}-${form.dobDay.padStart(2, '0')}` : undefined,
      approximateAge: form.approximateAge === '' ? undefined : /^\d{1,3}$/.test(form.approximateAge) ? Number(form.approximateAge) : form.approximateAge,
      gender: optional(form.gender),
      ethnicity: optional(form.ethnicity),
      area: optional(form.area),
      school: optional(form.school),
      lookedAfter: form.circumstances.includes('lookedAfter'),
      careLeaver: form.circumstances.includes('careLeaver'),
      migrantOrUnaccompanied: form.circumstances.includes('migrantOrUnaccompanied'),
      specialNeeds: optional(form.specialNeeds),
      onlineIdentities: form.onlineIdentities === '' ? undefined : form.onlineIdentities.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''),
    },
    vulnerabilities: form.vulnerabilities,
    signs: form.signs,
    suspectedModel: optional(form.suspectedModel),
    narrative: form.narrative,
    immediateDanger: form.immediateDanger === 'yes' ? true : form.immediateDanger === 'no' ? false : undefined,
    referredAt: now.toISOString(),
  };
}

/**
 * What to tell the user about a field the API named, in the design system's words ("Enter ...",
 * "Select ..."); a field not listed here keeps the API's own words.
 */
const REFERRAL_FIELD_MESSAGES: Record<string, string> = {
  'referringAgency.kind': 'Select the kind of agency you work for',
  'referringAgency.name': 'Enter the name of your agency',
  'referrer.name': 'Enter your name',
  'referrer.role': 'Enter your role',
  'referrer.phone': 'Enter a telephone number, like 01632 960 001',
  'referrer.email': 'Enter an email address in the correct format, like name@example.gov.uk',
  'child.firstName': 'Enter the child’s first name',
  'child.lastName': 'Enter the child’s last name',
  'child.dateOfBirth': 'Date of birth must be a real date in the past, like 27 3 2012',
  'child.approximateAge': 'Approximate age must be a whole number of years, 0 to 25',
  'child.gender': 'Select the child’s gender',
  suspectedModel: 'Select the suspected model of exploitation',
  narrative: 'Enter what you are worried about',
  immediateDanger: 'Select whether the child is in immediate danger',
};

/** The API's problems with a referral, in the form's words; array entries (`signs[0]`) name their list. */
export function referralProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const problem of problems) {
    const field = problem.field.replace(/^body /, '').replace(/\[\d+\]$/, '');
    if (seen.has(field)) continue;
    seen.add(field);
    const message = REFERRAL_FIELD_MESSAGES[field];
    out.push({ field, problems: message ? [message] : problem.problems });
  }
  return out;
}

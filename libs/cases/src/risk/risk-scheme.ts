import { SIGNS, VULNERABILITIES } from '../shared/indicators';

/**
 * The risk assessment tool (action 3.2: one tool for every agency), as pure functions: a scheme
 * is data (weights, recency windows, bands) so each board can configure its own; the rules that
 * raise a band (disclosure, a young child with a significant sign) are the strategy's and fixed.
 */

/** Band codes are stored in events and read by SEMRAC listing ("moderate or above"): never rename one. */
export const RISK_BANDS = ['none', 'mild', 'moderate', 'significant'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

export const DEFAULT_RISK_BAND_LABELS: Record<RiskBand, string> = {
  none: 'No current risk',
  mild: 'Mild',
  moderate: 'Moderate',
  significant: 'Significant',
};

export const SIGN_SEVERITIES = ['moderate', 'significant'] as const;
export type SignSeverity = (typeof SIGN_SEVERITIES)[number];

/** How long ago a sign was last observed, as the scheme's windows put it. */
export type SignRecency = 'recent' | 'earlier' | 'older';

export interface RiskScheme {
  name: string;
  version: string;
  description?: string;
  /**
   * A sign last observed within `recentMonths` (inclusive) of the assessment date is recent; within
   * `earlierMonths` (inclusive), earlier; before that, older and it scores nothing.
   */
  recency: { recentMonths: number; earlierMonths: number };
  weights: {
    /** Points per vulnerability present. */
    vulnerability: number;
    moderate: { recent: number; earlier: number };
    significant: { recent: number; earlier: number };
  };
  /** Lowest band first; a score is in the highest band whose `minScore` it reaches. */
  bands: { band: RiskBand; label: string; minScore: number }[];
}

/**
 * The default: SERAF-like, as DOMAIN.md "Risk assessment" describes it. 1 point per
 * vulnerability; 1 per moderate sign within 6 months; 5 per significant sign within 6 months,
 * 1 if 6-12 months ago; bands 0-5 no current risk, 6-10 mild, 11-15 moderate, 16+ significant.
 */
export const DEFAULT_RISK_SCHEME: RiskScheme = {
  name: 'SERAF-style default (Safeguard built-in), configurable',
  version: '1',
  description:
    'Scores 1 per vulnerability present, 1 per moderate sign within 6 months, 5 per significant sign within 6 months ' +
    '(1 if 6-12 months ago). Bands: 0-5 no current risk, 6-10 mild, 11-15 moderate, 16+ significant. ' +
    'A board may configure its own scheme (RISK_SCHEME_FILE).',
  recency: { recentMonths: 6, earlierMonths: 12 },
  weights: {
    vulnerability: 1,
    moderate: { recent: 1, earlier: 0 },
    significant: { recent: 5, earlier: 1 },
  },
  bands: [
    { band: 'none', label: DEFAULT_RISK_BAND_LABELS.none, minScore: 0 },
    { band: 'mild', label: DEFAULT_RISK_BAND_LABELS.mild, minScore: 6 },
    { band: 'moderate', label: DEFAULT_RISK_BAND_LABELS.moderate, minScore: 11 },
    { band: 'significant', label: DEFAULT_RISK_BAND_LABELS.significant, minScore: 16 },
  ],
};

/** "A child of 13 or under with one significant indicator is at least moderate" (DOMAIN.md, Risk assessment). */
export const YOUNG_CHILD_MAX_AGE = 13;
export const YOUNG_CHILD_MIN_BAND: RiskBand = 'moderate';

/** A disclosure of exploitation notifies these agencies (DOMAIN.md, Risk assessment). */
export const DISCLOSURE_NOTIFIES = ['police', 'children-social-care'] as const;
export type DisclosureNotified = (typeof DISCLOSURE_NOTIFIES)[number];

export type RiskRule = 'score' | 'young-child-significant-sign' | 'disclosure';

export type RiskReason = {
  rule: RiskRule;
  /** The band this rule gives (the score's band), or the least band it requires. */
  band: RiskBand;
  /** `sets`: the score's band; `raised`: the rule raised the band; `no-change`: the band already was at least this. */
  effect: 'sets' | 'raised' | 'no-change';
  explanation: string;
};

export type RiskBreakdown = {
  vulnerabilities: { code: string; points: number }[];
  signs: { code: string; severity: SignSeverity; lastObserved: string; recency: SignRecency; points: number }[];
  total: number;
};

export type AssessedSign = {
  code: string;
  severity: SignSeverity;
  /** YYYY-MM-DD. */
  lastObserved: string;
};

export interface RiskInput {
  /** ISO timestamp; recency and age are counted on its (UTC) calendar date. */
  assessedAt: string;
  vulnerabilities: readonly string[];
  signs: readonly AssessedSign[];
  disclosure: boolean;
  /** Whole years at the assessment date, when known (see `childAgeAt`). */
  childAge?: number;
}

export interface RiskResult {
  score: number;
  band: RiskBand;
  reasons: RiskReason[];
  breakdown: RiskBreakdown;
  /** YYYY-MM-DD: the assessment date plus the board's reassessment period. */
  nextReviewDue: string;
  /** Agencies that must be told now (a disclosure); empty otherwise. */
  notify: DisclosureNotified[];
}

/** Scores an assessment under a scheme and applies the strategy's rules. Pure; never throws. */
export function assessRisk(scheme: RiskScheme, input: RiskInput, reassessMonths: number): RiskResult {
  const on = input.assessedAt.slice(0, 10);
  const vulnerabilities = [...new Set(input.vulnerabilities)].map((code) => ({ code, points: scheme.weights.vulnerability }));
  const signs = input.signs.map((sign) => {
    const recency = signRecency(scheme, sign.lastObserved, on);
    return { code: sign.code, severity: sign.severity, lastObserved: sign.lastObserved, recency, points: signPoints(scheme, sign.severity, recency) };
  });
  const score = [...vulnerabilities, ...signs].reduce((sum, item) => sum + item.points, 0);

  const scoreBand = bandFor(scheme, score);
  const reasons: RiskReason[] = [{ rule: 'score', band: scoreBand.band, effect: 'sets', explanation: scoreExplanation(scheme, score, scoreBand.band) }];
  let band = scoreBand.band;
  const raiseTo = (least: RiskBand, rule: RiskRule, explanation: string) => {
    const raised = rank(least) > rank(band);
    reasons.push({ rule, band: least, effect: raised ? 'raised' : 'no-change', explanation });
    if (raised) band = least;
  };

  const significantRecent = signs.some((s) => s.severity === 'significant' && s.recency === 'recent');
  if (input.childAge !== undefined && input.childAge <= YOUNG_CHILD_MAX_AGE && significantRecent) {
    raiseTo(
      YOUNG_CHILD_MIN_BAND,
      'young-child-significant-sign',
      `A child aged ${YOUNG_CHILD_MAX_AGE} or under with a significant sign within ${scheme.recency.recentMonths} months is at least ` +
        `${labelOf(scheme, YOUNG_CHILD_MIN_BAND)}`,
    );
  }
  const top = scheme.bands[scheme.bands.length - 1].band;
  if (input.disclosure) {
    raiseTo(top, 'disclosure', `A disclosure of exploitation sets the highest band (${labelOf(scheme, top)}); police and children's social care must be notified`);
  }

  return {
    score,
    band,
    reasons,
    breakdown: { vulnerabilities, signs, total: score },
    nextReviewDue: addMonths(on, reassessMonths),
    notify: input.disclosure ? [...DISCLOSURE_NOTIFIES] : [],
  };
}

/**
 * DOMAIN.md (SERAF): "within 6 months" / "6-12 months ago". Both windows include their boundary
 * day: a sign last seen exactly 6 calendar months before the assessment date is within 6 months
 * (the higher weight), exactly 12 months before is within 12 months. On a boundary we take the
 * protective reading; one day earlier falls in the next window.
 */
export function signRecency(scheme: RiskScheme, lastObserved: string, assessedOn: string): SignRecency {
  const day = lastObserved.slice(0, 10);
  if (day >= addMonths(assessedOn, -scheme.recency.recentMonths)) return 'recent';
  if (day >= addMonths(assessedOn, -scheme.recency.earlierMonths)) return 'earlier';
  return 'older';
}

function signPoints(scheme: RiskScheme, severity: SignSeverity, recency: SignRecency): number {
  return recency === 'older' ? 0 : scheme.weights[severity][recency];
}

export function bandFor(scheme: RiskScheme, score: number): RiskScheme['bands'][number] {
  return [...scheme.bands].reverse().find((b) => score >= b.minScore) ?? scheme.bands[0];
}

function scoreExplanation(scheme: RiskScheme, score: number, band: RiskBand): string {
  const index = scheme.bands.findIndex((b) => b.band === band);
  const from = scheme.bands[index].minScore;
  const next = scheme.bands[index + 1];
  const range = next ? `${from}-${next.minScore - 1}` : `${from} or more`;
  return `Score ${score} is in the band ${range}: ${labelOf(scheme, band)}`;
}

function labelOf(scheme: RiskScheme, band: RiskBand): string {
  return scheme.bands.find((b) => b.band === band)?.label ?? DEFAULT_RISK_BAND_LABELS[band];
}

export function rank(band: RiskBand): number {
  return RISK_BANDS.indexOf(band);
}

/**
 * Age in whole years on a date: from the date of birth, or else from the approximate age given on
 * the case plus the whole years since it was given. A child born on 29 February turns a year
 * older on 1 March in other years.
 */
export function childAgeAt(child: { dateOfBirth?: string; approximateAge?: number; ageGivenAt?: string }, at: string): number | undefined {
  const on = at.slice(0, 10);
  if (child.dateOfBirth) return wholeYears(child.dateOfBirth, on);
  if (child.approximateAge === undefined) return undefined;
  return child.approximateAge + (child.ageGivenAt ? Math.max(0, wholeYears(child.ageGivenAt.slice(0, 10), on)) : 0);
}

function wholeYears(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5, 10) < from.slice(5, 10) ? years - 1 : years;
}

/** Calendar months on a YYYY-MM-DD date (UTC), kept within the month: 31 August minus 6 months is 28 February. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function isVulnerabilityCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(VULNERABILITIES, code);
}

export function isSignCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(SIGNS, code);
}

/** A scheme a board supplied does not hold together; `problems` names each fault (never secret). */
export class RiskSchemeError extends Error {
  override readonly name = 'RiskSchemeError';
  constructor(readonly problems: string[]) {
    super(`The risk scheme is not valid: ${problems.join('; ')}`);
  }
}

/** Validates a board's scheme (parsed JSON) and returns it typed; throws RiskSchemeError naming every problem. */
export function parseRiskScheme(json: unknown): RiskScheme {
  const problems = riskSchemeProblems(json);
  if (problems.length > 0) throw new RiskSchemeError(problems);
  const scheme = json as RiskScheme;
  return {
    name: scheme.name.trim(),
    version: scheme.version.trim(),
    ...(scheme.description !== undefined ? { description: scheme.description } : {}),
    recency: { ...scheme.recency },
    weights: { vulnerability: scheme.weights.vulnerability, moderate: { ...scheme.weights.moderate }, significant: { ...scheme.weights.significant } },
    bands: scheme.bands.map((b) => ({ band: b.band, label: b.label, minScore: b.minScore })),
  };
}

export function riskSchemeProblems(json: unknown): string[] {
  const problems: string[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const onlyKeys = (v: Record<string, unknown>, path: string, keys: string[]) => {
    for (const key of Object.keys(v)) if (!keys.includes(key)) problems.push(`${path}${key} is not a scheme setting`);
  };
  const text = (v: unknown, path: string, max: number, optional = false) => {
    if (optional && v === undefined) return;
    if (typeof v !== 'string' || !v.trim() || v.length > max) problems.push(`${path} must be text of 1-${max} characters`);
  };
  const weight = (v: unknown, path: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) problems.push(`${path} must be a whole number from 0 to 100`);
  };
  const months = (v: unknown, path: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 120) problems.push(`${path} must be a whole number of months from 1 to 120`);
  };

  if (!isObject(json)) return ['the scheme must be a JSON object'];
  onlyKeys(json, '', ['name', 'version', 'description', 'recency', 'weights', 'bands']);
  text(json.name, 'name', 200);
  text(json.version, 'version', 50);
  text(json.description, 'description', 2000, true);

  if (!isObject(json.recency)) problems.push('recency must be an object with recentMonths and earlierMonths');
  else {
    onlyKeys(json.recency, 'recency.', ['recentMonths', 'earlierMonths']);
    months(json.recency.recentMonths, 'recency.recentMonths');
    months(json.recency.earlierMonths, 'recency.earlierMonths');
    if (typeof json.recency.recentMonths === 'number' && typeof json.recency.earlierMonths === 'number' && json.recency.earlierMonths <= json.recency.recentMonths) {
      problems.push('recency.earlierMonths must be more than recency.recentMonths');
    }
  }

  if (!isObject(json.weights)) problems.push('weights must be an object with vulnerability, moderate and significant');
  else {
    onlyKeys(json.weights, 'weights.', ['vulnerability', 'moderate', 'significant']);
    weight(json.weights.vulnerability, 'weights.vulnerability');
    for (const severity of SIGN_SEVERITIES) {
      const w = json.weights[severity];
      if (!isObject(w)) problems.push(`weights.${severity} must be an object with recent and earlier`);
      else {
        onlyKeys(w, `weights.${severity}.`, ['recent', 'earlier']);
        weight(w.recent, `weights.${severity}.recent`);
        weight(w.earlier, `weights.${severity}.earlier`);
      }
    }
  }

  if (!Array.isArray(json.bands) || json.bands.length !== RISK_BANDS.length) {
    problems.push(`bands must list the ${RISK_BANDS.length} bands ${RISK_BANDS.join(', ')} in that order`);
  } else {
    json.bands.forEach((b: unknown, i: number) => {
      const path = `bands[${i}]`;
      if (!isObject(b)) {
        problems.push(`${path} must be an object with band, label and minScore`);
        return;
      }
      onlyKeys(b, `${path}.`, ['band', 'label', 'minScore']);
      if (b.band !== RISK_BANDS[i]) problems.push(`${path}.band must be ${RISK_BANDS[i]}`);
      text(b.label, `${path}.label`, 100);
      const previous = i > 0 ? (json.bands as { minScore?: unknown }[])[i - 1].minScore : undefined;
      if (i === 0 && b.minScore !== 0) problems.push(`${path}.minScore must be 0`);
      else if (typeof b.minScore !== 'number' || !Number.isInteger(b.minScore) || b.minScore > 10_000) {
        problems.push(`${path}.minScore must be a whole number up to 10000`);
      } else if (typeof previous === 'number' && b.minScore <= previous) {
        problems.push(`${path}.minScore must be more than the band before`);
      }
    });
  }
  return problems;
}

import { type RiskBand, type RiskScheme, type SignSeverity, YOUNG_CHILD_MAX_AGE, assessRisk, childAgeAt } from '@app/cases';

export { YOUNG_CHILD_MAX_AGE };

/**
 * The score and band a risk assessment form would get, shown while it is filled in ("Check score"
 * without JavaScript; assets/risk.js does the same in the browser from the scheme in the page's
 * data- attributes). It follows the scheme in force as GET /reference/risk-scheme gives it and the
 * strategy's two fixed rules, as libs/cases scores an assessment; the band recorded is always the
 * API's, shown after saving.
 */

/** The scheme as GET /reference/risk-scheme answers it: the scheme plus its rules' wording. */
export type RiskSchemeAnswer = RiskScheme & { builtIn: boolean; reassessEveryMonths: number; rules: { rule: string; description: string }[] };

export interface PreviewSign {
  code: string;
  /** Unset until chosen: the sign scores nothing yet. */
  severity?: SignSeverity;
  /** YYYY-MM-DD; unset until a real date is entered. */
  lastObserved?: string;
}

export interface RiskPreview {
  score: number;
  band: RiskBand;
  label: string;
  /** Why the band is above the score's band (a young child's significant sign, a disclosure). */
  raisedBecause: string[];
  /** Signs ticked without a severity or a date: they score nothing until both are given. */
  incompleteSigns: number;
}

export function previewRisk(
  scheme: RiskScheme,
  input: { assessedOn: string; vulnerabilities: readonly string[]; signs: readonly PreviewSign[]; disclosure: boolean; childAge?: number },
): RiskPreview {
  // Scored by the platform's own rules (libs/cases assessRisk); a sign counts once it has a severity and a date.
  const complete = input.signs.filter((sign): sign is Required<PreviewSign> => !!sign.severity && !!sign.lastObserved);
  const result = assessRisk(
    scheme,
    { assessedAt: `${input.assessedOn}T12:00:00.000Z`, vulnerabilities: input.vulnerabilities, signs: complete, disclosure: input.disclosure, childAge: input.childAge },
    0,
  );
  return {
    score: result.score,
    band: result.band,
    label: scheme.bands.find((b) => b.band === result.band)?.label ?? result.band,
    raisedBecause: result.reasons.filter((reason) => reason.effect === 'raised').map((reason) => reason.explanation),
    incompleteSigns: input.signs.length - complete.length,
  };
}

/** Whole years on a date, from the date of birth or the approximate age given at the first referral (as the platform counts them). */
export function childAgeOn(child: { dateOfBirth?: string; approximateAge?: number }, ageGivenAt: string | undefined, on: string): number | undefined {
  return childAgeAt({ ...child, ageGivenAt }, on);
}

/** The GOV.UK tag colour of each band. */
export const BAND_TAG: Record<RiskBand, string> = {
  none: 'govuk-tag--grey',
  mild: 'govuk-tag--yellow',
  moderate: 'govuk-tag--orange',
  significant: 'govuk-tag--red',
};

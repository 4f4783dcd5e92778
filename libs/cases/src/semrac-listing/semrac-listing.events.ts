/**
 * Listing a child for the SEMRAC meeting (strategy section 4, overview criteria). Recorded in the
 * case stream (`case-{caseId}`); the listing process manager appends it when a criterion is met.
 */

/** The overview criteria; the thresholds are the board's (seed: 3 episodes in 90 days; 24 hours). */
export const SEMRAC_RULES = {
  'missing-repeatedly': 'Missing repeatedly',
  'missing-over-threshold': 'Missing longer than the threshold',
  'missing-concerning': 'A missing episode that appears concerning',
  'risk-band': 'Risk assessed as moderate or significant',
} as const;
export type SemracRule = keyof typeof SEMRAC_RULES;
export const SEMRAC_RULE_CODES = Object.keys(SEMRAC_RULES) as SemracRule[];

/** Which episodes or which assessment met the rule. Identifiers and figures only, never personal data. */
export type SemracListingDetail = {
  summary: string;
  episodeIds?: string[];
  assessmentId?: string;
  band?: string;
};

export type ListedForSemrac = {
  type: 'ListedForSemrac';
  data: {
    caseId: string;
    rule: SemracRule;
    detail: SemracListingDetail;
    /** The id of the stored event that met the rule. */
    triggeredBy: string;
    listedAt: string;
  };
};

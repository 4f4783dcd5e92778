/**
 * The events of one missing episode, stream `missing-episode-{episodeId}` (statutory guidance on
 * children who run away or go missing from home or care, 2014; strategy section 4). Every event
 * carries the child's `caseId`, so the case view and the SEMRAC listing follow the episode.
 */

export const MISSING_FROM = {
  home: 'Home',
  'care-placement': 'Care placement',
  other: 'Elsewhere',
} as const;
export type MissingFrom = keyof typeof MISSING_FROM;
export const MISSING_FROM_CODES = Object.keys(MISSING_FROM) as MissingFrom[];

/** The police category: missing (whereabouts unknown) or absent (not where expected, no apparent risk). */
export const POLICE_CATEGORIES = { missing: 'Missing', absent: 'Absent' } as const;
export type PoliceCategory = keyof typeof POLICE_CATEGORIES;
export const POLICE_CATEGORY_CODES = Object.keys(POLICE_CATEGORIES) as PoliceCategory[];

export const MISSING_RISK_LEVELS = { low: 'Low', medium: 'Medium', high: 'High' } as const;
export type MissingRiskLevel = keyof typeof MISSING_RISK_LEVELS;
export const MISSING_RISK_LEVEL_CODES = Object.keys(MISSING_RISK_LEVELS) as MissingRiskLevel[];

export type MissingEpisodeReported = {
  type: 'MissingEpisodeReported';
  data: {
    caseId: string;
    episodeId: string;
    missingFrom: MissingFrom;
    /** The placement or place the child went missing from, in the reporter's words. */
    missingFromDetail?: string;
    lastSeenAt: string;
    reportedToPoliceAt?: string;
    policeCategory: PoliceCategory;
    riskLevel: MissingRiskLevel;
    concerning: boolean;
    concernNote?: string;
    /** What drove the child away (e.g. conflict at home). */
    pushFactors: string[];
    /** What drew the child away (e.g. an older "boyfriend", parties). */
    pullFactors: string[];
    reportedAt: string;
  };
};

/** Only what changed is present, with the practitioner's note. */
export type MissingEpisodeUpdated = {
  type: 'MissingEpisodeUpdated';
  data: {
    caseId: string;
    episodeId: string;
    policeCategory?: PoliceCategory;
    riskLevel?: MissingRiskLevel;
    concerning?: boolean;
    concernNote?: string;
    pushFactors?: string[];
    pullFactors?: string[];
    note: string;
    updatedAt: string;
  };
};

export type ChildReturned = {
  type: 'ChildReturned';
  data: {
    caseId: string;
    episodeId: string;
    returnedAt: string;
    whereFound: string;
    foundWith?: string;
    returnedBy?: string;
    /** The return home interview is due by then (RETURN_INTERVIEW_HOURS after the return: 72). */
    interviewDueAt: string;
  };
};

export type ReturnInterviewHeld = {
  type: 'ReturnInterviewHeld';
  data: {
    caseId: string;
    episodeId: string;
    heldAt: string;
    heldBy: { name: string; agencyId: string };
    where: string;
    learned: string;
  };
};

export type ReturnInterviewAttempt = { at: string; by: string; outcome: string };

export type ReturnInterviewNotHeld = {
  type: 'ReturnInterviewNotHeld';
  data: {
    caseId: string;
    episodeId: string;
    reason: string;
    attempts: ReturnInterviewAttempt[];
    recordedAt: string;
  };
};

export type MissingEpisodeEvent = MissingEpisodeReported | MissingEpisodeUpdated | ChildReturned | ReturnInterviewHeld | ReturnInterviewNotHeld;

export const MISSING_EPISODE_EVENT_TYPES: readonly MissingEpisodeEvent['type'][] = [
  'MissingEpisodeReported',
  'MissingEpisodeUpdated',
  'ChildReturned',
  'ReturnInterviewHeld',
  'ReturnInterviewNotHeld',
];

export const missingEpisodeStreamId = (episodeId: string) => `missing-episode-${episodeId}`;

import { MissingEpisodeCommand, MissingEpisodeCommandEnvelope } from './missing-episode.decider';
import { ChildReturned, MissingEpisodeReported, ReturnInterviewHeld } from './missing-episode.events';

export const EPISODE_ID = '3c9d2b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d';
export const EPISODE_CASE_ID = '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11';
export const EPISODE_NOW = '2026-11-28T10:00:00.000Z';
export const INTERVIEW_HOURS = 72;

type ReportData = MissingEpisodeReported['data'];

/** A plausible report; override what a test is about. */
export function aMissingEpisodeReport(overrides: Partial<ReportData> = {}): ReportData {
  return {
    caseId: EPISODE_CASE_ID,
    episodeId: EPISODE_ID,
    missingFrom: 'care-placement',
    missingFromDetail: 'Residential children’s home',
    lastSeenAt: '2026-11-26T21:00:00.000Z',
    reportedToPoliceAt: '2026-11-26T23:30:00.000Z',
    policeCategory: 'missing',
    riskLevel: 'medium',
    concerning: false,
    pushFactors: ['Conflict with staff'],
    pullFactors: ['Older friends with a car'],
    reportedAt: EPISODE_NOW,
    ...overrides,
  };
}

export function aMissingEpisodeReported(overrides: Partial<ReportData> = {}): MissingEpisodeReported {
  return { type: 'MissingEpisodeReported', data: aMissingEpisodeReport(overrides) };
}

export function aChildReturned(overrides: Partial<ChildReturned['data']> = {}): ChildReturned {
  return {
    type: 'ChildReturned',
    data: {
      caseId: EPISODE_CASE_ID,
      episodeId: EPISODE_ID,
      returnedAt: '2026-11-27T15:00:00.000Z',
      whereFound: 'Town centre car park',
      foundWith: 'Two older males',
      returnedBy: 'Police',
      interviewDueAt: '2026-11-30T15:00:00.000Z',
      ...overrides,
    },
  };
}

export function aReturnInterviewHeld(overrides: Partial<ReturnInterviewHeld['data']> = {}): ReturnInterviewHeld {
  return {
    type: 'ReturnInterviewHeld',
    data: {
      caseId: EPISODE_CASE_ID,
      episodeId: EPISODE_ID,
      heldAt: '2026-11-28T09:00:00.000Z',
      heldBy: { name: 'Return interview worker', agencyId: 'bf-rhi-service' },
      where: 'At school',
      learned: 'Spent the night at an address in the town centre; given alcohol.',
      ...overrides,
    },
  };
}

/** The report command matching `aMissingEpisodeReported()` (the decider adds the ids and the time). */
export function reportMissingEpisode(overrides: Partial<ReportData> = {}, now = EPISODE_NOW): MissingEpisodeCommandEnvelope {
  const { episodeId: _e, reportedAt: _r, ...data } = aMissingEpisodeReport(overrides);
  return { type: 'ReportMissingEpisode', data, episodeId: EPISODE_ID, now, returnInterviewHours: INTERVIEW_HOURS };
}

/** Any other command, on the builders' episode. */
export function onEpisode<C extends Exclude<MissingEpisodeCommand, { type: 'ReportMissingEpisode' }>>(
  type: C['type'],
  data: C['data'],
  now = EPISODE_NOW,
  returnInterviewHours = INTERVIEW_HOURS,
): MissingEpisodeCommandEnvelope {
  return { type, data, episodeId: EPISODE_ID, now, returnInterviewHours } as MissingEpisodeCommandEnvelope;
}

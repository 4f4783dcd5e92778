import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { MISSING_FROM_CODES, MISSING_RISK_LEVEL_CODES, MissingEpisodeEvent, POLICE_CATEGORY_CODES } from './missing-episode.events';

/**
 * What each missing episode event must hold to be stored (issue 11). Every event names the
 * child's case: the case view and the SEMRAC listing follow the episode by it.
 */

const id = z.string().min(1);
/**
 * An ISO timestamp as the decider writes it (it canonicalises each one): the episodes view and the
 * SEMRAC listing reckon durations from them, which no other text allows.
 */
const when = z.iso.datetime({ offset: true });
const policeCategory = z.enum(POLICE_CATEGORY_CODES);
const riskLevel = z.enum(MISSING_RISK_LEVEL_CODES);

export const missingEpisodeEventSchemas: EventSchemas<MissingEpisodeEvent> = {
  MissingEpisodeReported: z.object({
    caseId: id,
    episodeId: id,
    missingFrom: z.enum(MISSING_FROM_CODES),
    missingFromDetail: z.string().optional(),
    lastSeenAt: when,
    reportedToPoliceAt: when.optional(),
    policeCategory,
    riskLevel,
    concerning: z.boolean(),
    concernNote: z.string().optional(),
    pushFactors: z.array(z.string()),
    pullFactors: z.array(z.string()),
    reportedAt: when,
  }),
  MissingEpisodeUpdated: z.object({
    caseId: id,
    episodeId: id,
    policeCategory: policeCategory.optional(),
    riskLevel: riskLevel.optional(),
    concerning: z.boolean().optional(),
    concernNote: z.string().optional(),
    pushFactors: z.array(z.string()).optional(),
    pullFactors: z.array(z.string()).optional(),
    note: z.string(),
    updatedAt: when,
  }),
  ChildReturned: z.object({
    caseId: id,
    episodeId: id,
    returnedAt: when,
    whereFound: z.string(),
    foundWith: z.string().optional(),
    returnedBy: z.string().optional(),
    interviewDueAt: when,
  }),
  ReturnInterviewHeld: z.object({
    caseId: id,
    episodeId: id,
    heldAt: when,
    heldBy: z.object({ name: z.string(), agencyId: id }),
    where: z.string(),
    learned: z.string(),
  }),
  ReturnInterviewNotHeld: z.object({
    caseId: id,
    episodeId: id,
    reason: z.string(),
    attempts: z.array(z.object({ at: when, by: z.string(), outcome: z.string() })),
    recordedAt: when,
  }),
};

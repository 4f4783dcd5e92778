import { z } from 'zod';
import type { AccessRecord } from './access-policy';

const id = z.string().min(1);

/**
 * The records the policy decides on, by kind. A write rule hands the policy a record through the
 * write path, which does not know the access context's types: it is read with this, and a record
 * that is not one of these is refused rather than guessed at.
 */
export const accessRecordSchema: z.ZodType<AccessRecord> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case'), id, agencyIds: z.array(z.string()), atSemrac: z.boolean() }),
  z.object({ kind: z.literal('semrac'), id, actionOwnerAgencyId: z.string().optional() }),
  z.object({ kind: z.literal('intelligence-item'), id, submitterAgencyId: z.string().optional(), handling: z.enum(['P', 'C']).optional() }),
  z.object({ kind: z.literal('intelligence-original'), id }),
  z.object({ kind: z.literal('poi'), id, recordedByAgencyId: z.string().optional() }),
  z.object({ kind: z.literal('police-feed'), id }),
  z.object({ kind: z.literal('share'), id, requesterAgencyId: z.string().optional() }),
  z.object({ kind: z.literal('inbound-share'), id, label: z.string() }),
]);

import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { ACCESS_RECORD_KINDS } from '../policy/access-policy';
import type { AccessEvent } from './access.events';

/*
 * What each access event must hold to be stored (access.events.ts): checked by the recorder before
 * it appends, so the access trail an auditor reads is typed by them. Lenient on wording: a read is
 * refused for an event that is malformed, never for how a purpose or a reason is phrased.
 */

const id = z.string().min(1);
const when = z.string().min(1);
const kind = z.enum(ACCESS_RECORD_KINDS);
const action = z.enum(['read', 'list', 'write']);
const roles = z.array(z.string());

export const accessEventSchemas: EventSchemas<AccessEvent> = {
  RecordAccessed: z.object({
    kind,
    recordId: id,
    action,
    purpose: z.string(),
    ground: z.string(),
    roles,
    breakGlass: z.boolean(),
    breakGlassReason: z.string().optional(),
    outsideScope: z.string().optional(),
    accessedAt: when,
  }),
  AccessDenied: z.object({
    kind,
    recordId: id,
    action,
    purpose: z.string(),
    reason: z.string(),
    breakGlassPossible: z.boolean(),
    roles,
    attemptedAt: when,
  }),
  ListAccessed: z.object({
    list: id,
    purpose: z.string(),
    filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    shown: z.array(z.object({ kind, ids: z.array(z.string()) })),
    roles,
    accessedAt: when,
  }),
  ListRefused: z.object({
    list: id,
    purpose: z.string(),
    filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    reason: z.string(),
    roles,
    attemptedAt: when,
  }),
};

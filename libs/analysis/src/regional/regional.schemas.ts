import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { REGIONAL_SEND_TRIGGERS, RegionalProfileReceived, RegionalProfileSent } from './regional.events';

const someText = z.string().trim().min(1).max(200);
const instant = z.iso.datetime({ offset: true });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const period = z.object({ from: month, to: month }).refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' });
/** A published cell: a count, or a short suppression text; never anything longer. */
const cell = z.union([z.number().int().min(0), z.string().min(1).max(40)]);
const tables = z.record(
  z.string().min(1).max(60),
  z.object({ rows: z.array(z.object({ value: z.string().min(1).max(60), count: cell })).max(500), total: cell }),
);
const threshold = z.number().int().min(1).max(100);
const hash = z.string().regex(/^[0-9a-f]{64}$/);

/** One schema per regional-picture event (regional.events.ts): codes and cells only. */
export const regionalSendEventSchemas: EventSchemas<RegionalProfileSent> = {
  RegionalProfileSent: z.object({
    profileId: z.uuid(),
    from: someText,
    period,
    suppressionThreshold: threshold,
    tables,
    contentHash: hash,
    peers: z.array(z.object({ id: someText, topic: someText })).min(1).max(100),
    trigger: z.enum(REGIONAL_SEND_TRIGGERS),
    sentBy: z.object({ userId: someText, agencyId: someText }),
    slot: someText.optional(),
    sentAt: instant,
  }),
};

export const regionalReceiptEventSchemas: EventSchemas<RegionalProfileReceived> = {
  RegionalProfileReceived: z.object({
    messageId: z.uuid(),
    profileId: z.uuid(),
    peer: z.object({ id: someText, name: someText }),
    period,
    suppressionThreshold: threshold,
    tables,
    contentHash: hash,
    sentAt: instant,
    receivedAt: instant,
  }),
};

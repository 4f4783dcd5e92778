import { z } from 'zod';
import type { EventSchemas } from '@app/common/domain';
import { LAWFUL_BASIS_CODES } from '../shared/lawful-basis';
import { PEER_KINDS } from '../shared/peer';
import { TLP_LABELS } from '../shared/tlp';
import type { ShareEvent } from './share.events';

/*
 * What a share's events must hold to be stored. The pieces a received share repeats (label, basis,
 * content, ...) are declared here once; the bounds follow share-sent.v1, so what one board stores
 * its peers accept, and what a peer may send this board can store.
 */

/** Text that says something: a reason, a purpose, an id. */
export const someText = z.string().trim().min(1);
export const shareId = z.guid();
/** A moment with its zone, as `toISOString` writes it or a peer sends it. */
export const instant = z.iso.datetime({ offset: true });
export const tlpLabel = z.enum(TLP_LABELS);
export const actorRef = z.object({ userId: someText, agencyId: someText });
export const peerRef = z.object({ id: someText, name: someText, kind: z.enum(PEER_KINDS), topic: someText });

/** `other` states the basis in words (DOMAIN.md, "Cross-border sharing"). */
export const lawfulBasis = z
  .object({ code: z.enum(LAWFUL_BASIS_CODES), text: someText.optional() })
  .refine((basis) => basis.code !== 'other' || basis.text !== undefined, { path: ['text'], message: 'is required when the code is other' });

/** A subject who was not told has the reason recorded. */
export const subjectInformed = z
  .object({ informed: z.boolean(), reasonNotInformed: someText.optional() })
  .refine((told) => told.informed || told.reasonNotInformed !== undefined, { path: ['reasonNotInformed'], message: 'is required when the subject was not informed' });

export const onwardFrom = z.object({ originalShareId: shareId, originalFrom: someText, originalLabel: tlpLabel });

const caseSummary = z.object({
  caseId: someText,
  status: z.string(),
  child: z.object({
    firstName: z.string(),
    lastName: z.string(),
    knownAs: z.string().optional(),
    dateOfBirth: z.string().optional(),
    approximateAge: z.number().int().min(0).optional(),
    gender: z.string(),
  }),
  flags: z.array(z.string()),
  riskBand: z.string().optional(),
  suspectedModels: z.array(z.string()),
  signs: z.array(z.string()),
  vulnerabilities: z.array(z.string()),
  leadProfessionals: z.array(z.object({ agencyName: z.string(), name: z.string(), role: z.string(), contact: z.string().optional() })),
  missingEpisodes: z.number().int().min(0),
});

export const shareContent = z.object({
  caseSummary: caseSummary.optional(),
  chronologyEntries: z.array(z.object({ caseId: someText, eventId: someText, at: z.string(), type: z.string(), summary: z.string() })).optional(),
  intelligenceItems: z
    .array(
      z.object({
        itemId: someText,
        gradingCode: z.string().optional(),
        handlingConditions: z.string().optional(),
        text: z.string(),
        subjects: z.array(z.object({ kind: z.string(), ref: z.string().optional(), text: z.string().optional() })),
        knownAt: z.string(),
      }),
    )
    .optional(),
});

export const contentSummary = z.object({
  caseId: someText.optional(),
  chronologyEntries: z.number().int().min(0),
  intelligenceItemIds: z.array(someText),
});

/** One schema per event of an outbound share (share.events.ts). */
export const shareEventSchemas: EventSchemas<ShareEvent> = {
  ShareRequested: z.object({
    shareId,
    from: someText,
    peer: peerRef,
    label: tlpLabel,
    purpose: someText,
    lawfulBasis,
    subjectInformed,
    handlingConditions: someText.optional(),
    content: shareContent,
    contentSummary,
    requestedBy: actorRef,
    requestedAt: instant,
    previousShareId: shareId.optional(),
    onwardFrom: onwardFrom.optional(),
  }),
  ShareApproved: z.object({ shareId, approvedBy: actorRef, approvedAt: instant }),
  ShareRefused: z.object({ shareId, refusedBy: actorRef, reason: someText, refusedAt: instant }),
  ShareSent: z.object({
    shareId,
    from: someText,
    to: someText,
    topic: someText,
    label: tlpLabel,
    purpose: someText,
    lawfulBasis,
    subjectInformed,
    handlingConditions: someText.optional(),
    requestedBy: actorRef,
    approvedBy: actorRef,
    onwardFrom: onwardFrom.optional(),
    content: shareContent,
    sentAt: instant,
  }),
  ShareAcknowledged: z.object({ shareId, by: someText, acknowledgedAt: instant, recordedAt: instant }),
  ShareRevoked: z.object({ shareId, from: someText, to: someText, topic: someText, reason: someText, revokedBy: actorRef, revokedAt: instant }),
  ShareRevocationConfirmed: z.object({ shareId, by: someText, confirmedAt: instant, recordedAt: instant }),
  DecidedNotToShare: z.object({
    shareId,
    peer: peerRef.omit({ topic: true }),
    purpose: someText,
    contentSummary,
    reason: someText,
    decidedBy: actorRef,
    decidedAt: instant,
  }),
};

import { createHash } from 'node:crypto';
import type { EventStore } from '../event-store.port';
import { isSubject } from './personal-data';
import { PersonalDataProtectedEventStore } from './protected-event-store';
import type { SubjectErasure } from './subject-key-store';

/** The event that says a subject's personal data was erased: who, when, why. Read models rebuild on it. */
export const SUBJECT_ERASED = 'SubjectErased';

export const erasureStreamId = (subject: string) => `erasure-${subject}`;

export interface ErasureRequest {
  subject: string;
  actor: { userId: string; agencyId: string };
  /** Why (the law asks): e.g. a retention review's disposal, a court order, a data subject's request. */
  reason: string;
}

export interface ErasureResult {
  subject: string;
  /** False when the subject had already been erased (the first erasure stands). */
  erased: boolean;
  erasure: SubjectErasure;
  position?: string;
}

/** This store cannot erase: it was opened without personal data rules. */
export class ErasureNotConfiguredError extends Error {
  override readonly name = 'ErasureNotConfiguredError';
}

/**
 * Erases a subject: destroys its data key first (the tombstone records who, when and why), then
 * records `SubjectErased`. In that order, a projection that sees the event can rebuild knowing
 * the key is gone; a retry after a failure between the two appends the event once (its id comes
 * from the subject).
 */
export async function eraseSubject(store: EventStore, request: ErasureRequest): Promise<ErasureResult> {
  const { erased, erasure } = await destroySubjectKey(store, request);
  const result = await store.append(
    erasureStreamId(request.subject),
    [
      {
        id: subjectErasedEventId(request.subject),
        type: SUBJECT_ERASED,
        data: { subject: erasure.subject, erasedAt: erasure.erasedAt, reason: erasure.reason },
        metadata: { actor: { userId: erasure.userId, agencyId: erasure.agencyId }, reason: erasure.reason },
      },
    ],
    { expectedRevision: 'any' },
  );
  return { subject: request.subject, erased, erasure, position: result.position };
}

/**
 * The first half of an erasure: the subject's data key destroyed, its tombstone saying who, when
 * and why (the first erasure stands). The `SubjectErased` event, with `subjectErasedEventId`, is
 * the caller's to record next (the write path does, through the erasure stream).
 */
export async function destroySubjectKey(store: EventStore, request: ErasureRequest): Promise<{ erased: boolean; erasure: SubjectErasure }> {
  if (!(store instanceof PersonalDataProtectedEventStore)) throw new ErasureNotConfiguredError('Personal data protection is not configured for this event store');
  if (!isSubject(request.subject)) throw new RangeError(`Not a data subject: ${request.subject}`);
  const erased = await store.keys.erase({
    subject: request.subject,
    erasedAt: new Date().toISOString(),
    userId: request.actor.userId,
    agencyId: request.actor.agencyId,
    reason: request.reason,
  });
  return { erased, erasure: (await store.keys.erasureOf(request.subject))! };
}

/** Whether a subject's personal data has been erased (its key destroyed); false on a store without protection. */
export async function isSubjectErased(store: EventStore, subject: string): Promise<boolean> {
  return store instanceof PersonalDataProtectedEventStore && (await store.keys.erasureOf(subject)) !== undefined;
}

/** The id of a subject's `SubjectErased` event: one per subject, however often it is erased. */
export function subjectErasedEventId(subject: string): string {
  const hex = createHash('sha256').update(`subject-erased\u0000${subject}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

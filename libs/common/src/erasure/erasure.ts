import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { z } from 'zod';
import { SUBJECT_ERASED, destroySubjectKey, erasureStreamId, subjectErasedEventId } from '@app/event-store';
import { CommandStreams } from '../application/streams/command-streams';
import { StreamCommandContext, defineStream } from '../application/streams/stream-definition';
import { Decider } from '../domain/decider';
import { DomainError } from '../domain/domain-error';
import { requireRole } from '../domain/roles';
import { deterministicUuid } from '../domain/deterministic-id';
import type { Actor } from '../http/actor';

type ErasureData = { subject: string; erasedAt: string; reason: string };
type RecordErasure = { type: 'RecordErasure'; data: ErasureData };
type SubjectErased = { type: typeof SUBJECT_ERASED; data: ErasureData };

/** A subject's erasure stream holds one `SubjectErased`: the first erasure stands. */
const erasureDecider: Decider<RecordErasure, SubjectErased, { recorded: boolean }> = {
  initialState: () => ({ recorded: false }),
  decide: (command, state) => (state.recorded ? [] : [{ type: SUBJECT_ERASED, data: command.data }]),
  evolve: () => ({ recorded: true }),
};

/**
 * The record that a subject's personal data was erased, `erasure-{subject}`: admins erase (with a
 * reason); a retention review's disposal erases as its reviewer (an admin, or an intelligence
 * officer for intelligence); a peer's revocation of a share erases as the platform.
 */
export const erasureStream = defineStream<RecordErasure, SubjectErased, { recorded: boolean }, RecordErasure>({
  kind: 'erasure',
  streamId: erasureStreamId,
  decider: erasureDecider,
  envelope: (command) => command,
  events: { SubjectErased: z.object({ subject: z.string().min(1), erasedAt: z.string().min(1), reason: z.string().min(1) }) },
  commands: { RecordErasure: { roles: ['admin', 'intelligence-officer'], system: true } },
});

/**
 * Erases a subject through the write path: who may is checked first, then the data key is
 * destroyed (so a projection that sees the event rebuilds knowing the key is gone), then
 * `SubjectErased` is recorded with an id derived from the subject, once however often this runs.
 */
export async function eraseSubjectThroughStreams(
  streams: CommandStreams,
  subject: string,
  reason: string,
  context: Omit<StreamCommandContext, 'request' | 'eventIds'>,
): Promise<{ erased: boolean; erasedAt: string; position?: string }> {
  streams.authorize(erasureStream, 'RecordErasure', { ...context, request: null });
  const { erased, erasure } = await destroySubjectKey(streams.store, { subject, actor: { userId: context.actor.userId, agencyId: context.actor.agencyId }, reason });
  const id = subjectErasedEventId(subject);
  const data = { subject: erasure.subject, erasedAt: erasure.erasedAt, reason: erasure.reason };
  const result = await streams.handle(erasureStream, subject, { type: 'RecordErasure', data }, {
    ...context,
    reason: erasure.reason,
    request: data,
    eventIds: (i) => (i === 0 ? id : deterministicUuid(id, String(i))),
  });
  return { erased, erasedAt: erasure.erasedAt, position: result.position ?? result.stored[0]?.position };
}

export class ErasureDto {
  @ApiProperty({ example: 'Retention review 2027-01: no further safeguarding purpose (DPA 2018 s47)', description: 'Why the personal data is erased: recorded with the erasure' })
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  reason: string;
}

export interface ErasureAnswer {
  subject: string;
  /** False when it had already been erased: the first erasure stands. */
  erased: boolean;
  erasedAt: string;
  position?: string;
}

export const ERASURE_ANSWER_EXAMPLE = { subject: 'child:3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b', erased: true, erasedAt: '2026-11-28T14:00:00.000Z', position: '00000000000000001234:00000000000000000001' };

/**
 * Erases a data subject's personal data for good (crypto-shredding): an admin, with a reason. The
 * record that it existed stays; everything personal in it reads as erased, on every screen, once
 * the read models have rebuilt.
 */
export async function eraseRecordSubject(streams: CommandStreams, actor: Actor, subject: string, reason: string, exists: () => Promise<boolean>): Promise<ErasureAnswer> {
  // The route's rule refuses anyone but an admin before the body is read; checked here too, for callers outside HTTP.
  requireRole(actor.roles, 'admin', 'erase personal data');
  if (!(await exists())) throw new DomainError(`No record for ${subject}`, 'not-found', 404);
  const result = await eraseSubjectThroughStreams(streams, subject, reason.trim(), { actor, reason: reason.trim() });
  return { subject, erased: result.erased, erasedAt: result.erasedAt, position: result.position };
}

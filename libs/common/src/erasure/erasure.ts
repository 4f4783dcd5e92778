import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { EventStore, eraseSubject } from '@app/event-store';
import { DomainError } from '../domain/domain-error';
import { requireRole } from '../domain/roles';
import type { Actor } from '../http/actor';

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
export async function eraseRecordSubject(store: EventStore, actor: Actor, subject: string, reason: string, exists: () => Promise<boolean>): Promise<ErasureAnswer> {
  requireRole(actor.roles, 'admin', 'erase personal data');
  if (!(await exists())) throw new DomainError(`No record for ${subject}`, 'not-found', 404);
  const result = await eraseSubject(store, { subject, actor: { userId: actor.userId, agencyId: actor.agencyId }, reason: reason.trim() });
  return { subject, erased: result.erased, erasedAt: result.erasure.erasedAt, position: result.position };
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AgreedRiskLevel, CoChair, SemracActionStatus } from '../semrac-meeting/semrac-meeting.events';
import type { MeetingActor, MeetingActionView } from './semrac-meeting-view';

/** One row per SEMRAC meeting. */
@Entity({ name: 'semrac_meeting' })
export class SemracMeetingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  meetingId: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  scheduledFor: string;

  @Column({ type: 'text' })
  venue: string;

  @Column({ type: 'simple-json' })
  coChairs: CoChair[];

  @Column({ type: 'varchar', length: 30 })
  scheduledAt: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  closedAt: string | null;

  @Column({ type: 'text', nullable: true })
  closingNote: string | null;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'varchar', length: 30 })
  updatedAt: string;
}

/** Who came, or sent apologies, from which agency. */
@Entity({ name: 'semrac_meeting_attendance' })
export class SemracAttendanceEntity {
  /** Derived from the meeting, the agency and the person: a later record replaces the row. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  attendeeId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 100 })
  agencyId: string;

  @Column({ type: 'text' })
  agencyName: string;

  @Column({ type: 'varchar', length: 20 })
  attendance: 'present' | 'apologies';

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: string;

  @Column({ type: 'varchar', length: 30 })
  recordedAt: string;
}

/** One row per case discussed at a meeting. */
@Entity({ name: 'semrac_meeting_discussion' })
export class SemracDiscussionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  discussionId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  caseId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'varchar', length: 20 })
  agreedRiskLevel: AgreedRiskLevel;

  @Column({ type: 'simple-json' })
  decisions: string[];

  @Column({ type: 'simple-json' })
  actionIds: string[];

  @Column({ type: 'varchar', length: 30 })
  discussedAt: string;

  @Column({ type: 'simple-json' })
  recordedBy: MeetingActor;
}

/** One row per action agreed at a meeting, with its status history. */
@Entity({ name: 'semrac_meeting_action' })
export class SemracMeetingActionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  actionId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  @Column({ type: 'varchar', length: 36 })
  discussionId: string;

  @Column({ type: 'varchar', length: 36 })
  caseId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 100 })
  ownerAgencyId: string;

  @Column({ type: 'text' })
  ownerAgencyName: string;

  @Column({ type: 'text' })
  ownerPerson: string;

  @Column({ type: 'varchar', length: 10 })
  dueDate: string;

  @Column({ type: 'varchar', length: 20 })
  status: SemracActionStatus;

  @Column({ type: 'simple-json' })
  history: MeetingActionView['history'];
}

export const SEMRAC_MEETING_ENTITIES = [SemracMeetingEntity, SemracAttendanceEntity, SemracDiscussionEntity, SemracMeetingActionEntity];

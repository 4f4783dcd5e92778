import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SemracActionStatus } from '../semrac-meeting/semrac-meeting.events';

/** One row per action agreed at SEMRAC: who owns it, when it is due, how it stands. */
@Entity({ name: 'action_tracker' })
@Index(['ownerAgencyId', 'status'])
export class ActionTrackerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  actionId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  caseId: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 100 })
  ownerAgencyId: string;

  @Column({ type: 'text' })
  ownerAgencyName: string;

  @Column({ type: 'text' })
  ownerPerson: string;

  /** YYYY-MM-DD: overdue is worked out when asked, against that day's date. */
  @Index()
  @Column({ type: 'varchar', length: 10 })
  dueDate: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  status: SemracActionStatus;

  /** The note given with the latest status change. */
  @Column({ type: 'text', nullable: true })
  statusNote: string | null;

  @Column({ type: 'varchar', length: 30 })
  agreedAt: string;

  @Column({ type: 'varchar', length: 30 })
  updatedAt: string;
}

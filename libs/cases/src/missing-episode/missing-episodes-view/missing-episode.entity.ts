import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MissingEpisodeView } from './missing-episode-view';

/** One row per missing episode: the columns lists and agendas filter on, plus the whole view. */
@Entity({ name: 'missing_episode' })
export class MissingEpisodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  episodeId: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  caseId: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  lastSeenAt: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  returnedAt: string | null;

  /** Whole minutes missing, once returned. */
  @Column({ type: 'integer', nullable: true })
  durationMinutes: number | null;

  @Column({ type: 'boolean' })
  concerning: boolean;

  @Column({ type: 'varchar', length: 20 })
  policeCategory: string;

  @Column({ type: 'varchar', length: 20 })
  riskLevel: string;

  @Index()
  @Column({ type: 'varchar', length: 30, nullable: true })
  interviewDueAt: string | null;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  interviewStatus: string;

  @Column({ type: 'simple-json' })
  view: MissingEpisodeView;
}

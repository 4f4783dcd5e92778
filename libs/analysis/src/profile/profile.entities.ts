import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The problem profile: one count per month, measure and value (e.g. 2026-03, referrals.agencyKind,
 * education, 7). Aggregates only, rebuilt from the log: no child, no person of interest, no id.
 */
@Entity({ name: 'analysis_profile_count' })
export class ProfileCountEntity {
  /** YYYY-MM of the fact's own time (referred, reported, returned, held, listed). */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 60 })
  measure: string;

  @PrimaryColumn({ type: 'varchar', length: 60 })
  value: string;

  @Column({ type: 'integer', default: 0 })
  count: number;
}

/**
 * What the profile keeps of a missing episode between its events, to band its duration on the
 * child's return and to time the return interview: the episode's id and times, nothing else.
 */
@Entity({ name: 'analysis_episode_times' })
export class ProfileEpisodeTimesEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  episodeId: string;

  @Column({ type: 'varchar', length: 40 })
  reportedAt: string;

  @Column({ type: 'varchar', length: 40 })
  lastSeenAt: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  returnedAt: string | null;
}

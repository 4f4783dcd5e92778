import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The problem profile: one count per month, segment, measure and value (e.g. 2026-03, all,
 * referrals.agencyKind, education, 7). Aggregates only, rebuilt from the log: no child, no person
 * of interest, no id.
 */
@Entity({ name: 'analysis_profile_count' })
export class ProfileCountEntity {
  /** YYYY-MM of the fact's own time (referred, reported, returned, held, listed). */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  /** `all`, or the children a filter picks (`group:looked-after`, `ageBand:13-15`): the tables about one child only. */
  @PrimaryColumn({ type: 'varchar', length: 40, default: 'all' })
  segment: string;

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

  /** The segments of the child's case when the episode was reported (codes such as `gender:female`). */
  @Column({ type: 'simple-json', default: '[]' })
  segments: string[];
}

/**
 * What the profile keeps of a case's risk between its events, to count the case once in the month
 * of its latest band and to move it when a later one comes: the case's id, bands, their times and
 * how many there were. No scores, reasons or summaries.
 */
@Entity({ name: 'analysis_case_risk' })
export class ProfileCaseRiskEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  caseId: string;

  @Column({ type: 'varchar', length: 20 })
  firstBand: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  assessedBand: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  assessedAt: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  agreedBand: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  agreedAt: string | null;

  @Column({ type: 'integer' })
  riskEvents: number;

  /** The segments the case's risk counts stand in (codes such as `ageBand:13-15`). */
  @Column({ type: 'simple-json', default: '[]' })
  segments: string[];
}

/**
 * What the profile keeps of a child's missing episodes to apply the "missing repeatedly" rule: the
 * case's and episodes' ids, the last sightings, and the months the child was already counted in.
 */
@Entity({ name: 'analysis_case_missing' })
export class ProfileCaseMissingEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  caseId: string;

  @Column({ type: 'simple-json' })
  episodes: { episodeId: string; lastSeenAt: string }[];

  @Column({ type: 'simple-json' })
  monthsMet: string[];
}

/**
 * What the profile keeps of an intelligence item between its events, to band the time from its
 * submission to its first dissemination: the item's id, the submission time and whether it was
 * disseminated. Never the text, the subjects or the source.
 */
@Entity({ name: 'analysis_intel_times' })
export class ProfileIntelTimesEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  itemId: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  submittedAt: string | null;

  @Column({ type: 'boolean' })
  disseminated: boolean;
}

/**
 * What the profile keeps of an outbound share between its events, to band the time from request
 * to approval: the share's id, the request time and whether it was approved. Never the content.
 */
@Entity({ name: 'analysis_share_times' })
export class ProfileShareTimesEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  shareId: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  requestedAt: string | null;

  @Column({ type: 'boolean' })
  approved: boolean;
}

/** What the profile keeps of a SEMRAC action, to count it done on time or late once: its id, due date and whether it was done. */
@Entity({ name: 'analysis_action_due' })
export class ProfileActionDueEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  actionId: string;

  @Column({ type: 'varchar', length: 40 })
  dueDate: string;

  @Column({ type: 'boolean' })
  done: boolean;

  /** The segments of the discussed child's case when the action was set. */
  @Column({ type: 'simple-json', default: '[]' })
  segments: string[];
}

/**
 * The segments of each child's case, from its latest referral (each vulnerable group it names, its
 * gender, age band and ethnic group, as codes), so that a later episode, assessment or listing is
 * counted in them: the case's id and codes only.
 */
@Entity({ name: 'analysis_case_segments' })
export class ProfileCaseSegmentsEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  caseId: string;

  @Column({ type: 'simple-json' })
  segments: string[];
}

/** Every table of the profile's read model: the projection's, cleared on a rebuild, and the module's. */
export const PROFILE_ENTITIES = [
  ProfileCountEntity,
  ProfileEpisodeTimesEntity,
  ProfileCaseRiskEntity,
  ProfileCaseMissingEntity,
  ProfileIntelTimesEntity,
  ProfileShareTimesEntity,
  ProfileActionDueEntity,
  ProfileCaseSegmentsEntity,
];

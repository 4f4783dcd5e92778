import { Query } from '@nestjs/cqrs';
import type { MissingEpisodeView } from './missing-episode-view';

/** An episode as answered: the stored view, with whether its interview is overdue now. */
export type MissingEpisodeAnswer = MissingEpisodeView & { interview: MissingEpisodeView['interview'] & { overdue: boolean } };

export interface CaseMissingEpisodes {
  caseId: string;
  /** Most recent last sighting first. */
  episodes: MissingEpisodeAnswer[];
  /** Return home interviews due and not recorded, past their due time. */
  interviewsOverdue: number;
}

export interface OverdueReturnInterview {
  episodeId: string;
  caseId: string;
  returnedAt: string;
  dueAt: string;
  hoursOverdue: number;
}

export class GetCaseMissingEpisodesQuery extends Query<CaseMissingEpisodes> {
  constructor(
    readonly caseId: string,
    /** Wait until the read model reflects the log up to this position (read your own write). */
    readonly consistentWith?: string,
  ) {
    super();
  }
}

export class GetMissingEpisodeQuery extends Query<MissingEpisodeAnswer> {
  constructor(
    readonly episodeId: string,
    readonly consistentWith?: string,
  ) {
    super();
  }
}

export class GetOverdueReturnInterviewsQuery extends Query<OverdueReturnInterview[]> {
  constructor(readonly consistentWith?: string) {
    super();
  }
}

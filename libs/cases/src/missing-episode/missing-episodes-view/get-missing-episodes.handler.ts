import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { DomainError, notYetConsistent } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { MissingEpisodeView, interviewOverdue } from './missing-episode-view';
import { MissingEpisodeEntity } from './missing-episode.entity';
import {
  CaseMissingEpisodes,
  GetCaseMissingEpisodesQuery,
  GetMissingEpisodeQuery,
  GetOverdueReturnInterviewsQuery,
  MissingEpisodeAnswer,
  OverdueReturnInterview,
} from './get-missing-episodes.query';

const HOUR = 3_600_000;

function answer(view: MissingEpisodeView, now: Date): MissingEpisodeAnswer {
  return { ...view, interview: { ...view.interview, overdue: interviewOverdue(view, now) } };
}

async function caughtUp(projections: ProjectionsService, position?: string): Promise<void> {
  if (!position) return;
  await projections.waitForProjection('missing-episodes', position, 3000).catch(notYetConsistent('The missing episodes have not caught up with that position yet; try again shortly'));
}

@QueryHandler(GetCaseMissingEpisodesQuery)
export class GetCaseMissingEpisodesHandler implements IQueryHandler<GetCaseMissingEpisodesQuery, CaseMissingEpisodes> {
  constructor(
    @InjectRepository(MissingEpisodeEntity) private readonly episodes: Repository<MissingEpisodeEntity>,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ caseId, consistentWith }: GetCaseMissingEpisodesQuery): Promise<CaseMissingEpisodes> {
    await caughtUp(this.projections, consistentWith);
    const now = new Date();
    const rows = await this.episodes.find({ where: { caseId }, order: { lastSeenAt: 'DESC', episodeId: 'ASC' } });
    const episodes = rows.map((row) => answer(row.view, now));
    return { caseId, episodes, interviewsOverdue: episodes.filter((e) => e.interview.overdue).length };
  }
}

@QueryHandler(GetMissingEpisodeQuery)
export class GetMissingEpisodeHandler implements IQueryHandler<GetMissingEpisodeQuery, MissingEpisodeAnswer> {
  constructor(
    @InjectRepository(MissingEpisodeEntity) private readonly episodes: Repository<MissingEpisodeEntity>,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ episodeId, consistentWith }: GetMissingEpisodeQuery): Promise<MissingEpisodeAnswer> {
    await caughtUp(this.projections, consistentWith);
    const row = await this.episodes.findOneBy({ episodeId });
    if (!row) throw new DomainError(`No missing episode ${episodeId}`, 'missing-episode-not-found', 404);
    return answer(row.view, new Date());
  }
}

@QueryHandler(GetOverdueReturnInterviewsQuery)
export class GetOverdueReturnInterviewsHandler implements IQueryHandler<GetOverdueReturnInterviewsQuery, OverdueReturnInterview[]> {
  constructor(
    @InjectRepository(MissingEpisodeEntity) private readonly episodes: Repository<MissingEpisodeEntity>,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ consistentWith }: GetOverdueReturnInterviewsQuery): Promise<OverdueReturnInterview[]> {
    await caughtUp(this.projections, consistentWith);
    const now = new Date();
    const rows = await this.episodes.find({
      where: { interviewStatus: 'due', interviewDueAt: LessThan(now.toISOString()) },
      order: { interviewDueAt: 'ASC', episodeId: 'ASC' },
    });
    return rows.map((row) => ({
      episodeId: row.episodeId,
      caseId: row.caseId,
      returnedAt: row.returnedAt!,
      dueAt: row.interviewDueAt!,
      hoursOverdue: Math.floor((now.getTime() - Date.parse(row.interviewDueAt!)) / HOUR),
    }));
  }
}

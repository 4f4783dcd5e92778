import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, ConsistentWith, CurrentActor } from '@app/common';
import { AccessGate, AccessRequest, AccessRequestInfo, ApiRecordedRead } from '@app/access';
import { CaseAccessRecords } from '../../case-view/case-access-records';
import {
  CaseMissingEpisodes,
  GetCaseMissingEpisodesQuery,
  GetMissingEpisodeQuery,
  GetOverdueReturnInterviewsQuery,
  MissingEpisodeAnswer,
  OverdueReturnInterview,
} from './get-missing-episodes.query';

const EPISODE_EXAMPLE = {
  episodeId: '3c9d2b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d',
  caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11',
  revision: 1,
  status: 'returned',
  missingFrom: 'care-placement',
  lastSeenAt: '2026-11-26T21:00:00.000Z',
  policeCategory: 'missing',
  riskLevel: 'medium',
  concerning: false,
  pushFactors: ['Conflict with staff'],
  pullFactors: ['Older friends with a car'],
  reportedAt: '2026-11-26T23:40:00.000Z',
  reportedBy: { userId: 'sw-9', agencyId: 'bf-csc' },
  return: { returnedAt: '2026-11-27T15:00:00.000Z', whereFound: 'Town centre car park', foundWith: 'Two older males', durationMinutes: 1080 },
  interview: { status: 'due', dueAt: '2026-11-30T15:00:00.000Z', overdue: false },
  updates: [],
  updatedAt: '2026-11-27T15:10:00.000Z',
};

@ApiTags('missing episodes')
@Controller()
export class MissingEpisodesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: AccessGate,
    private readonly cases: CaseAccessRecords,
  ) {}

  @Get('cases/:caseId/missing-episodes')
  @ApiOperation({ summary: "A child's missing episodes, latest first, each with its return and return home interview (overdue ones flagged)" })
  @ApiOkResponse({ description: 'The episodes', schema: { example: { caseId: EPISODE_EXAMPLE.caseId, episodes: [EPISODE_EXAMPLE], interviewsOverdue: 0 } } })
  @ApiProblems(404)
  @ApiRecordedRead()
  async forCase(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ): Promise<CaseMissingEpisodes> {
    const answer = await this.queries.execute(new GetCaseMissingEpisodesQuery(caseId, consistentWith));
    // Part of the child's case: the case's need to know, recorded on the case's access trail.
    await this.access.read(actor, access, await this.cases.forCase(caseId, consistentWith), "read a child's missing episodes");
    return answer;
  }

  @Get('missing-episodes/overdue-interviews')
  @ApiOperation({ summary: 'Return home interviews past their due time (the configured hours after the return) and not recorded, across all cases' })
  @ApiOkResponse({
    description: 'Oldest due first',
    schema: { example: [{ episodeId: EPISODE_EXAMPLE.episodeId, caseId: EPISODE_EXAMPLE.caseId, returnedAt: '2026-11-27T15:00:00.000Z', dueAt: '2026-11-30T15:00:00.000Z', hoursOverdue: 20 }] },
  })
  @ApiRecordedRead(false)
  async overdueInterviews(@CurrentActor() actor: Actor, @AccessRequest() access: AccessRequestInfo, @ConsistentWith() consistentWith?: string): Promise<OverdueReturnInterview[]> {
    const all = await this.queries.execute(new GetOverdueReturnInterviewsQuery(consistentWith));
    // Only the cases this user may see in a list (the list is short: no paging to keep full).
    const records = await this.cases.forCases(all.map((row) => row.caseId));
    const shown = all.filter((row) => {
      const record = records.get(row.caseId);
      return record !== undefined && this.access.decide(actor, 'list', record).outcome === 'allow';
    });
    await this.access.listed(actor, access, 'overdue-return-interviews', {}, [{ kind: 'case', ids: [...new Set(shown.map((row) => row.caseId))] }], 'overdue return home interviews');
    return shown;
  }

  @Get('missing-episodes/:episodeId')
  @ApiOperation({ summary: 'One missing episode' })
  @ApiOkResponse({ description: 'The episode', schema: { example: EPISODE_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'No such missing episode' })
  @ApiRecordedRead()
  async one(
    @Param('episodeId', new ParseUUIDPipe()) episodeId: string,
    @CurrentActor() actor: Actor,
    @AccessRequest() access: AccessRequestInfo,
    @ConsistentWith() consistentWith?: string,
  ): Promise<MissingEpisodeAnswer> {
    const episode = await this.queries.execute(new GetMissingEpisodeQuery(episodeId, consistentWith));
    await this.access.read(actor, access, await this.cases.forCase(episode.caseId, consistentWith), `read missing episode ${episodeId}`);
    return episode;
  }
}

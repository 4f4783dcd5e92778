import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, deterministicUuid } from '@app/common';
import { CASES_SETTINGS, CasesSettings } from '../../cases.settings';
import { missingEpisodeStream } from '../missing-episode.stream';
import { ReportMissingEpisodeCommand, ReportMissingEpisodeResult } from './report-missing-episode.command';

@CommandHandler(ReportMissingEpisodeCommand)
export class ReportMissingEpisodeHandler implements ICommandHandler<ReportMissingEpisodeCommand, ReportMissingEpisodeResult> {
  constructor(
    private readonly streams: CommandStreams,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
  ) {}

  async execute({ caseId, report, context }: ReportMissingEpisodeCommand): Promise<ReportMissingEpisodeResult> {
    // A retry with the same key addresses the same episode, so it is found rather than reported twice.
    const { actor, idempotencyKey } = context;
    const episodeId = idempotencyKey ? deterministicUuid('missing-episode', caseId, actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.streams.handle(
      missingEpisodeStream,
      episodeId,
      {
        type: 'ReportMissingEpisode',
        data: { ...report, caseId, pushFactors: report.pushFactors ?? [], pullFactors: report.pullFactors ?? [] },
        returnInterviewHours: this.settings.RETURN_INTERVIEW_HOURS,
      },
      { ...context, ifMatch: undefined },
    );
    return { episodeId, caseId, revision: result.revision, position: result.position, created: result.written };
  }
}

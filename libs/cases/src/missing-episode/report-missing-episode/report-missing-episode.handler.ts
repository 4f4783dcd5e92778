import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, StreamCommandExecutor, deterministicUuid } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { caseStreamId } from '../../case/case.events';
import { CaseWriteGuard } from '../../case/case-write-guard';
import { CASES_SETTINGS, CasesSettings } from '../../cases.settings';
import { missingEpisodeDecider } from '../missing-episode.decider';
import { missingEpisodeStreamId } from '../missing-episode.events';
import { ReportMissingEpisodeCommand, ReportMissingEpisodeResult } from './report-missing-episode.command';

@CommandHandler(ReportMissingEpisodeCommand)
export class ReportMissingEpisodeHandler implements ICommandHandler<ReportMissingEpisodeCommand, ReportMissingEpisodeResult> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
    private readonly guard: CaseWriteGuard,
  ) {}

  async execute({ caseId, report, context }: ReportMissingEpisodeCommand): Promise<ReportMissingEpisodeResult> {
    // An episode belongs to a child's case: the case must exist.
    const history = await this.store.readStream(caseStreamId(caseId));
    if (history.length === 0) throw new DomainError(`No case ${caseId}`, 'case-not-found', 404);
    this.guard.check(caseId, context.actor, history, { policeMayReport: true });

    // A retry with the same key addresses the same episode, so it is found rather than reported twice.
    const { actor, idempotencyKey } = context;
    const episodeId = idempotencyKey ? deterministicUuid('missing-episode', caseId, actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.executor.execute(
      missingEpisodeStreamId(episodeId),
      missingEpisodeDecider,
      (now) => ({
        type: 'ReportMissingEpisode' as const,
        data: { ...report, caseId, pushFactors: report.pushFactors ?? [], pullFactors: report.pullFactors ?? [] },
        episodeId,
        now,
        returnInterviewHours: this.settings.RETURN_INTERVIEW_HOURS,
      }),
      { ...context, ifMatch: undefined },
    );
    return { episodeId, caseId, revision: result.revision, position: result.position, created: result.written };
  }
}

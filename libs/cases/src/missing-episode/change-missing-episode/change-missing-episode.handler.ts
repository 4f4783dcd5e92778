import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CASES_SETTINGS, CasesSettings } from '../../cases.settings';
import { MissingEpisodeCommandEnvelope, MissingEpisodeState, missingEpisodeDecider } from '../missing-episode.decider';
import { MissingEpisodeEvent, missingEpisodeStreamId } from '../missing-episode.events';
import { StreamCommandExecutor, StreamCommandResult } from '@app/common';
import { ChangeMissingEpisodeCommand } from './change-missing-episode.command';
import { CaseWriteGuard } from '../../case/case-write-guard';

@CommandHandler(ChangeMissingEpisodeCommand)
export class ChangeMissingEpisodeHandler implements ICommandHandler<ChangeMissingEpisodeCommand, StreamCommandResult<MissingEpisodeEvent, MissingEpisodeState>> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
    private readonly guard: CaseWriteGuard,
  ) {}

  execute({ episodeId, change, context }: ChangeMissingEpisodeCommand): Promise<StreamCommandResult<MissingEpisodeEvent, MissingEpisodeState>> {
    return this.executor.execute(
      missingEpisodeStreamId(episodeId),
      missingEpisodeDecider,
      (now) => ({ ...change, episodeId, now, returnInterviewHours: this.settings.RETURN_INTERVIEW_HOURS }) as MissingEpisodeCommandEnvelope,
      context,
      // The episode is the child's: those who may change the case (or the police) may change it.
      {
        authorize: async (history) => {
          if (history[0]) await this.guard.checkCase(String(history[0].data.caseId), context.actor, { policeMayReport: true });
        },
      },
    );
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CASES_SETTINGS, CasesSettings } from '../../cases.settings';
import { MissingEpisodeCommandEnvelope, MissingEpisodeState, missingEpisodeDecider } from '../missing-episode.decider';
import { MissingEpisodeEvent, missingEpisodeStreamId } from '../missing-episode.events';
import { StreamCommandExecutor, StreamCommandResult } from '@app/common';
import { ChangeMissingEpisodeCommand } from './change-missing-episode.command';

@CommandHandler(ChangeMissingEpisodeCommand)
export class ChangeMissingEpisodeHandler implements ICommandHandler<ChangeMissingEpisodeCommand, StreamCommandResult<MissingEpisodeEvent, MissingEpisodeState>> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
  ) {}

  execute({ episodeId, change, context }: ChangeMissingEpisodeCommand): Promise<StreamCommandResult<MissingEpisodeEvent, MissingEpisodeState>> {
    return this.executor.execute(
      missingEpisodeStreamId(episodeId),
      missingEpisodeDecider,
      (now) => ({ ...change, episodeId, now, returnInterviewHours: this.settings.RETURN_INTERVIEW_HOURS }) as MissingEpisodeCommandEnvelope,
      context,
    );
  }
}

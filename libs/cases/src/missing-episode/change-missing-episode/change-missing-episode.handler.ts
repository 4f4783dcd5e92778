import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, StreamCommandResult } from '@app/common';
import { CASES_SETTINGS, CasesSettings } from '../../cases.settings';
import { MissingEpisodeState } from '../missing-episode.decider';
import { MissingEpisodeEvent } from '../missing-episode.events';
import { missingEpisodeStream } from '../missing-episode.stream';
import { ChangeMissingEpisodeCommand } from './change-missing-episode.command';

@CommandHandler(ChangeMissingEpisodeCommand)
export class ChangeMissingEpisodeHandler implements ICommandHandler<ChangeMissingEpisodeCommand, StreamCommandResult<MissingEpisodeEvent, MissingEpisodeState>> {
  constructor(
    private readonly streams: CommandStreams,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
  ) {}

  execute({ episodeId, change, context }: ChangeMissingEpisodeCommand): Promise<StreamCommandResult<MissingEpisodeEvent, MissingEpisodeState>> {
    return this.streams.handle(missingEpisodeStream, episodeId, { ...change, returnInterviewHours: this.settings.RETURN_INTERVIEW_HOURS }, context);
  }
}

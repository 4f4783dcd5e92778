import { Command } from '@nestjs/cqrs';
import type { MissingEpisodeCommand, MissingEpisodeState } from '../missing-episode.decider';
import type { MissingEpisodeEvent } from '../missing-episode.events';
import type { StreamCommandContext, StreamCommandResult } from '@app/common';

/** Any change to a reported episode; the decider says which are allowed. */
export class ChangeMissingEpisodeCommand extends Command<StreamCommandResult<MissingEpisodeEvent, MissingEpisodeState>> {
  constructor(
    readonly episodeId: string,
    readonly change: Exclude<MissingEpisodeCommand, { type: 'ReportMissingEpisode' }>,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { StreamCommandContext } from '@app/common';
import type { ReportMissingEpisodeDto } from './report-missing-episode.dto';

export interface ReportMissingEpisodeResult {
  episodeId: string;
  caseId: string;
  /** The episode's revision: send as If-Match with the next change to it. */
  revision: number;
  /** Pass to `GET /cases/{caseId}/missing-episodes?consistentWith=` to read your own write. */
  position?: string;
  /** False for a retry with the same Idempotency-Key: nothing new was written. */
  created: boolean;
}

export class ReportMissingEpisodeCommand extends Command<ReportMissingEpisodeResult> {
  constructor(
    readonly caseId: string,
    readonly report: ReportMissingEpisodeDto,
    readonly context: StreamCommandContext,
  ) {
    super();
  }
}

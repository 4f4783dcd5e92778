import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { CommandStreams } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { CASES_SETTINGS, CasesSettings } from '../cases.settings';
import { SemracListingCaseEntity } from './semrac-listing.entity';
import { openEpisodesOverThreshold } from './semrac-listing.rules';
import { SemracListingWriter } from './semrac-listing.writer';

const HOUR = 3_600_000;

/**
 * A child still missing past the threshold is listed without waiting for the return: every
 * minute, where the listing process manager runs, open episodes in its table are checked. The
 * listing's id derives from the episode, so the sweep in several processes, and the return
 * afterwards, still list it once.
 */
@Injectable()
export class SemracOpenEpisodeSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly INTERVAL_MS = 60_000;
  private readonly logger = new Logger('SemracOpenEpisodeSweep');
  private readonly writer: SemracListingWriter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    streams: CommandStreams,
    @InjectRepository(SemracListingCaseEntity) private readonly cases: Repository<SemracListingCaseEntity>,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
    @Optional() private readonly projections?: ProjectionsService,
  ) {
    this.writer = new SemracListingWriter(streams);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), SemracOpenEpisodeSweep.INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Lists every case with an episode open longer than the threshold; answers how many were listed. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.settings.SEMRAC_MISSING_HOURS * HOUR).toISOString();
    let listed = 0;
    for (const row of await this.cases.find({ where: { openSince: LessThan(cutoff) }, order: { caseId: 'ASC' } })) {
      for (const firing of openEpisodesOverThreshold(row.facts, now, this.settings)) {
        if ((await this.writer.list(row.caseId, firing)) === 'written') listed++;
      }
    }
    return listed;
  }

  private tick(): void {
    // Only where the listing process manager runs, one sweep at a time.
    if (this.running || !this.projections?.status().some((p) => p.name === 'semrac-listing' && p.running)) return;
    this.running = this.sweep()
      .catch((error: Error) => this.logger.error(`Sweep failed: ${error.name}: ${error.message}`))
      .finally(() => (this.running = undefined));
  }
}

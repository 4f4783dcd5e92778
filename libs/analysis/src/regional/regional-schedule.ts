import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ANALYSIS_SETTINGS, AnalysisSettings } from '../analysis.settings';
import { RegionalSchedule, parseRegionalSchedule, scheduleSlot, scheduleTickMs } from './regional-profile.rules';
import { RegionalService } from './regional.service';

/**
 * Sends the last six whole months to the board peers on the schedule REGIONAL_PROFILE_EVERY. Every
 * process of a board may run it: each slot's send has an id derived from the slot, so the first
 * process to fill a slot writes it and the others find it written (no lease needed, none skipped).
 */
@Injectable()
export class RegionalScheduleRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly schedule: RegionalSchedule;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** The last slot this process saw sent (by itself or another): not asked again. */
  private done?: string;
  private readonly logger = new Logger('RegionalPicture');

  constructor(
    private readonly regional: RegionalService,
    @Inject(ANALYSIS_SETTINGS) settings: AnalysisSettings,
  ) {
    this.schedule = parseRegionalSchedule(settings.REGIONAL_PROFILE_EVERY) ?? { kind: 'off' };
  }

  onApplicationBootstrap(): void {
    const schedule = this.schedule;
    if (schedule.kind === 'off') return;
    this.timer = setInterval(() => {
      this.running ??= this.tick(schedule).finally(() => (this.running = undefined));
    }, scheduleTickMs(schedule));
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Sends the current slot unless it is sent; a failure is logged and tried again at the next tick. */
  private async tick(schedule: Exclude<RegionalSchedule, { kind: 'off' }>): Promise<void> {
    const { slot, period } = scheduleSlot(schedule, new Date());
    if (slot === this.done) return;
    if (this.regional.boardPeers().length === 0) return;
    try {
      const answer = await this.regional.sendForSlot(slot, period);
      this.done = slot;
      if (answer.sent) this.logger.log(`Sent the profile of ${period.from} to ${period.to} to ${answer.peers.length} peer(s) (slot ${slot})`);
    } catch (error) {
      this.logger.warn(`The scheduled regional profile of slot ${slot} was not sent: ${(error as Error).message}`);
    }
  }
}

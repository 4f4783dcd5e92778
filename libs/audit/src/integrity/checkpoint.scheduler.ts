import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AUDIT_SETTINGS, AuditSettings } from '../audit.settings';
import { AUDIT_CHECKPOINT_STREAM, AuditIntegrity } from './audit-integrity';

/** The actor recorded on scheduled checkpoints. */
export const SCHEDULER_ACTOR = { userId: 'system:audit-checkpoints', agencyId: 'board' };

/**
 * Publishes a checkpoint every AUDIT_CHECKPOINT_INTERVAL_MINUTES when anything but checkpoints
 * was appended since the last one. Several processes may run it: the checkpoint stream's
 * revision check lets one win; the others simply publish a moment later or not at all.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly integrity: AuditIntegrity,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_SETTINGS) private readonly settings: AuditSettings,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.settings.AUDIT_CHECKPOINT_INTERVAL_MINUTES;
    if (minutes > 0) this.timer = setInterval(() => void (this.running ??= this.tick().finally(() => (this.running = undefined))), minutes * 60_000);
    this.timer?.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes when the log grew by more than checkpoints since the last one; true when it did. */
  async tick(): Promise<boolean> {
    try {
      const last = await this.integrity.latestCheckpoint();
      const newer = await this.store.readAll({ after: last?.lastPosition ?? '', limit: 1000 });
      if (!newer.some((event) => event.streamId !== AUDIT_CHECKPOINT_STREAM)) return false;
      const { checkpoint } = await this.integrity.publishCheckpoint(SCHEDULER_ACTOR, 'scheduled checkpoint');
      this.logger.log(`Published checkpoint over ${checkpoint.treeSize} events, root ${checkpoint.rootHash}`);
      return true;
    } catch (error) {
      this.logger.error(`Scheduled checkpoint failed: ${(error as Error).name}: ${(error as Error).message}`);
      return false;
    }
  }
}

import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore, LogPosition, START } from '../event-store.port';
import { ProjectionFailingError } from '../errors';
import { Projection, ReadModelProjection } from './projection';
import { ProjectionCheckpointEntity, ProjectionFailure } from './projection-checkpoint.entity';
import { LeaseEvent, ProjectionRunner, RebuildProgress } from './projection-runner';
import { SharedLogTail } from '../subscriptions/shared-log-tail';
import { scanLog } from '../read-log-page';
import { rawEventStore } from '../personal-data/protected-event-store';

export const PROJECTIONS_OPTIONS = Symbol('PROJECTIONS_OPTIONS');

export interface ProjectionsOptions {
  /** Start every projection's live runner at boot. */
  run: boolean;
  pollIntervalMs?: number;
  /** How long a runner's lease lasts unrenewed: a standby takes over within about this long (FAILOVER_LEASE_MS). */
  leaseMs?: number;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  running: boolean;
  checkpoint: LogPosition;
  failing: boolean;
  /** Why it is failing: the event it cannot apply (id, position, type) and the error. */
  failure?: ProjectionFailure;
}

/** A projection as stored in the read-model database, wherever its runner is: for operators and auditors. */
export interface StoredProjectionStatus {
  name: string;
  version: number;
  /** The position of the last event it has applied (or passed over); '' before the first. */
  checkpoint: LogPosition;
  /** Events of its types in the log after its checkpoint (counted up to LAG_COUNT_LIMIT). */
  behind: number;
  /** True when `behind` reached the count's limit: at least that many. */
  behindAtLeast: boolean;
  /** The runner holding it (host:pid:id) while its lease lasts; null when none runs it. */
  runner: string | null;
  /** When its checkpoint last moved (ISO). */
  updatedAt: string | null;
  failure: ProjectionFailure | null;
}

/** How many events behind the head `projections status` counts, at most (a count is a scan). */
export const LAG_COUNT_LIMIT = 100_000;

/** Finds every `@ReadModelProjection()` provider and runs, rebuilds and reports on them. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly runners = new Map<string, ProjectionRunner>();
  private running = false;
  /** Says plainly, in a line per change, which projections this process holds, stands by for, or took over. */
  private readonly leaseLog = new LeaseLog((line) => this.logger.log(line));

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsOptions,
  ) {}

  onApplicationBootstrap(): void {
    // Every live runner reads the end of the log through one tail: one read per append, not one each.
    const tail = new SharedLogTail(this.store);
    for (const wrapper of this.discovery.getProviders({ metadataKey: ReadModelProjection.KEY })) {
      const projection = wrapper.instance as Projection;
      if (this.runners.has(projection.name)) throw new Error(`Two projections are named ${projection.name}`);
      this.runners.set(
        projection.name,
        new ProjectionRunner(this.store, this.dataSource, projection, {
          pollIntervalMs: this.options.pollIntervalMs,
          leaseMs: this.options.leaseMs,
          onLease: (event) => this.leaseLog.note(event),
          reader: tail.read,
          // Log the error's class and message only: event data (personal data) never reaches logs.
          onError: (error, attempt) =>
            this.logger.error(`${projection.name} failed (attempt ${attempt}): ${(error as Error).name}: ${(error as Error).message}`),
        }),
      );
    }
    if (this.options.run) this.startAll();
  }

  // Before the read-model connection closes: a runner finishes its batch and releases its lease.
  async beforeApplicationShutdown(): Promise<void> {
    this.leaseLog.close();
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  names(): string[] {
    return [...this.runners.keys()];
  }

  startAll(): void {
    this.running = true;
    for (const runner of this.runners.values()) runner.start();
    this.logger.log(`Starting ${this.runners.size} projection runner(s); each takes its projection when no other process holds it`);
  }

  status(): ProjectionStatus[] {
    return [...this.runners.values()].map((runner) => ({
      name: runner.name,
      version: runner.projection.version,
      running: this.running,
      checkpoint: runner.checkpoint,
      failing: runner.lastError !== undefined,
      ...(runner.failure ? { failure: runner.failure } : {}),
    }));
  }

  /**
   * Each projection's stored checkpoint, failure and lag behind the head of the log, read from the
   * read-model database: true whichever process runs the projections (`npm run projections -- status`).
   */
  async storedStatus(): Promise<StoredProjectionStatus[]> {
    const rows = new Map((await this.dataSource.getRepository(ProjectionCheckpointEntity).find()).map((row) => [row.name, row]));
    const now = Date.now();
    return Promise.all(
      [...this.runners.values()].map(async (runner) => {
        const row = rows.get(runner.name);
        const checkpoint = row?.position ?? START;
        const { behind } = await scanLog(rawEventStore(this.store), runner.projection.eventTypes, checkpoint, { limit: LAG_COUNT_LIMIT });
        return {
          name: runner.name,
          version: row?.version ?? runner.projection.version,
          checkpoint,
          behind,
          behindAtLeast: behind >= LAG_COUNT_LIMIT,
          runner: row?.owner && row.leaseUntil >= now ? row.owner : null,
          updatedAt: row?.updatedAt ?? null,
          failure: row?.failure ?? null,
        };
      }),
    );
  }


  /** Resolves when every running projection has handled the log up to `position`. */
  async waitFor(position: LogPosition, timeoutMs = 5000): Promise<void> {
    if (!this.running) return;
    await Promise.all([...this.runners.values()].map((runner) => runner.waitFor(position, timeoutMs)));
  }

  /**
   * Resolves when the projection has handled the log up to `position`. Where it runs in this
   * process, its runner says so; where it runs in another (the projector of a distributed
   * deployment), its checkpoint stored in the read-model database does. Rejects after `timeoutMs`.
   */
  async waitForProjection(name: string, position: LogPosition, timeoutMs = 5000): Promise<void> {
    const runner = this.runner(name);
    // A projection that is failing will not get there within the wait: say so at once.
    if (this.running && runner.lastError !== undefined) throw new ProjectionFailingError(name, runner.failure?.event);
    if (this.running) return runner.waitFor(position, timeoutMs);
    const until = Date.now() + timeoutMs;
    while (!(await this.storedCheckpointReaches(runner, position))) {
      if (Date.now() >= until) throw new Error(`Projection ${name} has not reached ${position} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Whether the projection's stored checkpoint covers `position`. A checkpoint is stored with the
   * rows a batch changed, and a batch with nothing to apply stores it only now and then; so the
   * projection has also reached `position` when no event of its types lies between its stored
   * checkpoint and `position` (read as far as it is committed: never past an uncommitted event).
   */
  private async storedCheckpointReaches(runner: ProjectionRunner, position: LogPosition): Promise<boolean> {
    const row = await this.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ name: runner.name });
    const stored = row?.position ?? '';
    if (stored >= position) return true;
    // Its runner (in another process) says it cannot get past an event: no use waiting.
    if (row?.failure) throw new ProjectionFailingError(runner.name, row.failure.event);
    const types = runner.projection.eventTypes;
    if (!types) return false;
    const page = await rawEventStore(this.store).readAllOfTypes(types, { ...(stored ? { after: stored } : {}), limit: 1000 });
    if (page.events.some((event) => event.position <= position)) return false;
    return page.scannedTo !== undefined && page.scannedTo >= position;
  }

  rebuild(name: string, onProgress?: (progress: RebuildProgress) => void, batchSize?: number): Promise<number> {
    return this.runner(name).rebuild(onProgress, batchSize);
  }

  private runner(name: string): ProjectionRunner {
    const runner = this.runners.get(name);
    if (!runner) throw new Error(`No projection named ${name}; known: ${this.names().join(', ')}`);
    return runner;
  }

  /**
   * How far behind the head of the log each projection this process holds is (for metrics): the
   * events of its types after its runner's position in memory (counted up to `limit`, scanning at
   * most ten times that), and when the oldest of them was recorded. From the runner, not the stored
   * checkpoint: a projection that read nothing of its types lately stores its checkpoint only now
   * and then. Projections held by another process (or all, where projections do not run) are left
   * out: the process holding them reports them.
   */
  async lagOfHeld(limit: number): Promise<{ name: string; behind: number; oldestRecordedAt: string | null }[]> {
    if (!this.running) return [];
    const now = Date.now();
    const rows = await this.dataSource.getRepository(ProjectionCheckpointEntity).find();
    const held = new Set(rows.filter((row) => row.owner && row.leaseUntil >= now).map((row) => `${row.name}\u0000${row.owner}`));
    const store = rawEventStore(this.store);
    const mine = [...this.runners.values()].filter((runner) => held.has(`${runner.name}\u0000${runner.owner}`));
    return Promise.all(
      mine.map(async (runner) => {
        // Bounded: at most `limit` counted and ten times that scanned (the count is then a floor).
        const { behind, oldestRecordedAt } = await scanLog(store, runner.projection.eventTypes, runner.checkpoint, { limit, maxScanned: limit * 10 });
        return { name: runner.name, behind, oldestRecordedAt };
      }),
    );
  }
}

/**
 * Lease changes of a process's runners, gathered for a moment so that twelve projections taken
 * together make one line ("Holding 12 projection(s)", "Standing by for 12 projection(s) held by
 * host:pid", "Took over 12 projection(s) from host:pid, whose lease lapsed 3.1 s ago"), and
 * logged only when a projection's state changes (a runner re-claims its own lease after an error).
 */
export class LeaseLog {
  private readonly state = new Map<string, string>();
  private pending: LeaseEvent[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly log: (line: string) => void,
    private readonly gatherMs = 200,
  ) {}

  note(event: LeaseEvent): void {
    const key = event.kind === 'held' ? 'held' : `standby:${event.holder}`;
    if (this.state.get(event.projection) === key && !(event.kind === 'held' && event.from)) return;
    this.state.set(event.projection, key);
    this.pending.push(event);
    this.timer ??= setTimeout(() => this.flush(), this.gatherMs);
    this.timer.unref?.();
  }

  close(): void {
    clearTimeout(this.timer);
    this.flush();
  }

  private flush(): void {
    this.timer = undefined;
    const groups = new Map<string, { names: string[]; lapsedMs: number }>();
    for (const event of this.pending.splice(0)) {
      const key = event.kind === 'standby' ? `standby\u0000${event.holder}` : event.from ? `took\u0000${event.from}` : 'held';
      const group = groups.get(key) ?? { names: [], lapsedMs: 0 };
      group.names.push(event.projection);
      if (event.kind === 'held') group.lapsedMs = Math.max(group.lapsedMs, event.lapsedMs ?? 0);
      groups.set(key, group);
    }
    for (const [key, { names, lapsedMs }] of groups) {
      const [kind, other] = key.split('\u0000');
      const which = `${names.length} projection(s) (${names.join(', ')})`;
      if (kind === 'standby') this.log(`Standing by for ${which} held by ${other}; taking over when its lease lapses`);
      else if (kind === 'took') this.log(`Took over ${which} from ${other}, whose lease lapsed ${(lapsedMs / 1000).toFixed(1)} s ago`);
      else this.log(`Holding ${which}`);
    }
  }
}

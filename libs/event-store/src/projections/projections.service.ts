import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore, LogPosition, START } from '../event-store.port';
import { ProjectionFailingError } from '../errors';
import { Projection, ReadModelProjection } from './projection';
import { ProjectionCheckpointEntity, ProjectionFailure } from './projection-checkpoint.entity';
import { ProjectionRunner, RebuildProgress } from './projection-runner';
import { SharedLogTail } from '../subscriptions/shared-log-tail';
import { rawEventStore } from '../personal-data/protected-event-store';

export const PROJECTIONS_OPTIONS = Symbol('PROJECTIONS_OPTIONS');

export interface ProjectionsOptions {
  /** Start every projection's live runner at boot. */
  run: boolean;
  pollIntervalMs?: number;
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
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  names(): string[] {
    return [...this.runners.keys()];
  }

  startAll(): void {
    this.running = true;
    for (const runner of this.runners.values()) runner.start();
    this.logger.log(`Running ${this.runners.size} projection(s): ${this.names().join(', ')}`);
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
        const behind = await this.eventsAfter(runner.projection.eventTypes, checkpoint, LAG_COUNT_LIMIT);
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

  /** Counts the events of `types` (every event when none) after `after`, up to `limit`. */
  async eventsAfter(types: readonly string[] | undefined, after: LogPosition, limit: number): Promise<number> {
    // The raw log: counting needs no personal data opened.
    const store = rawEventStore(this.store);
    let counted = 0;
    let position = after;
    while (counted < limit) {
      const options = { ...(position ? { after: position } : {}), limit: 5000 };
      if (types) {
        const page = await store.readAllOfTypes(types, options);
        counted += page.events.length;
        if (page.scannedTo === undefined) break;
        position = page.scannedTo;
      } else {
        const events = await store.readAll(options);
        counted += events.length;
        if (events.length === 0) break;
        position = events[events.length - 1].position;
      }
    }
    return Math.min(counted, limit);
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
}

import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EventStore, Projection, ReadModelProjection, ReadModelSettings } from '@app/event-store';
import { AUDIT_SETTINGS } from '../audit.settings';
import { ProjectionConsistencyReport, compareProjection, openScratchReadModel } from './projection-consistency';

export class UnknownProjectionError extends Error {
  override name = 'UnknownProjectionError';
}

/** Finds the app's projections and checks any of them against a rebuild in a scratch database. */
@Injectable()
export class ProjectionConsistencyService {
  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly readModels: DataSource,
    @Inject(AUDIT_SETTINGS) private readonly settings: ReadModelSettings,
  ) {}

  names(): string[] {
    return this.projections().map((p) => p.name);
  }

  async check(name: string, onProgress?: (replayed: number, total: number) => void): Promise<ProjectionConsistencyReport> {
    const projection = this.projections().find((p) => p.name === name);
    if (!projection) throw new UnknownProjectionError(`No projection named ${name}; known: ${this.names().join(', ')}`);
    const total = await this.store.countEvents();
    const scratch = await openScratchReadModel(this.settings, projection.entities as Function[]);
    try {
      return await compareProjection({ store: this.store, projection, live: this.readModels, scratch: scratch.dataSource, onProgress: (n) => onProgress?.(n, total) });
    } finally {
      await scratch.drop();
    }
  }

  private projections(): Projection[] {
    return this.discovery.getProviders({ metadataKey: ReadModelProjection.KEY }).map((wrapper) => wrapper.instance as Projection);
  }
}

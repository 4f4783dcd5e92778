import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { Metrics } from '@app/common';
import { checkEvents } from '@app/common/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { AccessActor, AccessRecordKind } from '../policy/access-policy';
import { AccessEvent, accessStreamId, listAccessStreamId } from './access.events';
import { accessEventSchemas } from './access.schemas';

/**
 * Appends access events. Part of the read's success path: a read whose access cannot be
 * recorded fails (s62 logging is not optional), so callers await it before answering.
 */
@Injectable()
export class AccessRecorder {
  private readonly counted?: { refusals: Counter<'kind' | 'action'>; breakGlass: Counter<'kind'> };

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    // Absent where nothing is scraped (command lines, tests that build the gate by hand).
    @Optional() metrics?: Metrics,
  ) {
    if (metrics) {
      this.counted = {
        refusals: metrics.counter({ name: 'safeguard_access_refusals_total', help: 'Reads and writes refused by the access policy (recorded), by record kind and action', labelNames: ['kind', 'action'] }),
        breakGlass: metrics.counter({ name: 'safeguard_break_glass_reads_total', help: 'Records opened by break-glass, with a reason (recorded and flagged), by record kind', labelNames: ['kind'] }),
      };
    }
  }

  /** An access to one record (allowed or denied), on the record's access stream. */
  async record(actor: AccessActor, kind: AccessRecordKind, recordId: string, event: AccessEvent, reason?: string): Promise<void> {
    await this.append(accessStreamId(kind, recordId), actor, event, reason);
    // Counted once stored: kinds and actions are closed sets, never the record's id.
    if (event.type === 'AccessDenied') this.counted?.refusals.inc({ kind, action: event.data.action });
    if (event.type === 'RecordAccessed' && event.data.breakGlass) this.counted?.breakGlass.inc({ kind });
  }

  /** A list shown: one event naming every id on the page. */
  async recordList(actor: AccessActor, list: string, event: AccessEvent): Promise<void> {
    await this.append(listAccessStreamId(list), actor, event);
  }

  private async append(streamId: string, actor: AccessActor, event: AccessEvent, reason?: string): Promise<void> {
    checkEvents(accessEventSchemas, [event]);
    await this.store.append(
      streamId,
      [{ id: randomUUID(), type: event.type, data: event.data, metadata: { actor: { userId: actor.userId, agencyId: actor.agencyId }, ...(reason ? { reason } : {}) } }],
      { expectedRevision: 'any' },
    );
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
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
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** An access to one record (allowed or denied), on the record's access stream. */
  async record(actor: AccessActor, kind: AccessRecordKind, recordId: string, event: AccessEvent, reason?: string): Promise<void> {
    await this.append(accessStreamId(kind, recordId), actor, event, reason);
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

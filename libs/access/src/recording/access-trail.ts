import { Inject, Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { AccessRecordKind } from '../policy/access-policy';
import { accessStreamId } from './access.events';
import { accessEventSchemas } from './access.schemas';

/** One recorded read (or refused attempt) of a record, as an audit trail shows it. */
export interface AccessTrailEntry {
  entry: 'access';
  streamId: string;
  eventId: string;
  revision: number;
  position: string;
  /** `RecordAccessed` or `AccessDenied`. */
  type: string;
  at: string;
  actor: string;
  agency: string;
  /** The break-glass reason, when the access needed one. */
  reason?: string;
  purpose: string;
  breakGlass: boolean;
  outcome: 'shown' | 'refused';
}

/** The audit's record kinds (`case`, `poi`, `intel`, ...) and the access kinds that belong to each. */
const AUDIT_KINDS: Record<string, AccessRecordKind[]> = {
  case: ['case'],
  poi: ['poi'],
  intel: ['intelligence-item', 'intelligence-original'],
  share: ['share'],
  'inbound-share': ['inbound-share'],
};

/**
 * Every recorded access to one record, oldest first: what the audit trail merges in (it has the
 * shape of libs/audit's `AccessTrailSource`; provide it under `ACCESS_TRAIL_SOURCE`). Reads
 * through lists are in `access-list-*` streams, not here.
 */
@Injectable()
export class AccessTrail {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async accessesTo(kind: string, recordId: string, _filter?: unknown): Promise<AccessTrailEntry[]> {
    const kinds = AUDIT_KINDS[kind] ?? [kind as AccessRecordKind];
    const entries: AccessTrailEntry[] = [];
    for (const accessKind of kinds) {
      const streamId = accessStreamId(accessKind, recordId);
      for (const recorded of await this.store.readStream(streamId)) {
        const event = eventOf(accessEventSchemas, recorded);
        if (!event || event.type === 'ListAccessed' || event.type === 'ListRefused') continue;
        entries.push({
          entry: 'access',
          streamId,
          eventId: recorded.id,
          revision: recorded.revision,
          position: recorded.position,
          type: recorded.type,
          at: recorded.recordedAt,
          actor: recorded.metadata.actor.userId,
          agency: recorded.metadata.actor.agencyId,
          ...(typeof recorded.metadata.reason === 'string' ? { reason: recorded.metadata.reason } : {}),
          purpose: event.data.purpose,
          breakGlass: event.type === 'RecordAccessed' && event.data.breakGlass,
          outcome: event.type === 'AccessDenied' ? 'refused' : 'shown',
        });
      }
    }
    return entries.sort((a, b) => a.position.localeCompare(b.position));
  }
}

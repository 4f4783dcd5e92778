import { defineStream } from '@app/common';
import { ReviewRetention, ReviewRetentionCommand, RetentionState, retentionDecider } from './retention.decider';
import { RecordKind, RetentionEvent } from './retention.events';
import { retentionEventSchemas } from './retention.schemas';

/** The id of a record's retention stream: `retention-{kind}-{id}`, one per record reviewed. */
export const retentionId = (kind: RecordKind, recordId: string) => `${kind}-${recordId}`;

/**
 * Retention reviews of one record (DOMAIN.md, "Intelligence"). The board's information manager
 * (admin) and intelligence officers review; the decider keeps intelligence officers to
 * intelligence. A disposal's erasure follows the review (RetentionService).
 */
export const retentionStream = defineStream<ReviewRetention, RetentionEvent, RetentionState, ReviewRetentionCommand>({
  kind: 'retention',
  streamId: (id) => `retention-${id}`,
  decider: retentionDecider,
  envelope: (command, { now, context: { actor } }) => ({ ...command, now, roles: actor.roles ?? [] }),
  events: retentionEventSchemas,
  commands: {
    ReviewRetention: { roles: ['admin', 'intelligence-officer'] },
  },
});

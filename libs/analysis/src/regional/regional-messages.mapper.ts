import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { ProblemProfileV1 } from '@app/contracts';
import { MappableEvent, OutboxMapper, OutboxMessageDraft, OutboxMessageMapper, contractMessage, messageIdFor } from '@app/messaging';
import { SharingDirectory, signShareMessage } from '@app/sharing';
import { regionalSendEventSchemas } from './regional.schemas';

/**
 * The `problem-profile.v1` messages a send causes: one per peer, on the peer's profile topic,
 * signed with this board's sharing key as share messages are. Deterministic (ids from the event id
 * and the peer's place, Ed25519 signatures), so a message derived again is the same message.
 */
@Injectable()
@OutboxMessageMapper()
export class RegionalMessagesMapper implements OutboxMapper {
  readonly eventTypes = ['RegionalProfileSent'];

  constructor(private readonly directory: SharingDirectory) {}

  map(event: MappableEvent): OutboxMessageDraft[] {
    const sent = eventOf(regionalSendEventSchemas, event);
    if (sent?.type !== 'RegionalProfileSent') return [];
    const d = sent.data;
    return d.peers.map((peer, index) => {
      const value = signShareMessage<ProblemProfileV1>(
        {
          messageId: messageIdFor(event.id, ProblemProfileV1.type, index),
          type: 'problem-profile.v1',
          profileId: d.profileId,
          from: d.from,
          to: peer.id,
          sentAt: d.sentAt,
          label: 'GREEN',
          period: d.period,
          suppressionThreshold: d.suppressionThreshold,
          tables: d.tables,
        },
        this.directory.keys.signingKey,
      );
      return contractMessage(ProblemProfileV1, { topic: peer.topic, key: d.from, value });
    });
  }
}

import { Injectable } from '@nestjs/common';
import { eventOf } from '@app/common/domain';
import { ShareAcknowledgedV1, ShareRevocationConfirmedV1, ShareRevokedV1, ShareSentV1 } from '@app/contracts';
import { MappableEvent, OutboxMapper, OutboxMessageDraft, OutboxMessageMapper, contractMessage, messageIdFor } from '@app/messaging';
import { inboundShareEventSchemas } from '../inbound-share/inbound-share.schemas';
import { shareEventSchemas } from '../share/share.schemas';
import { signShareMessage } from './message-signing';
import { SharingDirectory } from './sharing-directory';

/**
 * The share messages this board's events cause, signed with its key: a sent share and a
 * revocation go to the recipient's topic; an acknowledgement (on receipt) and a revocation
 * confirmation go back to the sender's. Deterministic: ids from the event id, Ed25519 signatures.
 */
@Injectable()
@OutboxMessageMapper()
export class ShareMessagesMapper implements OutboxMapper {
  readonly eventTypes = ['ShareSent', 'ShareRevoked', 'ShareReceived', 'InboundShareRevoked'];

  constructor(private readonly directory: SharingDirectory) {}

  map(event: MappableEvent): OutboxMessageDraft[] {
    const key = this.directory.keys.signingKey;
    const typed = eventOf(shareEventSchemas, event) ?? eventOf(inboundShareEventSchemas, event);
    switch (typed?.type) {
      case 'ShareSent': {
        const d = typed.data;
        const value = signShareMessage<ShareSentV1>(
          {
            messageId: messageIdFor(event.id, ShareSentV1.type),
            type: 'share-sent.v1',
            shareId: d.shareId,
            from: d.from,
            to: d.to,
            sentAt: d.sentAt,
            label: d.label,
            purpose: d.purpose,
            lawfulBasis: d.lawfulBasis,
            subjectInformed: d.subjectInformed,
            ...(d.handlingConditions ? { handlingConditions: d.handlingConditions } : {}),
            requestedBy: d.requestedBy,
            approvedBy: d.approvedBy,
            ...(d.onwardFrom ? { onward: d.onwardFrom } : {}),
            content: d.content as ShareSentV1['content'],
          },
          key,
        );
        return [contractMessage(ShareSentV1, { topic: d.topic, key: d.shareId, value })];
      }
      case 'ShareRevoked': {
        const d = typed.data;
        const value = signShareMessage<ShareRevokedV1>(
          { messageId: messageIdFor(event.id, ShareRevokedV1.type), type: 'share-revoked.v1', shareId: d.shareId, from: d.from, to: d.to, reason: d.reason, revokedAt: d.revokedAt },
          key,
        );
        return [contractMessage(ShareRevokedV1, { topic: d.topic, key: d.shareId, value })];
      }
      case 'ShareReceived': {
        const d = typed.data;
        const value = signShareMessage<ShareAcknowledgedV1>(
          { messageId: messageIdFor(event.id, ShareAcknowledgedV1.type), type: 'share-acknowledged.v1', shareId: d.shareId, from: d.to, to: d.from.id, acknowledgedAt: d.receivedAt },
          key,
        );
        return [contractMessage(ShareAcknowledgedV1, { topic: d.from.topic, key: d.shareId, value })];
      }
      case 'InboundShareRevoked': {
        const d = typed.data;
        const value = signShareMessage<ShareRevocationConfirmedV1>(
          {
            messageId: messageIdFor(event.id, ShareRevocationConfirmedV1.type),
            type: 'share-revocation-confirmed.v1',
            shareId: d.shareId,
            from: d.recipient,
            to: d.sender,
            confirmedAt: d.contentDestroyedAt,
          },
          key,
        );
        return [contractMessage(ShareRevocationConfirmedV1, { topic: d.senderTopic, key: d.shareId, value })];
      }
      default:
        return [];
    }
  }
}

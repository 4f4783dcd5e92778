import { Injectable, Logger } from '@nestjs/common';
import { ShareExchangeMessageV1, ShareExchangeV1, ShareSentV1 } from '@app/contracts';
import { DomainError } from '@app/common';
import { eraseSubject } from '@app/event-store';
import { IntegrationMessageConsumer, MessageConsumer, MessageContext, MessageRejectedError } from '@app/messaging';
import { InboundShareCommandEnvelope, inboundShareDecider } from '../inbound-share/inbound-share.decider';
import { inboundShareStreamId, inboundShareSubject } from '../inbound-share/inbound-share.events';
import { ShareMessageRefusalReason, ShareMessageRefused, SHARING_REFUSALS_STREAM } from '../refusals/sharing-refusal.events';
import { ShareCommandEnvelope, shareDecider } from '../share/share.decider';
import { shareStreamId } from '../share/share.events';
import { ShareContent, summariseContent } from '../shared/share-content';
import { TlpLabel } from '../shared/tlp';
import { verifyShareMessage } from './message-signing';
import { SharingDirectory } from './sharing-directory';
import { SharingStreams } from './sharing-streams';

/**
 * This board's share topic: shares sent to it, and acknowledgements, revocations and revocation
 * confirmations about shares. A message is applied only when it is addressed to this board,
 * comes from a configured peer and carries that peer's signature; otherwise it is refused,
 * recorded on `sharing-refusals` and set aside on the dead-letter topic.
 */
@Injectable()
@IntegrationMessageConsumer()
export class ShareExchangeConsumer implements MessageConsumer<ShareExchangeMessageV1> {
  readonly name = 'sharing-exchange';
  readonly topic: string;
  readonly group: string;
  readonly contract = ShareExchangeV1;
  private readonly logger = new Logger('Sharing');

  constructor(
    private readonly directory: SharingDirectory,
    private readonly streams: SharingStreams,
  ) {
    this.topic = directory.board.topic;
    this.group = `safeguard-sharing-${directory.board.id}`;
  }

  async handle(message: ShareExchangeMessageV1, context: MessageContext): Promise<void> {
    const board = this.directory.board;
    if (message.to !== board.id) return this.refuse(message, context, 'not-addressed-to-this-board', `addressed to ${message.to}, this is ${board.id}`);
    const peer = this.directory.peer(message.from);
    if (!peer) return this.refuse(message, context, 'unknown-sender', `${message.from} is not a configured peer of ${board.id}`);
    if (!verifyShareMessage(message, peer.publicKey)) return this.refuse(message, context, 'bad-signature', `the signature is not ${message.from}'s`);

    const system = { actor: { userId: 'system:sharing-exchange', agencyId: board.id }, request: message, idempotencyKey: context.messageId };
    try {
      switch (message.type) {
        case 'share-sent.v1': {
          const stream = inboundShareStreamId(message.shareId);
          const existing = await this.streams.store.readStream(stream, { limit: 1 });
          if (existing.length > 0) return; // already recorded (a resend): nothing more
          // The store seals the content under the received share's own key (sharing.personal-data.ts).
          const data = received(message, peer, board.id);
          await this.streams.execute(stream, inboundShareDecider, (now): InboundShareCommandEnvelope => ({ type: 'ReceiveShare', data, shareId: message.shareId, now, actor: system.actor, roles: [] }), system);
          return;
        }
        case 'share-revoked.v1': {
          const stream = inboundShareStreamId(message.shareId);
          await this.streams.execute(
            stream,
            inboundShareDecider,
            (now): InboundShareCommandEnvelope => ({ type: 'ApplyRevocation', from: message.from, reason: message.reason, revokedAt: message.revokedAt, shareId: message.shareId, now, actor: system.actor, roles: [] }),
            { ...system, reason: message.reason },
          );
          // The key goes with the revocation (an erasure, idempotent): from now on the content reads as revoked everywhere.
          await eraseSubject(this.streams.store, { subject: inboundShareSubject(message.shareId), actor: system.actor, reason: `Revoked by ${message.from}: ${message.reason}` });
          return;
        }
        case 'share-acknowledged.v1':
          await this.streams.execute(
            shareStreamId(message.shareId),
            shareDecider,
            (now): ShareCommandEnvelope => ({ type: 'RecordAcknowledgement', by: message.from, acknowledgedAt: message.acknowledgedAt, shareId: message.shareId, now, actor: system.actor, roles: [] }),
            system,
          );
          return;
        case 'share-revocation-confirmed.v1':
          await this.streams.execute(
            shareStreamId(message.shareId),
            shareDecider,
            (now): ShareCommandEnvelope => ({ type: 'RecordRevocationConfirmed', by: message.from, confirmedAt: message.confirmedAt, shareId: message.shareId, now, actor: system.actor, roles: [] }),
            system,
          );
          return;
      }
    } catch (error) {
      // A signed message from a peer that the share's rules refuse (not its share, no such share).
      if (error instanceof DomainError && (error.status === 403 || error.status === 404)) return this.refuse(message, context, 'not-allowed', error.message);
      throw error;
    }
  }

  private async refuse(message: ShareExchangeMessageV1, context: MessageContext, reason: ShareMessageRefusalReason, detail: string): Promise<never> {
    const event: ShareMessageRefused = {
      type: 'ShareMessageRefused',
      data: {
        messageId: context.messageId,
        messageType: message.type,
        shareId: message.shareId,
        claimedFrom: message.from,
        claimedTo: message.to,
        reason,
        detail,
        source: { topic: context.topic, partition: context.partition, offset: context.offset },
        refusedAt: new Date().toISOString(),
      },
    };
    // Recorded in the event store (kept when the message is set aside); the event id comes from the message id.
    await this.streams.store.append(SHARING_REFUSALS_STREAM, [
      { id: context.eventId(0), type: event.type, data: event.data, metadata: { actor: { userId: 'system:sharing-exchange', agencyId: this.directory.board.id }, reason: detail } },
    ]);
    this.logger.warn(`Refused ${message.type} ${context.messageId} (${reason}): ${detail}`);
    throw new MessageRejectedError(`${reason}: ${detail}`);
  }
}

function received(message: ShareSentV1, peer: { id: string; name: string; kind: 'board' | 'police'; topic: string }, to: string) {
  return {
    shareId: message.shareId,
    from: { id: peer.id, name: peer.name, kind: peer.kind, topic: peer.topic },
    to,
    messageId: message.messageId,
    label: message.label as TlpLabel,
    purpose: message.purpose,
    lawfulBasis: message.lawfulBasis,
    subjectInformed: message.subjectInformed,
    ...(message.handlingConditions ? { handlingConditions: message.handlingConditions } : {}),
    sentBy: { requestedBy: message.requestedBy, approvedBy: message.approvedBy },
    ...(message.onward ? { onward: message.onward } : {}),
    sentAt: message.sentAt,
    contentSummary: summariseContent(message.content),
    content: message.content as ShareContent,
  };
}

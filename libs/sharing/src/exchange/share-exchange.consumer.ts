import { Inject, Injectable, Logger } from '@nestjs/common';
import { ShareExchangeMessageV1, ShareExchangeV1, ShareSentV1 } from '@app/contracts';
import { CommandStreams, DomainError, StreamCommandContext, eraseSubjectThroughStreams, systemActor } from '@app/common';
import { IntegrationMessageConsumer, MESSAGING_SETTINGS, MessageConsumer, MessageContext, MessagingSettings, consumerGroup } from '@app/messaging';
import { inboundShareSubject } from '../inbound-share/inbound-share.events';
import { inboundShareStream } from '../inbound-share/inbound-share.stream';
import { ShareMessageRefusalReason } from '../refusals/sharing-refusal.events';
import { shareStream } from '../share/share.stream';
import { ShareContent, summariseContent } from '../shared/share-content';
import { TlpLabel } from '../shared/tlp';
import { checkSender, refuseSignedMessage } from './signed-messages';
import { SharingDirectory } from './sharing-directory';

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
    private readonly streams: CommandStreams,
    @Inject(MESSAGING_SETTINGS) settings: MessagingSettings,
  ) {
    this.topic = directory.board.topic;
    // The board id the directory has (the sharing settings'), with the messaging override, so the
    // group is this board's own however the process was put together.
    this.group = consumerGroup({ ...settings, SHARING_BOARD_ID: directory.board.id }, this.name, this.topic);
  }

  async handle(message: ShareExchangeMessageV1, context: MessageContext): Promise<void> {
    const board = this.directory.board;
    const sender = checkSender(this.directory, message);
    if (!('peer' in sender)) return this.refuse(message, context, sender.reason, sender.detail);
    const { peer } = sender;

    const system = this.system(message, context);
    try {
      switch (message.type) {
        case 'share-sent.v1':
          // The store seals the content under the received share's own key (sharing.personal-data.ts); a resend records nothing.
          await this.streams.handle(inboundShareStream, message.shareId, { type: 'ReceiveShare', data: received(message, peer, board.id) }, system);
          return;
        case 'share-revoked.v1':
          await this.streams.handle(
            inboundShareStream,
            message.shareId,
            { type: 'ApplyRevocation', from: message.from, reason: message.reason, revokedAt: message.revokedAt },
            { ...system, reason: message.reason },
          );
          // The key goes with the revocation (an erasure, idempotent): from now on the content reads as revoked everywhere.
          await eraseSubjectThroughStreams(this.streams, inboundShareSubject(message.shareId), `Revoked by ${message.from}: ${message.reason}`, { actor: system.actor });
          return;
        case 'share-acknowledged.v1':
          await this.streams.handle(shareStream, message.shareId, { type: 'RecordAcknowledgement', by: message.from, acknowledgedAt: message.acknowledgedAt }, system);
          return;
        case 'share-revocation-confirmed.v1':
          await this.streams.handle(shareStream, message.shareId, { type: 'RecordRevocationConfirmed', by: message.from, confirmedAt: message.confirmedAt }, system);
          return;
      }
    } catch (error) {
      // A signed message from a peer that the share's rules refuse (not its share, no such share),
      // or whose content could not be stored as it is (422, naming the fields): set aside, not retried.
      if (error instanceof DomainError && [403, 404, 422].includes(error.status)) return this.refuse(message, context, 'not-allowed', error.message);
      throw error;
    }
  }

  /** The exchange acting for this board; a redelivered message (same id) is answered as its first delivery. */
  private system(message: ShareExchangeMessageV1, context: MessageContext): StreamCommandContext {
    return { actor: systemActor('system:sharing-exchange', this.directory.board.id), request: message, idempotencyKey: context.messageId };
  }

  private refuse(message: ShareExchangeMessageV1, context: MessageContext, reason: ShareMessageRefusalReason, detail: string): Promise<never> {
    return refuseSignedMessage(this.streams, this.logger, { message, context, system: this.system(message, context), shareId: message.shareId }, reason, detail);
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

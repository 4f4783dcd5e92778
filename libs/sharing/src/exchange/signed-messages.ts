import { Logger } from '@nestjs/common';
import { CommandStreams, StreamCommandContext } from '@app/common';
import { MessageContext, MessageRejectedError } from '@app/messaging';
import { ShareMessageRefusalReason } from '../refusals/sharing-refusal.events';
import { sharingRefusalStream } from '../refusals/sharing-refusal.stream';
import { ConfiguredPeer } from '../sharing.settings';
import { verifyShareMessage } from './message-signing';
import { SharingDirectory } from './sharing-directory';

/** A signed message between boards as far as its envelope: who says it is from and for. */
export interface SignedMessage {
  type: string;
  from: string;
  to: string;
  signature: string;
}

/**
 * What every signed message between boards must be before it is applied (share messages and
 * problem profiles alike): addressed to this board, from a configured peer, with the signature of
 * the key this board's directory holds for that peer. Otherwise the refusal's reason and detail.
 */
export function checkSender(directory: SharingDirectory, message: SignedMessage): { peer: ConfiguredPeer } | { reason: ShareMessageRefusalReason; detail: string } {
  const board = directory.board;
  if (message.to !== board.id) return { reason: 'not-addressed-to-this-board', detail: `addressed to ${message.to}, this is ${board.id}` };
  const peer = directory.peer(message.from);
  if (!peer) return { reason: 'unknown-sender', detail: `${message.from} is not a configured peer of ${board.id}` };
  if (!verifyShareMessage(message, peer.publicKey)) return { reason: 'bad-signature', detail: `the signature is not ${message.from}'s` };
  return { peer };
}

/**
 * Refuses a message: recorded on `sharing-refusals` in the event store (kept when the message is
 * set aside; the message id as the key records a redelivery once), logged with ids only, then
 * thrown as rejected so the consumer sets it aside on the dead-letter topic.
 */
export async function refuseSignedMessage(
  streams: CommandStreams,
  logger: Logger,
  refusal: { message: SignedMessage; context: MessageContext; system: StreamCommandContext; shareId: string },
  reason: ShareMessageRefusalReason,
  detail: string,
): Promise<never> {
  const { message, context, system, shareId } = refusal;
  const data = {
    messageId: context.messageId,
    messageType: message.type,
    shareId,
    claimedFrom: message.from,
    claimedTo: message.to,
    reason,
    detail,
    source: { topic: context.topic, partition: context.partition, offset: context.offset },
  };
  await streams.handle(sharingRefusalStream, context.messageId, { type: 'RecordShareMessageRefused', data }, { ...system, idempotencyKey: context.messageId, reason: detail });
  logger.warn(`Refused ${message.type} ${context.messageId} (${reason}): ${detail}`);
  throw new MessageRejectedError(`${reason}: ${detail}`);
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ProblemProfileV1 } from '@app/contracts';
import { CommandStreams, StreamCommandContext, systemActor } from '@app/common';
import { IntegrationMessageConsumer, MESSAGING_SETTINGS, MessageConsumer, MessageContext, MessagingSettings, consumerGroup } from '@app/messaging';
import { ShareMessageRefusalReason, SharingDirectory, checkSender, refuseSignedMessage } from '@app/sharing';
import { profileContentHash, profileTopicOf } from './regional-profile.rules';
import { regionalReceiptsStream } from './regional.stream';

/**
 * This board's profile topic: neighbouring boards' problem profiles (strategy action 2.4). A profile
 * is recorded only when it is addressed to this board and signed by a configured board peer with
 * the key this board's directory holds for it, as share messages are; anything else is refused,
 * recorded with the refused share messages and set aside on the dead-letter topic.
 */
@Injectable()
@IntegrationMessageConsumer()
export class RegionalProfileConsumer implements MessageConsumer<ProblemProfileV1> {
  readonly name = 'regional-profiles';
  readonly topic: string;
  readonly group: string;
  readonly contract = ProblemProfileV1;
  private readonly logger = new Logger('RegionalPicture');

  constructor(
    private readonly directory: SharingDirectory,
    private readonly streams: CommandStreams,
    @Inject(MESSAGING_SETTINGS) settings: MessagingSettings,
  ) {
    this.topic = profileTopicOf(directory.board.topic);
    this.group = consumerGroup({ ...settings, SHARING_BOARD_ID: directory.board.id }, this.name, this.topic);
  }

  async handle(message: ProblemProfileV1, context: MessageContext): Promise<void> {
    const sender = checkSender(this.directory, message);
    if (!('peer' in sender)) return this.refuse(message, context, sender.reason, sender.detail);
    const { peer } = sender;
    if (peer.kind !== 'board') return this.refuse(message, context, 'not-allowed', `${message.from} is a ${peer.kind} peer: profiles are exchanged between boards`);

    const { messageId, profileId, period, suppressionThreshold, tables, sentAt } = message;
    await this.streams.handle(
      regionalReceiptsStream,
      peer.id,
      {
        type: 'RecordRegionalProfile',
        data: { messageId, profileId, peer: { id: peer.id, name: peer.name }, period, suppressionThreshold, tables, contentHash: profileContentHash(message), sentAt },
      },
      { ...this.system(message), eventIds: (i) => context.eventId(i) },
    );
  }

  private system(message: ProblemProfileV1): StreamCommandContext {
    return { actor: systemActor('system:regional-profiles', this.directory.board.id), request: { messageId: message.messageId } };
  }

  private refuse(message: ProblemProfileV1, context: MessageContext, reason: ShareMessageRefusalReason, detail: string): Promise<never> {
    // The refusals record names the share a message is about; a profile's own id takes its place.
    return refuseSignedMessage(this.streams, this.logger, { message, context, system: this.system(message), shareId: message.profileId }, reason, detail);
  }

}

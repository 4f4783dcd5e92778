import { Inject, Injectable } from '@nestjs/common';
import { IntelligenceAcknowledgedV1 } from '@app/contracts';
import { DomainError, systemActor } from '@app/common';
import { IntegrationMessageConsumer, MESSAGING_SETTINGS, MessageConsumer, MessageRejectedError, MessagingSettings, consumerGroup } from '@app/messaging';
import { PoliceAcknowledgements } from './police-acknowledgements';

/**
 * The police unit's acknowledgements on POLICE_ACKNOWLEDGEMENTS_TOPIC, validated against
 * intelligence-acknowledged.v1 by the consumer runner. One the domain refuses (an item never
 * sent, or never disseminated) is set aside on the dead-letter topic with the reason.
 */
@Injectable()
@IntegrationMessageConsumer()
export class PoliceAcknowledgementsConsumer implements MessageConsumer<IntelligenceAcknowledgedV1> {
  readonly name = 'police-acknowledgements';
  readonly contract = IntelligenceAcknowledgedV1;
  readonly topic: string;
  /** The board's own group for its topic: boards on one broker never share one (consumerGroup). */
  readonly group: string;

  constructor(
    private readonly acknowledgements: PoliceAcknowledgements,
    @Inject(MESSAGING_SETTINGS) settings: MessagingSettings,
  ) {
    this.topic = settings.POLICE_ACKNOWLEDGEMENTS_TOPIC;
    this.group = consumerGroup(settings, this.name, this.topic);
  }

  async handle(message: IntelligenceAcknowledgedV1): Promise<void> {
    // No user sends it: the platform records, as itself, what the unit put on its topic (the unit's
    // id as the agency). Only rules that say `system` accept the platform.
    const actor = systemActor('system:police-acknowledgements', message.unit.id);
    try {
      await this.acknowledgements.record(message, 'kafka', actor);
    } catch (error) {
      if (error instanceof DomainError) throw new MessageRejectedError(error.message);
      throw error;
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { IntelligenceAcknowledgedV1 } from '@app/contracts';
import { DomainError } from '@app/common';
import { IntegrationMessageConsumer, MESSAGING_SETTINGS, MessageConsumer, MessageRejectedError, MessagingSettings } from '@app/messaging';
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
  readonly group = 'safeguard.police-acknowledgements';

  constructor(
    private readonly acknowledgements: PoliceAcknowledgements,
    @Inject(MESSAGING_SETTINGS) settings: MessagingSettings,
  ) {
    this.topic = settings.POLICE_ACKNOWLEDGEMENTS_TOPIC;
  }

  async handle(message: IntelligenceAcknowledgedV1): Promise<void> {
    // The unit speaks for itself: its id is the agency; acknowledging is intelligence work.
    const actor = { userId: `police-unit:${message.unit.id}`.slice(0, 100), agencyId: message.unit.id, roles: ['intelligence-officer' as const] };
    try {
      await this.acknowledgements.record(message, 'kafka', actor);
    } catch (error) {
      if (error instanceof DomainError) throw new MessageRejectedError(error.message);
      throw error;
    }
  }
}

import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OUTBOX_MESSAGES } from '@app/common';
import { ProcessedMessageEntity } from './consumer/processed-message.entity';
import { InProcessMessageBus } from './in-process/in-process-message-bus';
import { KafkaMessageBus } from './kafka/kafka-message-bus';
import { MESSAGE_BUS, MessageBus } from './message-bus';
import { MESSAGING_OPTIONS, MessagingOptions, MessagingService } from './messaging.service';
import { MESSAGING_SETTINGS, MessagingSettings, kafkaBrokerList } from './messaging.settings';
import { OutboxMappers, OutboxWriter } from './outbox/outbox-writer';

/** Kafka when KAFKA_BROKERS is set, otherwise the in-process bus: chosen by configuration only. */
export function createMessageBus(settings: MessagingSettings): MessageBus {
  const brokers = kafkaBrokerList(settings);
  if (!brokers) return new InProcessMessageBus();
  const logger = new Logger('Kafka');
  return new KafkaMessageBus({
    brokers,
    clientId: settings.KAFKA_CLIENT_ID,
    sessionTimeoutMs: settings.KAFKA_SESSION_TIMEOUT_MS,
    // Through KafkaLogFilter: one line when the broker is lost and one when it is back, not one per retry.
    log: (level, message) => (level === 'error' ? logger.error(message) : level === 'warn' ? logger.warn(message) : level === 'info' ? logger.log(message) : logger.debug(message)),
  });
}

/**
 * Integration messaging: the message bus (`MESSAGE_BUS`), `OutboxWriter` for handlers whose
 * events cause messages, and, where `run` is set (where projections run), the outbox relay and
 * the `@IntegrationMessageConsumer()` providers. Needs the event store and the read-model
 * database (EventStoreModule, ProjectionsModule).
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(settings: MessagingSettings, options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule, TypeOrmModule.forFeature([ProcessedMessageEntity])],
      providers: [
        { provide: MESSAGING_SETTINGS, useValue: settings },
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: MESSAGE_BUS, useFactory: () => createMessageBus(settings) },
        OutboxMappers,
        OutboxWriter,
        // The common stream executor stores the messages its commands' events cause.
        { provide: OUTBOX_MESSAGES, useExisting: OutboxWriter },
        MessagingService,
      ],
      exports: [MESSAGING_SETTINGS, MESSAGE_BUS, OutboxWriter, OUTBOX_MESSAGES, MessagingService, TypeOrmModule],
    };
  }
}

import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Where integration messages go (DESIGN.md, "Messaging"). Apps mix these into their config schema
 * with `withMessagingSettings`, so they are validated at boot with everything else.
 */
export interface MessagingSettings {
  /** Kafka bootstrap brokers, `host:port[,host:port...]`. Unset: the in-process bus (embedded default). */
  KAFKA_BROKERS?: string;
  /** The client id this process gives Kafka (broker logs and quotas). */
  KAFKA_CLIENT_ID: string;
  /** The topic the police intelligence unit consumes (intelligence-disseminated.v1). */
  POLICE_FEED_TOPIC: string;
  /** The topic the unit's acknowledgements arrive on (intelligence-acknowledged.v1). */
  POLICE_ACKNOWLEDGEMENTS_TOPIC: string;
  /** How often the outbox relay looks for messages written by other processes (ms). */
  OUTBOX_RELAY_POLL_MS: number;
  /** The longest wait between attempts while the broker is down (ms; the back-off doubles up to it). */
  OUTBOX_RELAY_MAX_RETRY_MS: number;
}

export const MESSAGING_SETTINGS = Symbol('MESSAGING_SETTINGS');

export const DEFAULT_MESSAGING_SETTINGS: MessagingSettings = {
  KAFKA_BROKERS: undefined,
  KAFKA_CLIENT_ID: 'safeguard',
  POLICE_FEED_TOPIC: 'police.intelligence-feed',
  POLICE_ACKNOWLEDGEMENTS_TOPIC: 'police.intelligence-acknowledgements',
  // Polling is what a relay in another process (the projector) relies on: 100 ms keeps commit to
  // topic within DESIGN.md's 250 ms at p99 (npm run bench:feed).
  OUTBOX_RELAY_POLL_MS: 100,
  OUTBOX_RELAY_MAX_RETRY_MS: 30_000,
};

/** The brokers as a list, or undefined for the in-process bus. */
export function kafkaBrokerList(settings: Pick<MessagingSettings, 'KAFKA_BROKERS'>): string[] | undefined {
  const list = (settings.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  return list.length > 0 ? list : undefined;
}

const TOPIC = /^[A-Za-z0-9._-]{1,200}$/;
const BROKERS = /^\s*[A-Za-z0-9.-]+:\d{1,5}\s*(,\s*[A-Za-z0-9.-]+:\d{1,5}\s*)*$/;

type Constructor<T = object> = new (...args: any[]) => T;

/** Adds the messaging settings, with their defaults, to an app's config schema. */
export function withMessagingSettings<TBase extends Constructor>(Base: TBase) {
  class WithMessagingSettings extends Base implements MessagingSettings {
    @Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value))
    @IsOptional()
    @Matches(BROKERS, { message: 'KAFKA_BROKERS must be host:port, or several separated by commas' })
    KAFKA_BROKERS?: string = DEFAULT_MESSAGING_SETTINGS.KAFKA_BROKERS;

    @IsString()
    @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_CLIENT_ID must be letters, digits, dots, dashes or underscores' })
    KAFKA_CLIENT_ID = DEFAULT_MESSAGING_SETTINGS.KAFKA_CLIENT_ID;

    @Matches(TOPIC, { message: 'POLICE_FEED_TOPIC must be a Kafka topic name (letters, digits, ., _ and -)' })
    POLICE_FEED_TOPIC = DEFAULT_MESSAGING_SETTINGS.POLICE_FEED_TOPIC;

    @Matches(TOPIC, { message: 'POLICE_ACKNOWLEDGEMENTS_TOPIC must be a Kafka topic name (letters, digits, ., _ and -)' })
    POLICE_ACKNOWLEDGEMENTS_TOPIC = DEFAULT_MESSAGING_SETTINGS.POLICE_ACKNOWLEDGEMENTS_TOPIC;

    @Type(() => Number)
    @IsInt()
    @Min(10)
    @Max(60_000)
    OUTBOX_RELAY_POLL_MS = DEFAULT_MESSAGING_SETTINGS.OUTBOX_RELAY_POLL_MS;

    @Type(() => Number)
    @IsInt()
    @Min(100)
    @Max(600_000)
    OUTBOX_RELAY_MAX_RETRY_MS = DEFAULT_MESSAGING_SETTINGS.OUTBOX_RELAY_MAX_RETRY_MS;
  }
  return WithMessagingSettings;
}

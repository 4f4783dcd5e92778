import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';

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
  /** Days a sent outbox message is kept after it was sent (0: kept for ever). Unsent ones are never pruned. */
  OUTBOX_RETENTION_DAYS: number;
  /**
   * Days a consumer keeps the record of a message it handled (0: kept for ever). Must exceed the
   * longest time a message can be redelivered (the consumed topics' retention, Kafka's default 7
   * days): a message redelivered after its record is pruned would be handled again.
   */
  PROCESSED_MESSAGES_RETENTION_DAYS: number;
  /** How often (minutes) the pruner runs where the relay runs. */
  OUTBOX_PRUNE_INTERVAL_MINUTES: number;
  /**
   * This board's id (the setting sharing names peers by): every process of one board derives the
   * same consumer groups from it, and two boards on one broker never share a group.
   */
  SHARING_BOARD_ID: string;
  /** Overrides the start of every consumer group's id (`<prefix>.<consumer>.<topic>`); unset: `safeguard.<SHARING_BOARD_ID>`. */
  KAFKA_CONSUMER_GROUP_PREFIX?: string;
  /**
   * How long the broker waits for a consumer that stopped answering before handing its partitions
   * to another process (kill -9 of the active projector). Must lie within the broker's
   * group.min.session.timeout.ms (6 s by default) and group.max.session.timeout.ms; lower the
   * broker's minimum to fail over in under 5 s, as the local broker and docker-compose do.
   */
  KAFKA_SESSION_TIMEOUT_MS: number;
}

/** Kafka's default topic retention (log.retention.hours=168), the least a processed-message window may be. */
export const KAFKA_DEFAULT_RETENTION_DAYS = 7;

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
  OUTBOX_RETENTION_DAYS: 7,
  // Generous: well beyond Kafka's default 7-day retention, so a redelivery always finds its record.
  PROCESSED_MESSAGES_RETENTION_DAYS: 30,
  OUTBOX_PRUNE_INTERVAL_MINUTES: 60,
  SHARING_BOARD_ID: 'local-board',
  KAFKA_CONSUMER_GROUP_PREFIX: undefined,
  KAFKA_SESSION_TIMEOUT_MS: 6000,
};

/**
 * The consumer group a consumer of this board joins for a topic: per board and topic, so boards
 * sharing a broker (as cross-border sharing has them) never join one group. In a shared group the
 * leader hands out only the topics it subscribes to itself, and another board's topic is never read.
 */
export function consumerGroup(settings: Pick<MessagingSettings, 'SHARING_BOARD_ID' | 'KAFKA_CONSUMER_GROUP_PREFIX'>, consumer: string, topic: string): string {
  const prefix = settings.KAFKA_CONSUMER_GROUP_PREFIX ?? `safeguard.${settings.SHARING_BOARD_ID}`;
  return `${prefix}.${consumer}.${topic}`;
}

/** The brokers as a list, or undefined for the in-process bus. */
export function kafkaBrokerList(settings: Pick<MessagingSettings, 'KAFKA_BROKERS'>): string[] | undefined {
  const list = (settings.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  return list.length > 0 ? list : undefined;
}

const TOPIC = /^[A-Za-z0-9._-]{1,200}$/;
const BOARD_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const BROKERS = /^\s*[A-Za-z0-9.-]+:\d{1,5}\s*(,\s*[A-Za-z0-9.-]+:\d{1,5}\s*)*$/;

/** 0 (off), or a whole number of days from `min` to 3650. */
function ZeroOrDaysFrom(min: number) {
  return ValidateBy({
    name: 'zeroOrDaysFrom',
    validator: {
      validate: (value: unknown) => Number.isInteger(value) && ((value as number) === 0 || ((value as number) >= min && (value as number) <= 3650)),
      defaultMessage: (args) => `${args?.property} must be 0 (keep for ever) or a whole number of days from ${min} to 3650`,
    },
  });
}

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

    @Type(() => Number)
    @ZeroOrDaysFrom(1)
    OUTBOX_RETENTION_DAYS = DEFAULT_MESSAGING_SETTINGS.OUTBOX_RETENTION_DAYS;

    // Never below Kafka's default retention: a shorter window would let redeliveries through.
    @Type(() => Number)
    @ZeroOrDaysFrom(KAFKA_DEFAULT_RETENTION_DAYS)
    PROCESSED_MESSAGES_RETENTION_DAYS = DEFAULT_MESSAGING_SETTINGS.PROCESSED_MESSAGES_RETENTION_DAYS;

    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(10_080)
    OUTBOX_PRUNE_INTERVAL_MINUTES = DEFAULT_MESSAGING_SETTINGS.OUTBOX_PRUNE_INTERVAL_MINUTES;

    // Declared here too (the sharing settings declare it with the same rule): every process that
    // consumes needs the board's id for its groups, with or without the sharing context.
    @Matches(BOARD_ID, { message: 'SHARING_BOARD_ID must be an identifier (letters, digits, ._:-)' })
    SHARING_BOARD_ID = DEFAULT_MESSAGING_SETTINGS.SHARING_BOARD_ID;

    @Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value))
    @IsOptional()
    @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'KAFKA_CONSUMER_GROUP_PREFIX must be letters, digits, dots, colons, dashes or underscores (at most 100)' })
    KAFKA_CONSUMER_GROUP_PREFIX?: string = DEFAULT_MESSAGING_SETTINGS.KAFKA_CONSUMER_GROUP_PREFIX;

    @Type(() => Number)
    @IsInt()
    @Min(1000)
    @Max(300_000)
    KAFKA_SESSION_TIMEOUT_MS = DEFAULT_MESSAGING_SETTINGS.KAFKA_SESSION_TIMEOUT_MS;
  }
  return WithMessagingSettings;
}

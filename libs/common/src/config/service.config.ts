import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { LOG_LEVELS, LogFormat, LogLevelSetting } from '../logging/logger';
import { parseBoolean } from './validate-config';

/**
 * Settings shared by every process that touches the event store and the read models. Each app
 * extends this class with its own settings and defaults: one schema per app, validated at boot.
 * `.env.example` documents every setting.
 */
export class StorageConfig {
  /** Where events are stored: embedded SQLite (default), PostgreSQL, or EventStoreDB. */
  @IsIn(['sqlite', 'postgres', 'eventstoredb'])
  EVENT_STORE_ADAPTER: 'sqlite' | 'postgres' | 'eventstoredb' = 'sqlite';

  @ValidateIf((c: StorageConfig) => c.EVENT_STORE_ADAPTER === 'sqlite')
  @IsString()
  @IsNotEmpty()
  EVENT_STORE_SQLITE_PATH = './data/events.sqlite';

  @ValidateIf((c: StorageConfig) => c.EVENT_STORE_ADAPTER === 'postgres')
  @Matches(/^postgres(ql)?:\/\//, { message: 'EVENT_STORE_POSTGRES_URL must be a postgres:// URL when EVENT_STORE_ADAPTER=postgres' })
  EVENT_STORE_POSTGRES_URL?: string;

  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'EVENT_STORE_POSTGRES_SCHEMA must be a plain lower-case identifier' })
  EVENT_STORE_POSTGRES_SCHEMA = 'public';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  EVENT_STORE_POSTGRES_POOL_SIZE = 20;

  /**
   * Connections of the event store's pool opened at start and kept open while they work (the subject
   * keys' pool keeps one); the event store's are primed (es_append compiled) before the first request.
   * More are opened up to the pool size under load and closed after a minute unused. Every process of
   * a deployment opens them. Unset: 2, or the pool size if smaller.
   */
  @Transform(emptyNumberAsUnset)
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @ValidateBy({
    name: 'notAbovePoolSize',
    validator: {
      validate: (value: unknown, args) => typeof value === 'number' && value <= (args?.object as StorageConfig).EVENT_STORE_POSTGRES_POOL_SIZE,
      defaultMessage: () => 'EVENT_STORE_POSTGRES_POOL_MIN must not be above EVENT_STORE_POSTGRES_POOL_SIZE',
    },
  })
  EVENT_STORE_POSTGRES_POOL_MIN?: number;

  @ValidateIf((c: StorageConfig) => c.EVENT_STORE_ADAPTER === 'eventstoredb')
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kdb):\/\//, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string when EVENT_STORE_ADAPTER=eventstoredb',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  /**
   * Base64 of 32 random bytes (`openssl rand -base64 32`): wraps each data subject's key. Required
   * in production; from a secret store, never committed.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'PERSONAL_DATA_MASTER_KEY must be base64 of 32 random bytes (openssl rand -base64 32)' })
  PERSONAL_DATA_MASTER_KEY?: string;

  /** Development only, without PERSONAL_DATA_MASTER_KEY: a master key generated into this file on first start. */
  @IsString()
  @IsNotEmpty()
  PERSONAL_DATA_MASTER_KEY_FILE = './data/personal-data-master.key';

  /** Where subjects' keys live when they cannot live with the events (EventStoreDB; SQLite uses `<events>.keys.sqlite`). */
  @IsOptional()
  @IsString()
  PERSONAL_DATA_KEYS_SQLITE_PATH?: string;

  /** Subjects' keys in a PostgreSQL database every process reaches: needed with EventStoreDB when several processes run. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'PERSONAL_DATA_KEYS_POSTGRES_URL must be a postgres:// URL' })
  PERSONAL_DATA_KEYS_POSTGRES_URL?: string;

  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'PERSONAL_DATA_KEYS_POSTGRES_SCHEMA must be a plain lower-case identifier' })
  PERSONAL_DATA_KEYS_POSTGRES_SCHEMA = 'subject_keys';

  /** Where the read models (projections) and their checkpoints live. */
  @IsIn(['sqlite', 'postgres'])
  READ_MODEL_DB: 'sqlite' | 'postgres' = 'sqlite';

  @ValidateIf((c: StorageConfig) => c.READ_MODEL_DB === 'sqlite')
  @IsString()
  @IsNotEmpty()
  READ_MODEL_SQLITE_PATH = './data/read-models.sqlite';

  @ValidateIf((c: StorageConfig) => c.READ_MODEL_DB === 'postgres')
  @Matches(/^postgres(ql)?:\/\//, { message: 'READ_MODEL_POSTGRES_URL must be a postgres:// URL when READ_MODEL_DB=postgres' })
  READ_MODEL_POSTGRES_URL?: string;

  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'READ_MODEL_POSTGRES_SCHEMA must be a plain lower-case identifier' })
  READ_MODEL_POSTGRES_SCHEMA = 'public';

  /** Run the projections in this process (the platform does; services behind a projector do not). */
  @Transform(parseBoolean)
  @IsBoolean()
  PROJECTIONS_RUN = true;

  /**
   * The least severe log lines written: fatal, error, warn, info, debug, trace or silent (Nest's
   * `log` and `verbose` mean info and trace). Unset: info (warn under jest).
   */
  @Transform(emptyAsUnset)
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevelSetting;

  /** json: one JSON object per line; text: one readable line. Unset: json when NODE_ENV or APP_ENV is production, else text. */
  @Transform(emptyAsUnset)
  @IsOptional()
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' })
  LOG_FORMAT?: LogFormat;

  /** How often a live projection looks for events written by other processes. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  PROJECTIONS_POLL_MS = 250;

  /**
   * How long the lease of a projection runner or of the outbox relay lasts unrenewed (renewed every
   * quarter of it). After a crash a standby process takes over within about this long, so a short
   * lease is a fast failover; too short for the database's worst pauses and runners lose leases
   * that they still hold (harmless: every write is fenced, but work is redone).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(300_000)
  FAILOVER_LEASE_MS = 4000;
}

/** An empty setting (`LOG_FORMAT=` copied from .env.example) means unset. */
function emptyAsUnset({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** The same for a number: what the setting said, before it was converted (an empty string makes 0). */
function emptyNumberAsUnset({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }): unknown {
  const raw = obj[key];
  return typeof raw === 'string' && raw.trim() === '' ? undefined : value;
}

export class HttpConfig extends StorageConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** The address to listen on; 127.0.0.1 unless deployed behind a proxy. */
  @IsString()
  HOST = '127.0.0.1';

  /** The largest request body accepted (e.g. 256kb, 1mb); a larger one is refused with 413 before it is read. */
  @Matches(/^\d{1,6}(b|kb|mb)$/, { message: 'HTTP_BODY_LIMIT must be a size such as 256kb or 1mb' })
  HTTP_BODY_LIMIT = '256kb';

  /**
   * Browser origins allowed to call the API (CORS), comma-separated, e.g. https://console.board.example.
   * Unset: none, so browsers refuse cross-origin calls (closed by default).
   */
  @Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value))
  @IsOptional()
  @Matches(/^\s*https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\s*(,\s*https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\s*)*$/, {
    message: 'CORS_ORIGINS must be origins such as https://console.board.example, separated by commas',
  })
  CORS_ORIGINS?: string;
}

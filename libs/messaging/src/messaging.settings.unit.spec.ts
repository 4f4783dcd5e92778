import { ConfigError, loadConfig } from '@app/common';
import { kafkaBrokerList, withMessagingSettings } from './messaging.settings';

class Settings extends withMessagingSettings(class {}) {}

describe('messaging settings', () => {
  it('default to the in-process bus and the documented topics', () => {
    const settings = loadConfig(Settings, {});
    expect(settings).toMatchObject({
      KAFKA_CLIENT_ID: 'safeguard',
      POLICE_FEED_TOPIC: 'police.intelligence-feed',
      POLICE_ACKNOWLEDGEMENTS_TOPIC: 'police.intelligence-acknowledgements',
      OUTBOX_RELAY_POLL_MS: 100,
      OUTBOX_RELAY_MAX_RETRY_MS: 30_000,
    });
    expect(kafkaBrokerList(settings)).toBeUndefined();
    expect(kafkaBrokerList(loadConfig(Settings, { KAFKA_BROKERS: '' }))).toBeUndefined();
  });

  it('choose Kafka when brokers are given', () => {
    expect(kafkaBrokerList(loadConfig(Settings, { KAFKA_BROKERS: '10.0.0.5:9092, kafka-2.internal:9093' }))).toEqual(['10.0.0.5:9092', 'kafka-2.internal:9093']);
  });

  it('name every wrong setting, never its value', () => {
    const attempt = () =>
      loadConfig(Settings, { KAFKA_BROKERS: 'kafka-without-port', POLICE_FEED_TOPIC: 'police feed', OUTBOX_RELAY_POLL_MS: '5', KAFKA_CLIENT_ID: 'a b' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KAFKA_BROKERS: KAFKA_BROKERS must be host:port/);
    expect(attempt).toThrow(/POLICE_FEED_TOPIC: POLICE_FEED_TOPIC must be a Kafka topic name/);
    expect(attempt).toThrow(/OUTBOX_RELAY_POLL_MS: OUTBOX_RELAY_POLL_MS must not be less than 10/);
    expect(attempt).toThrow(/KAFKA_CLIENT_ID/);
    expect(attempt).not.toThrow(/kafka-without-port|police feed/);
  });
});

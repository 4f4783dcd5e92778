import { ConfigError, loadConfig } from '@app/common';
import { withMessagingSettings } from '../messaging.settings';

class Settings extends withMessagingSettings(class {}) {}

describe('message retention settings', () => {
  it('default to 7 days for sent outbox messages, 30 for processed-message records, pruning hourly', () => {
    expect(loadConfig(Settings, {})).toMatchObject({ OUTBOX_RETENTION_DAYS: 7, PROCESSED_MESSAGES_RETENTION_DAYS: 30, OUTBOX_PRUNE_INTERVAL_MINUTES: 60 });
  });

  it('take 0 to keep everything, and whole numbers of days', () => {
    expect(loadConfig(Settings, { OUTBOX_RETENTION_DAYS: '0', PROCESSED_MESSAGES_RETENTION_DAYS: '0' })).toMatchObject({
      OUTBOX_RETENTION_DAYS: 0,
      PROCESSED_MESSAGES_RETENTION_DAYS: 0,
    });
    expect(loadConfig(Settings, { OUTBOX_RETENTION_DAYS: '1', PROCESSED_MESSAGES_RETENTION_DAYS: '7', OUTBOX_PRUNE_INTERVAL_MINUTES: '5' })).toMatchObject({
      OUTBOX_RETENTION_DAYS: 1,
      PROCESSED_MESSAGES_RETENTION_DAYS: 7,
      OUTBOX_PRUNE_INTERVAL_MINUTES: 5,
    });
  });

  it('refuse a processed-message window shorter than Kafka’s default retention, naming the setting', () => {
    const attempt = () => loadConfig(Settings, { PROCESSED_MESSAGES_RETENTION_DAYS: '3' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PROCESSED_MESSAGES_RETENTION_DAYS: PROCESSED_MESSAGES_RETENTION_DAYS must be 0 \(keep for ever\) or a whole number of days from 7 to 3650/);
  });

  it('name every wrong setting', () => {
    const attempt = () =>
      loadConfig(Settings, { OUTBOX_RETENTION_DAYS: '-1', PROCESSED_MESSAGES_RETENTION_DAYS: '30.5', OUTBOX_PRUNE_INTERVAL_MINUTES: '0' });
    expect(attempt).toThrow(/OUTBOX_RETENTION_DAYS: OUTBOX_RETENTION_DAYS must be 0 \(keep for ever\) or a whole number of days from 1 to 3650/);
    expect(attempt).toThrow(/PROCESSED_MESSAGES_RETENTION_DAYS/);
    expect(attempt).toThrow(/OUTBOX_PRUNE_INTERVAL_MINUTES: OUTBOX_PRUNE_INTERVAL_MINUTES must not be less than 1/);
    expect(() => loadConfig(Settings, { OUTBOX_RETENTION_DAYS: 'week' })).toThrow(/OUTBOX_RETENTION_DAYS/);
    expect(() => loadConfig(Settings, { OUTBOX_RETENTION_DAYS: '3651' })).toThrow(/OUTBOX_RETENTION_DAYS/);
    expect(() => loadConfig(Settings, { OUTBOX_PRUNE_INTERVAL_MINUTES: '10081' })).toThrow(/OUTBOX_PRUNE_INTERVAL_MINUTES must not be greater than 10080/);
  });
});

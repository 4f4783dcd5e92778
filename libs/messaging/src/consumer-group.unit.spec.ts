import { ConfigError, loadConfig } from '@app/common';
import { consumerGroup, withMessagingSettings } from './messaging.settings';

class Settings extends withMessagingSettings(class {}) {}

describe('consumer groups', () => {
  it('are per board and topic, from SHARING_BOARD_ID', () => {
    const northmoor = loadConfig(Settings, { SHARING_BOARD_ID: 'northmoor-lscb' });
    const westmoor = loadConfig(Settings, { SHARING_BOARD_ID: 'westmoor-lscb' });
    expect(consumerGroup(northmoor, 'police-acknowledgements', 'police.acks')).toBe('safeguard.northmoor-lscb.police-acknowledgements.police.acks');
    expect(consumerGroup(westmoor, 'police-acknowledgements', 'police.acks')).not.toBe(consumerGroup(northmoor, 'police-acknowledgements', 'police.acks'));
    expect(consumerGroup(northmoor, 'police-acknowledgements', 'other.acks')).not.toBe(consumerGroup(northmoor, 'police-acknowledgements', 'police.acks'));
    expect(consumerGroup(loadConfig(Settings, {}), 'sharing-exchange', 't')).toBe('safeguard.local-board.sharing-exchange.t');
  });

  it('take KAFKA_CONSUMER_GROUP_PREFIX instead when it is set (an empty one is unset)', () => {
    expect(consumerGroup(loadConfig(Settings, { SHARING_BOARD_ID: 'northmoor-lscb', KAFKA_CONSUMER_GROUP_PREFIX: 'ops.northmoor' }), 'police-acknowledgements', 'acks')).toBe(
      'ops.northmoor.police-acknowledgements.acks',
    );
    expect(consumerGroup(loadConfig(Settings, { KAFKA_CONSUMER_GROUP_PREFIX: ' ' }), 'c', 't')).toBe('safeguard.local-board.c.t');
  });

  it('refuse a prefix or board id that cannot name a group, naming the setting', () => {
    const attempt = () => loadConfig(Settings, { KAFKA_CONSUMER_GROUP_PREFIX: 'ops team', SHARING_BOARD_ID: '-board' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KAFKA_CONSUMER_GROUP_PREFIX: KAFKA_CONSUMER_GROUP_PREFIX must be/);
    expect(attempt).toThrow(/SHARING_BOARD_ID: SHARING_BOARD_ID must be an identifier/);
  });
});

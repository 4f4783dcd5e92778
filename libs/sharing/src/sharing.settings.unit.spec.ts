import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '@app/common';
import { parsePeers, withSharingSettings } from './sharing.settings';

class Settings extends withSharingSettings(class {}) {}
const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
const peer = { id: 'westmoor-lscb', name: 'Westmoor LSCB', kind: 'board', topic: 'safeguard.shares.westmoor-lscb', publicKey, allowedLabels: ['AMBER'] };

describe('sharing settings', () => {
  it('reads the peers, their topics, labels and keys (PEM with escaped newlines too)', () => {
    const escaped = { ...peer, id: 'tvp', kind: 'police', publicKey: publicKey.replace(/\n/g, '\\n') };
    const { peers, problems } = parsePeers(JSON.stringify([peer, escaped]), 'brightfield-lscb');
    expect(problems).toEqual([]);
    expect(peers.map(({ publicKey: key, ...rest }) => ({ ...rest, key: key.asymmetricKeyType }))).toEqual([
      { id: 'westmoor-lscb', name: 'Westmoor LSCB', kind: 'board', topic: 'safeguard.shares.westmoor-lscb', allowedLabels: ['AMBER'], key: 'ed25519' },
      { id: 'tvp', name: 'Westmoor LSCB', kind: 'police', topic: 'safeguard.shares.westmoor-lscb', allowedLabels: ['AMBER'], key: 'ed25519' },
    ]);
  });

  it('names each peer and field that is wrong, never the key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const { problems } = parsePeers(
      JSON.stringify([peer, { ...peer }, { ...peer, id: 'brightfield-lscb' }, { ...peer, id: 'x', kind: 'council', topic: 'has space', allowedLabels: ['PURPLE'], publicKey: rsa }]),
      'brightfield-lscb',
    );
    expect(problems).toEqual([
      'SHARING_PEERS[1].id westmoor-lscb appears twice',
      "SHARING_PEERS[2].id is this board's own id",
      'SHARING_PEERS[3].kind must be "board" or "police"',
      'SHARING_PEERS[3].topic must be a Kafka topic name',
      'SHARING_PEERS[3].allowedLabels must list one or more of CLEAR, GREEN, AMBER, AMBER+STRICT, RED',
      "SHARING_PEERS[3].publicKey must be the peer's Ed25519 public key (PEM or base64 DER)",
    ]);
    expect(parsePeers('{', undefined).problems).toEqual(['SHARING_PEERS is not JSON']);
  });

  it('is checked at boot with everything else', () => {
    expect(loadConfig(Settings, {})).toMatchObject({ SHARING_BOARD_ID: 'local-board', SHARING_PEERS: '[]', SHARING_TOPIC: undefined });
    expect(() => loadConfig(Settings, { SHARING_PEERS: '[{"id":"x"}]' })).toThrow(ConfigError);
    expect(() => loadConfig(Settings, { SHARING_PEERS: '[{"id":"x"}]' })).toThrow(/SHARING_PEERS\[0\]\.name is required/);
  });
});

import { createPublicKey, KeyObject } from 'node:crypto';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import type { SharingPeer } from './shared/peer';
import { TLP_LABELS, isTlpLabel } from './shared/tlp';

/**
 * Who this board is and whom it shares with (DOMAIN.md, "Cross-border sharing"). Apps mix these
 * into their config schema with `withSharingSettings`, validated at boot with everything else.
 */
export interface SharingSettings {
  /** This board's (or force's) id, as its peers name it in `from`/`to`. */
  SHARING_BOARD_ID: string;
  SHARING_BOARD_NAME: string;
  /** The topic this board consumes shares on; default `safeguard.shares.<SHARING_BOARD_ID>`. */
  SHARING_TOPIC?: string;
  /**
   * JSON array of peers: `[{"id","name","kind":"board"|"police","topic","publicKey","allowedLabels":[...]}]`;
   * `publicKey` is the peer's Ed25519 public key (PEM, `\n` escaped, or base64 DER).
   */
  SHARING_PEERS: string;
  /** This board's Ed25519 private key (PKCS#8 PEM with `\n` escaped, or base64 DER). Unset: SHARING_SIGNING_KEY_FILE. */
  SHARING_SIGNING_KEY?: string;
  /** Where the signing key is kept when SHARING_SIGNING_KEY is unset; generated on first start (never commit it). */
  SHARING_SIGNING_KEY_FILE: string;
}

export const SHARING_SETTINGS = Symbol('SHARING_SETTINGS');

export const DEFAULT_SHARING_SETTINGS: SharingSettings = {
  SHARING_BOARD_ID: 'local-board',
  SHARING_BOARD_NAME: 'This safeguarding board',
  SHARING_TOPIC: undefined,
  SHARING_PEERS: '[]',
  SHARING_SIGNING_KEY: undefined,
  SHARING_SIGNING_KEY_FILE: './data/sharing-signing-key.pem',
};

/** A configured peer with the key its messages are verified with. */
export interface ConfiguredPeer extends SharingPeer {
  publicKey: KeyObject;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const TOPIC = /^[A-Za-z0-9._-]{1,200}$/;

/** An Ed25519 key from PEM (with `\n` escaped or not) or base64 DER. */
export function keyText(value: string): { key: string | Buffer; format: 'pem' | 'der' } {
  const trimmed = value.trim();
  if (trimmed.includes('-----BEGIN')) return { key: trimmed.replace(/\\n/g, '\n'), format: 'pem' };
  return { key: Buffer.from(trimmed, 'base64'), format: 'der' };
}

export function parsePublicKey(value: string): KeyObject {
  const { key, format } = keyText(value);
  const publicKey = format === 'pem' ? createPublicKey(key) : createPublicKey({ key: key as Buffer, format: 'der', type: 'spki' });
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('is not an Ed25519 public key');
  return publicKey;
}

/** The peers in SHARING_PEERS, or the problems with it (each naming the peer and field, never a key). */
export function parsePeers(json: string, boardId?: string): { peers: ConfiguredPeer[]; problems: string[] } {
  const problems: string[] = [];
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return { peers: [], problems: ['SHARING_PEERS is not JSON'] };
  }
  if (!Array.isArray(list)) return { peers: [], problems: ['SHARING_PEERS must be a JSON array of peers'] };
  const peers: ConfiguredPeer[] = [];
  const seen = new Set<string>();
  list.forEach((raw: Record<string, unknown>, i) => {
    const at = `SHARING_PEERS[${i}]`;
    if (typeof raw !== 'object' || raw === null) return problems.push(`${at} must be an object`);
    const before = problems.length;
    if (typeof raw.id !== 'string' || !ID.test(raw.id)) problems.push(`${at}.id must be an identifier (letters, digits, ._:-)`);
    else if (seen.has(raw.id)) problems.push(`${at}.id ${raw.id} appears twice`);
    else if (raw.id === boardId) problems.push(`${at}.id is this board's own id`);
    if (typeof raw.name !== 'string' || raw.name.trim() === '') problems.push(`${at}.name is required`);
    if (raw.kind !== 'board' && raw.kind !== 'police') problems.push(`${at}.kind must be "board" or "police"`);
    if (typeof raw.topic !== 'string' || !TOPIC.test(raw.topic)) problems.push(`${at}.topic must be a Kafka topic name`);
    if (!Array.isArray(raw.allowedLabels) || raw.allowedLabels.length === 0 || !raw.allowedLabels.every(isTlpLabel)) {
      problems.push(`${at}.allowedLabels must list one or more of ${TLP_LABELS.join(', ')}`);
    }
    let publicKey: KeyObject | undefined;
    try {
      publicKey = parsePublicKey(String(raw.publicKey ?? ''));
    } catch {
      problems.push(`${at}.publicKey must be the peer's Ed25519 public key (PEM or base64 DER)`);
    }
    if (problems.length > before) return;
    seen.add(raw.id as string);
    peers.push({
      id: raw.id as string,
      name: (raw.name as string).trim(),
      kind: raw.kind as 'board' | 'police',
      topic: raw.topic as string,
      allowedLabels: raw.allowedLabels as SharingPeer['allowedLabels'],
      publicKey: publicKey!,
    });
  });
  return { peers, problems };
}

type Constructor<T = object> = new (...args: any[]) => T;
const emptyToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Adds the sharing settings, with their defaults, to an app's config schema. */
export function withSharingSettings<TBase extends Constructor>(Base: TBase) {
  class WithSharingSettings extends Base implements SharingSettings {
    @Matches(ID, { message: 'SHARING_BOARD_ID must be an identifier (letters, digits, ._:-)' })
    SHARING_BOARD_ID = DEFAULT_SHARING_SETTINGS.SHARING_BOARD_ID;

    @IsString()
    SHARING_BOARD_NAME = DEFAULT_SHARING_SETTINGS.SHARING_BOARD_NAME;

    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(TOPIC, { message: 'SHARING_TOPIC must be a Kafka topic name (letters, digits, ., _ and -)' })
    SHARING_TOPIC?: string = DEFAULT_SHARING_SETTINGS.SHARING_TOPIC;

    @ValidateBy({
      name: 'isSharingPeers',
      validator: {
        validate: (value: unknown, args) => typeof value === 'string' && parsePeers(value, (args?.object as SharingSettings).SHARING_BOARD_ID).problems.length === 0,
        defaultMessage: (args) => parsePeers(String(args?.value), (args?.object as SharingSettings).SHARING_BOARD_ID).problems.join('; '),
      },
    })
    SHARING_PEERS = DEFAULT_SHARING_SETTINGS.SHARING_PEERS;

    @Transform(emptyToUndefined)
    @IsOptional()
    @IsString()
    SHARING_SIGNING_KEY?: string = DEFAULT_SHARING_SETTINGS.SHARING_SIGNING_KEY;

    @IsString()
    SHARING_SIGNING_KEY_FILE = DEFAULT_SHARING_SETTINGS.SHARING_SIGNING_KEY_FILE;
  }
  return WithSharingSettings;
}

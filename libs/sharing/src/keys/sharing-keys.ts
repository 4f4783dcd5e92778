import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SharingSettings, keyText } from '../sharing.settings';

/** This board's keys: the Ed25519 key it signs share messages with, and the master key that wraps content keys. */
export interface SharingKeys {
  signingKey: KeyObject;
  /** PEM (SPKI): what peers configure as this board's `publicKey`. */
  publicKeyPem: string;
  masterKey: Buffer;
}

export const SHARING_KEYS = Symbol('SHARING_KEYS');

/**
 * The keys from configuration, or, for the embedded default, from local files generated on first
 * start (mode 0600, under ./data, never committed). A production board sets both keys from its
 * secret store.
 */
export function loadSharingKeys(settings: SharingSettings): SharingKeys {
  const signingKey = settings.SHARING_SIGNING_KEY ? privateKeyFrom(settings.SHARING_SIGNING_KEY) : privateKeyFrom(fileOrNew(settings.SHARING_SIGNING_KEY_FILE, newSigningKeyPem));
  if (signingKey.asymmetricKeyType !== 'ed25519') throw new Error('SHARING_SIGNING_KEY is not an Ed25519 private key');
  const master = Buffer.from(settings.SHARING_MASTER_KEY ?? fileOrNew(settings.SHARING_MASTER_KEY_FILE, () => randomBytes(32).toString('base64')).trim(), 'base64');
  if (master.length !== 32) throw new Error('The sharing master key must be 32 bytes (base64)');
  return { signingKey, publicKeyPem: createPublicKey(signingKey).export({ format: 'pem', type: 'spki' }).toString(), masterKey: master };
}

function privateKeyFrom(value: string): KeyObject {
  const { key, format } = keyText(value);
  return format === 'pem' ? createPrivateKey(key) : createPrivateKey({ key: key as Buffer, format: 'der', type: 'pkcs8' });
}

function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

function fileOrNew(path: string, create: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8');
  mkdirSync(dirname(path), { recursive: true });
  const value = create();
  try {
    writeFileSync(path, value, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made it first: use theirs, so every process of this board shares one key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(path, 'utf8');
  }
  return value;
}

import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SharingSettings, keyText } from '../sharing.settings';

/** This board's signing key: the Ed25519 key it signs share messages with (received content is sealed by the event store). */
export interface SharingKeys {
  signingKey: KeyObject;
  /** PEM (SPKI): what peers configure as this board's `publicKey`. */
  publicKeyPem: string;
}

export const SHARING_KEYS = Symbol('SHARING_KEYS');

/**
 * The key from configuration, or, for the embedded default, from a local file generated on first
 * start (mode 0600, under ./data, never committed). A production board sets it from its secret
 * store.
 */
export function loadSharingKeys(settings: SharingSettings): SharingKeys {
  const signingKey = settings.SHARING_SIGNING_KEY ? privateKeyFrom(settings.SHARING_SIGNING_KEY) : privateKeyFrom(fileOrNew(settings.SHARING_SIGNING_KEY_FILE, newSigningKeyPem));
  if (signingKey.asymmetricKeyType !== 'ed25519') throw new Error('SHARING_SIGNING_KEY is not an Ed25519 private key');
  return { signingKey, publicKeyPem: createPublicKey(signingKey).export({ format: 'pem', type: 'spki' }).toString() };
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

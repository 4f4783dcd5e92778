import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The key that signs audit checkpoints, with the id and public half an auditor needs. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 of the SubjectPublicKeyInfo DER: what an auditor pins. */
  publicKeyDer: string;
  /** Hex SHA-256 of the SubjectPublicKeyInfo DER. */
  keyId: string;
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/**
 * An Ed25519 private key from `AUDIT_SIGNING_KEY`: PKCS#8 PEM, or the base64 of PKCS#8 DER (one
 * line, for secret stores that dislike newlines).
 */
export function parseSigningKey(text: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = text.includes('-----BEGIN')
      ? createPrivateKey(text.replace(/\\n/g, '\n'))
      : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new SigningKeyError(`AUDIT_SIGNING_KEY is not a PKCS#8 private key (PEM or base64 DER): ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`AUDIT_SIGNING_KEY must be an Ed25519 key, not ${privateKey.asymmetricKeyType}`);
  }
  return describe(privateKey);
}

/**
 * The configured key, or for the embedded default a development key kept in `file` (created on
 * first use, readable by its owner only, under ./data which git ignores). Never commit either.
 */
export function loadSigningKey(settings: { key?: string; file?: string }): SigningKey {
  if (settings.key) return parseSigningKey(settings.key);
  if (!settings.file) throw new SigningKeyError('No audit signing key: set AUDIT_SIGNING_KEY (an Ed25519 PKCS#8 key, PEM or base64 DER)');
  if (existsSync(settings.file)) return parseSigningKey(readFileSync(settings.file, 'utf8'));
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(settings.file), { recursive: true });
  writeFileSync(settings.file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  chmodSync(settings.file, 0o600);
  return describe(privateKey);
}

export function publicKeyFromDer(base64Der: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64Der, 'base64'), format: 'der', type: 'spki' });
}

export function keyIdOf(base64Der: string): string {
  return createHash('sha256').update(Buffer.from(base64Der, 'base64')).digest('hex');
}

function describe(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const publicKeyDer = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  return { privateKey, publicKey, publicKeyDer, keyId: keyIdOf(publicKeyDer) };
}

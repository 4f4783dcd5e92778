import { KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '@app/event-store';

/**
 * Ed25519 signatures over share messages: the canonical JSON (sorted keys) of the message without
 * its `signature`. Ed25519 is deterministic, so a message derived again from the same event
 * (EventStoreDB's relay path) carries the same signature.
 */
export function signShareMessage<T extends { signature?: string }>(message: Omit<T, 'signature'>, key: KeyObject): T {
  const signature = sign(null, Buffer.from(canonicalJson(message), 'utf8'), key).toString('base64');
  return { ...message, signature } as T;
}

/** Whether `publicKey`'s owner signed this message as it stands. */
export function verifyShareMessage<T extends { signature: string }>(message: T, publicKey: KeyObject): boolean {
  const { signature, ...rest } = message;
  try {
    return verify(null, Buffer.from(canonicalJson(rest), 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

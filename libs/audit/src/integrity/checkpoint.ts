import { sign, verify } from 'node:crypto';
import { canonicalJson } from '@app/event-store';
import { consistencyProof, merkleRoot, verifyConsistency } from './merkle';
import { SigningKey, keyIdOf, publicKeyFromDer } from './signing-key';

/**
 * A signed statement of the whole store's state: the Merkle root (RFC 6962) over the first
 * `treeSize` events of the global log, each leaf the event's recomputed chain link
 * (log-tree.ts).
 *
 * Why a tree over the global log rather than over the stream heads: the global log is itself
 * append-only and totally ordered (positions are handed out at commit and a reader never sees a
 * later event before an earlier one can still commit), so "history since checkpoint A was only
 * appended to" is exactly "A's tree is a prefix of B's tree", which an RFC 6962 consistency
 * proof shows with O(log n) hashes, checkable offline by anyone who kept A. Stream heads would
 * need, per stream, a walk from the old head to the new one to show ancestry, and a separate
 * argument that no stream disappeared or was reordered; the log tree covers all of that, and
 * also gives inclusion proofs that put an exported event inside a signed checkpoint.
 */
export interface AuditCheckpoint {
  format: 'safeguard-audit-checkpoint/1';
  /** Events covered: the first `treeSize` of the global log. */
  treeSize: number;
  /** Hex Merkle tree hash over their leaves. */
  rootHash: string;
  /** The position of the last event covered. */
  lastPosition: string;
  issuedAt: string;
  /** Hex SHA-256 of the signing public key (SubjectPublicKeyInfo DER). */
  keyId: string;
  /** Base64 SubjectPublicKeyInfo DER of the Ed25519 public key; trust it only if its keyId is one you pinned. */
  publicKey: string;
  /** Base64 Ed25519 signature over `checkpointSigningInput` (every other field). */
  signature: string;
}

export type UnsignedCheckpoint = Omit<AuditCheckpoint, 'signature' | 'keyId' | 'publicKey' | 'format'>;

/** The bytes signed: canonical JSON of every field but the signature. */
export function checkpointSigningInput(checkpoint: Omit<AuditCheckpoint, 'signature'>): Buffer {
  const { format, treeSize, rootHash, lastPosition, issuedAt, keyId, publicKey } = checkpoint;
  return Buffer.from(canonicalJson({ format, treeSize, rootHash, lastPosition, issuedAt, keyId, publicKey }), 'utf8');
}

export function signCheckpoint(body: UnsignedCheckpoint, key: SigningKey): AuditCheckpoint {
  const unsigned = { format: 'safeguard-audit-checkpoint/1' as const, ...body, keyId: key.keyId, publicKey: key.publicKeyDer };
  return { ...unsigned, signature: sign(null, checkpointSigningInput(unsigned), key.privateKey).toString('base64') };
}

export type CheckpointCheck = { ok: true } | { ok: false; problem: string };

/**
 * Is the checkpoint's signature good, made by the key it names, and (when given) by one of the
 * pinned key ids?
 */
export function verifyCheckpointSignature(checkpoint: AuditCheckpoint, trustedKeyIds?: readonly string[]): CheckpointCheck {
  if (checkpoint.format !== 'safeguard-audit-checkpoint/1') return { ok: false, problem: `unknown checkpoint format ${String(checkpoint.format)}` };
  if (keyIdOf(checkpoint.publicKey) !== checkpoint.keyId) return { ok: false, problem: 'the key id does not match the public key' };
  if (trustedKeyIds && !trustedKeyIds.includes(checkpoint.keyId)) return { ok: false, problem: `signed by key ${checkpoint.keyId}, which is not trusted` };
  try {
    const good = verify(null, checkpointSigningInput(checkpoint), publicKeyFromDer(checkpoint.publicKey), Buffer.from(checkpoint.signature, 'base64'));
    return good ? { ok: true } : { ok: false, problem: 'the signature does not match the checkpoint' };
  } catch (error) {
    return { ok: false, problem: `the signature cannot be checked: ${(error as Error).message}` };
  }
}

/** The proof that `to` only appended to `from`: hex hashes (RFC 6962 PROOF(m, D[n])). */
export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

/** Builds the proof from the leaves of the newer tree (`leaves.length` === `to.treeSize`). */
export function proveConsistency(leaves: readonly Buffer[], from: Pick<AuditCheckpoint, 'treeSize' | 'rootHash'>, to: Pick<AuditCheckpoint, 'treeSize' | 'rootHash'>): ConsistencyProof {
  if (leaves.length !== to.treeSize) throw new RangeError(`Need the ${to.treeSize} leaves of the newer tree, got ${leaves.length}`);
  return {
    fromSize: from.treeSize,
    toSize: to.treeSize,
    fromRoot: from.rootHash,
    toRoot: to.rootHash,
    proof: from.treeSize > to.treeSize ? [] : consistencyProof(leaves, from.treeSize).map((h) => h.toString('hex')),
  };
}

/** Checks a consistency proof against the two checkpoints' sizes and roots: no store needed. */
export function checkConsistency(from: Pick<AuditCheckpoint, 'treeSize' | 'rootHash'>, to: Pick<AuditCheckpoint, 'treeSize' | 'rootHash'>, proof: readonly string[]): boolean {
  return verifyConsistency(from.treeSize, to.treeSize, Buffer.from(from.rootHash, 'hex'), Buffer.from(to.rootHash, 'hex'), proof.map((h) => Buffer.from(h, 'hex')));
}

export function rootOf(leaves: readonly Buffer[]): string {
  return merkleRoot(leaves).toString('hex');
}

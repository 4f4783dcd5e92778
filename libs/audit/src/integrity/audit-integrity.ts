import { z } from 'zod';
import { EventSchemas, checkEvents, eventOf } from '@app/common/domain';
import { BrokenLink, ChainReport, EventStore, LogPosition, rawEventStore, verifyAll, verifyStream } from '@app/event-store';
import { AuditCheckpoint, ConsistencyProof, checkConsistency, proveConsistency, rootOf, signCheckpoint, verifyCheckpointSignature } from './checkpoint';
import { readLogTree } from './log-tree';
import { inclusionProof } from './merkle';
import { SigningKey } from './signing-key';

/** The stream that holds every published checkpoint, itself hash-chained and covered by later ones. */
export const AUDIT_CHECKPOINT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_PUBLISHED = 'AuditCheckpointPublished';

/** The one event of `audit-checkpoints`: the signed checkpoint itself. */
type CheckpointPublished = { type: typeof CHECKPOINT_PUBLISHED; data: AuditCheckpoint };

const checkpointEventSchemas: EventSchemas<CheckpointPublished> = {
  [CHECKPOINT_PUBLISHED]: z.object({
    format: z.literal('safeguard-audit-checkpoint/1'),
    treeSize: z.number().int().nonnegative(),
    rootHash: z.string().min(1),
    lastPosition: z.string(),
    issuedAt: z.string().min(1),
    keyId: z.string().min(1),
    publicKey: z.string().min(1),
    signature: z.string().min(1),
  }),
};

/** The store's chain is broken: no checkpoint is signed over altered history. */
export class IntegrityBrokenError extends Error {
  override name = 'IntegrityBrokenError';
  constructor(readonly firstBroken: BrokenLink) {
    super(`The hash chain is broken at ${firstBroken.streamId} revision ${firstBroken.revision} (event ${firstBroken.eventId}, ${firstBroken.problem}): no checkpoint was signed`);
  }
}

export class CheckpointRejectedError extends Error {
  override name = 'CheckpointRejectedError';
}

export interface ConsistencyReport {
  /** True when `to` extends `from` by appends only, and the store still holds exactly `to`'s history. */
  ok: boolean;
  from: AuditCheckpoint;
  to: AuditCheckpoint;
  proof: ConsistencyProof;
  /** What failed, in words. */
  problems: string[];
  /** The first event whose stored hash disagrees with its content, when the chain shows where. */
  firstBroken?: BrokenLink;
}

export interface Progress {
  onProgress?: (done: number, total: number) => void;
}

/**
 * Integrity checks over an event store: chain verification (reusing the event store's own
 * verifier), signed checkpoints over the global log, and consistency proofs between them.
 * Framework-free, so the HTTP module, the auditor's command line and the tests share it.
 * Everything here reads the adapter under any personal-data protection: the chain covers the
 * stored envelopes, so it still verifies after a subject's key is destroyed.
 */
export class AuditIntegrity {
  private readonly store: EventStore;

  constructor(
    store: EventStore,
    private readonly signingKey: () => SigningKey,
  ) {
    this.store = rawEventStore(store);
  }

  /** One stream's chain, or the whole store's; the report names the first broken link. */
  async verify(streamId?: string, progress: Progress = {}): Promise<ChainReport> {
    if (streamId !== undefined) return verifyStream(this.store, streamId);
    const total = await this.store.countEvents();
    return verifyAll(this.store, { onProgress: (checked) => progress.onProgress?.(checked, total) });
  }

  /** Signs a checkpoint over the whole log as it stands, and stores it in `audit-checkpoints`. */
  async publishCheckpoint(
    actor: { userId: string; agencyId: string },
    reason: string,
    progress: Progress = {},
    including?: LogPosition,
  ): Promise<{ checkpoint: AuditCheckpoint; position: LogPosition }> {
    const total = await this.store.countEvents();
    const tree = await readLogTree(this.store, { onProgress: (done) => progress.onProgress?.(done, total), including });
    if (tree.firstBroken) throw new IntegrityBrokenError(tree.firstBroken);
    const checkpoint = signCheckpoint(
      { treeSize: tree.leaves.length, rootHash: rootOf(tree.leaves), lastPosition: tree.lastPosition, issuedAt: new Date().toISOString() },
      this.signingKey(),
    );
    const published: CheckpointPublished = { type: CHECKPOINT_PUBLISHED, data: checkpoint };
    checkEvents(checkpointEventSchemas, [published]);
    const result = await this.store.append(AUDIT_CHECKPOINT_STREAM, [
      { type: CHECKPOINT_PUBLISHED, data: { ...checkpoint }, metadata: { actor: { userId: actor.userId, agencyId: actor.agencyId }, reason } },
    ]);
    return { checkpoint, position: result.position };
  }

  /**
   * Publishes a checkpoint and proves the event at `position` is in it: the RFC 6962 audit path
   * of its leaf, for export packs verified offline.
   */
  async checkpointIncluding(
    position: LogPosition,
    actor: { userId: string; agencyId: string },
    reason: string,
  ): Promise<{ checkpoint: AuditCheckpoint; leafIndex: number; proof: string[] }> {
    // The event may have just been written: the checkpoint waits until the log can be read that far.
    const { checkpoint } = await this.publishCheckpoint(actor, reason, {}, position);
    const tree = await readLogTree(this.store, { upTo: checkpoint.treeSize });
    const leafIndex = tree.positions.indexOf(position);
    if (leafIndex < 0) throw new CheckpointRejectedError(`The event at ${position} is not in the checkpoint`);
    return { checkpoint, leafIndex, proof: inclusionProof(tree.leaves, leafIndex).map((h) => h.toString('hex')) };
  }

  /** Every published checkpoint, oldest first. */
  async checkpoints(): Promise<AuditCheckpoint[]> {
    const events = await this.store.readStream(AUDIT_CHECKPOINT_STREAM);
    return events.flatMap((e) => {
      const published = eventOf(checkpointEventSchemas, e);
      return published ? [published.data] : [];
    });
  }

  async latestCheckpoint(): Promise<AuditCheckpoint | undefined> {
    const [last] = await this.store.readStream(AUDIT_CHECKPOINT_STREAM, { direction: 'backwards', limit: 1 });
    return last && eventOf(checkpointEventSchemas, last)?.data;
  }

  /**
   * Proves that `to` (default: the latest published checkpoint) only appended to `from`, a
   * checkpoint the auditor kept, and that the store still holds `to`'s history. The proof is
   * built from the store's current events, so any edit inside `from`'s prefix makes it fail.
   */
  async proveConsistency(from: AuditCheckpoint, to?: AuditCheckpoint, trustedKeyIds?: readonly string[], progress: Progress = {}): Promise<ConsistencyReport> {
    const target = to ?? (await this.latestCheckpoint());
    if (!target) throw new CheckpointRejectedError('No checkpoint has been published yet: publish one first');
    for (const [name, checkpoint] of [['the earlier', from], ['the later', target]] as const) {
      const check = verifyCheckpointSignature(checkpoint, trustedKeyIds);
      if (!check.ok) throw new CheckpointRejectedError(`${name} checkpoint is not valid: ${check.problem}`);
    }
    if (target.treeSize < from.treeSize) throw new CheckpointRejectedError(`The later checkpoint covers ${target.treeSize} events, fewer than the earlier one (${from.treeSize})`);
    const tree = await readLogTree(this.store, { upTo: target.treeSize, onProgress: (done) => progress.onProgress?.(done, target.treeSize) });
    const problems: string[] = [];
    if (tree.leaves.length < target.treeSize) problems.push(`the store holds ${tree.leaves.length} events, fewer than the ${target.treeSize} the later checkpoint covers`);
    const leaves = tree.leaves.slice(0, target.treeSize);
    const proof = proveConsistency(leaves.length === target.treeSize ? leaves : padTo(leaves, target.treeSize), from, target);
    if (rootOf(leaves.slice(0, from.treeSize)) !== from.rootHash) problems.push(`the first ${from.treeSize} events no longer hash to the earlier checkpoint's root: history it covered was altered`);
    if (rootOf(leaves) !== target.rootHash) problems.push(`the first ${target.treeSize} events no longer hash to the later checkpoint's root: history it covered was altered`);
    if (!checkConsistency(from, target, proof.proof)) problems.push('the consistency proof does not verify');
    return { ok: problems.length === 0, from, to: target, proof, problems, ...(tree.firstBroken ? { firstBroken: tree.firstBroken } : {}) };
  }
}

/** Missing events cannot be proved: pad with empty leaves so the (failing) proof still has a shape. */
function padTo(leaves: Buffer[], size: number): Buffer[] {
  return [...leaves, ...new Array<Buffer>(size - leaves.length).fill(Buffer.alloc(32))];
}

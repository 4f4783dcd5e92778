import { createHash } from 'node:crypto';

/**
 * A Merkle tree over an append-only list of leaves, as Certificate Transparency defines it
 * (RFC 6962 section 2.1, restated in RFC 9162 section 2.1):
 *
 *   MTH({})      = SHA-256()
 *   MTH({d0})    = SHA-256(0x00 || d0)
 *   MTH(D[0:n])  = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])),  k the largest power of two < n
 *
 * The 0x00 / 0x01 prefixes keep a leaf from ever passing for an inner node. A consistency proof
 * shows that the tree of the first m leaves is a prefix of the tree of n leaves with O(log n)
 * hashes, so whoever kept an earlier root can check that later history only appended to it.
 * Pure: no I/O, so an auditor can run it offline (see `offline-verify.ts`).
 */

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export function leafHash(data: Buffer): Buffer {
  return sha256(LEAF, data);
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(NODE, left, right);
}

/** The largest power of two strictly smaller than n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over already-hashed leaves `leaves[from, to)`. */
export function merkleRoot(leaves: readonly Buffer[], from = 0, to = leaves.length): Buffer {
  const n = to - from;
  if (n === 0) return sha256();
  if (n === 1) return leaves[from];
  const k = split(n);
  return nodeHash(merkleRoot(leaves, from, from + k), merkleRoot(leaves, from + k, to));
}

/** RFC 6962 PROOF(m, D[n]): the consistency proof from the first `m` leaves to all of `leaves`. */
export function consistencyProof(leaves: readonly Buffer[], m: number): Buffer[] {
  const n = leaves.length;
  if (m < 0 || m > n) throw new RangeError(`Cannot prove consistency from ${m} leaves to ${n}`);
  if (m === 0 || m === n) return [];
  return subproof(leaves, m, 0, n, true);
}

function subproof(leaves: readonly Buffer[], m: number, from: number, to: number, complete: boolean): Buffer[] {
  const n = to - from;
  if (m === n) return complete ? [] : [merkleRoot(leaves, from, to)];
  const k = split(n);
  if (m <= k) return [...subproof(leaves, m, from, from + k, complete), merkleRoot(leaves, from + k, to)];
  return [...subproof(leaves, m - k, from + k, to, false), merkleRoot(leaves, from, from + k)];
}

/**
 * RFC 9162 section 2.1.4.2: does `proof` show that the tree (`firstSize`, `firstRoot`) is a
 * prefix of the tree (`secondSize`, `secondRoot`)?
 */
export function verifyConsistency(firstSize: number, secondSize: number, firstRoot: Buffer, secondRoot: Buffer, proof: readonly Buffer[]): boolean {
  if (firstSize < 0 || secondSize < firstSize) return false;
  if (firstSize === secondSize) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (firstSize === 0) return proof.length === 0;
  const path = isPowerOfTwo(firstSize) ? [firstRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (fn & 1) {
    fn >>>= 1;
    sn >>>= 1;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!(fn & 1)) {
        do {
          fn >>>= 1;
          sn >>>= 1;
        } while (!(fn & 1) && fn !== 0);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>>= 1;
    sn >>>= 1;
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}

/** RFC 6962 PATH(m, D[n]): the audit path proving leaf `index` is in the tree of all `leaves`. */
export function inclusionProof(leaves: readonly Buffer[], index: number): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`No leaf ${index} in a tree of ${leaves.length}`);
  return path(leaves, index, 0, leaves.length);
}

function path(leaves: readonly Buffer[], m: number, from: number, to: number): Buffer[] {
  const n = to - from;
  if (n <= 1) return [];
  const k = split(n);
  if (m < k) return [...path(leaves, m, from, from + k), merkleRoot(leaves, from + k, to)];
  return [...path(leaves, m - k, from + k, to), merkleRoot(leaves, from, from + k)];
}

/** RFC 9162 section 2.1.3.2: does `proof` put the hashed leaf at `index` in the tree (`treeSize`, `root`)? */
export function verifyInclusion(index: number, treeSize: number, leaf: Buffer, root: Buffer, proof: readonly Buffer[]): boolean {
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      r = nodeHash(p, r);
      if (!(fn & 1)) {
        do {
          fn >>>= 1;
          sn >>>= 1;
        } while (!(fn & 1) && fn !== 0);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>>= 1;
    sn >>>= 1;
  }
  return sn === 0 && r.equals(root);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

import { createHash } from 'node:crypto';
import { consistencyProof, inclusionProof, leafHash, merkleRoot, nodeHash, verifyConsistency, verifyInclusion } from './merkle';

const sha256 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const leaves = (n: number, salt = '') => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event ${i}${salt}`)));

describe('Merkle tree (RFC 6962)', () => {
  it('hashes an empty tree, a leaf and inner nodes with the RFC prefixes', () => {
    expect(merkleRoot([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash(Buffer.from('a'))).toEqual(sha256(Buffer.from([0]), Buffer.from('a')));
    const [a, b, c] = leaves(3);
    // Three leaves split 2 + 1: the left subtree is the largest power of two smaller than 3.
    expect(merkleRoot([a, b, c])).toEqual(sha256(Buffer.from([1]), sha256(Buffer.from([1]), a, b), c));
    expect(nodeHash(a, b)).not.toEqual(nodeHash(b, a));
  });

  it('proves every earlier tree consistent with every later one, up to 40 leaves', () => {
    const all = leaves(40);
    for (let n = 1; n <= all.length; n++) {
      const later = all.slice(0, n);
      const root = merkleRoot(later);
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(later, m);
        expect(verifyConsistency(m, n, merkleRoot(all.slice(0, m)), root, proof)).toBe(true);
      }
    }
  });

  it('refuses a consistency proof when any earlier leaf was changed, or the proof or sizes are wrong', () => {
    const original = leaves(13);
    for (const m of [1, 4, 5, 8, 12]) {
      const earlierRoot = merkleRoot(original.slice(0, m));
      for (let changed = 0; changed < m; changed++) {
        const tampered = [...original];
        tampered[changed] = leafHash(Buffer.from('edited'));
        expect(verifyConsistency(m, 13, earlierRoot, merkleRoot(tampered), consistencyProof(tampered, m))).toBe(false);
      }
      const proof = consistencyProof(original, m);
      const root = merkleRoot(original);
      expect(verifyConsistency(m, 13, earlierRoot, root, proof)).toBe(true);
      expect(verifyConsistency(m, 13, earlierRoot, merkleRoot(original.slice(0, 12)), proof)).toBe(false);
      expect(verifyConsistency(m, 40, earlierRoot, root, proof)).toBe(false);
      if (proof.length > 1) expect(verifyConsistency(m, 13, earlierRoot, root, [...proof].reverse())).toBe(false);
      expect(verifyConsistency(m, 13, earlierRoot, root, [...proof, root])).toBe(false);
    }
  });

  it('proves and checks inclusion of every leaf', () => {
    for (const n of [1, 2, 3, 7, 8, 9, 20]) {
      const all = leaves(n);
      const root = merkleRoot(all);
      all.forEach((leaf, i) => {
        expect(verifyInclusion(i, n, leaf, root, inclusionProof(all, i))).toBe(true);
        expect(verifyInclusion(i, n, leafHash(Buffer.from('other')), root, inclusionProof(all, i))).toBe(false);
      });
    }
  });
});

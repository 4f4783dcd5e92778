import { NetworkEdge, walkNetwork } from './poi-network';

/** A small world: A–case1–B–C, A–park, park–D; E is unconnected. */
const EDGES: NetworkEdge[] = [
  { linkId: 'l1', from: 'poi:A', to: 'case:1', nature: 'suspected-exploiter' },
  { linkId: 'l2', from: 'poi:B', to: 'case:1', nature: 'seen-with' },
  { linkId: 'l3', from: 'poi:B', to: 'poi:C', nature: 'associate' },
  { linkId: 'l4', from: 'poi:A', to: 'location:park:riverside park', nature: 'frequents' },
  { linkId: 'l5', from: 'poi:D', to: 'location:park:riverside park', nature: 'frequents' },
  { linkId: 'l6', from: 'poi:E', to: 'case:2', nature: 'associate' },
];

function loader() {
  const asked: string[][] = [];
  const touching = async (nodes: string[]) => {
    asked.push([...nodes].sort());
    return EDGES.filter((e) => nodes.includes(e.from) || nodes.includes(e.to));
  };
  return { asked, touching };
}

describe('network walk', () => {
  it('reaches what is within the hops asked, with each distance, and the links between them', async () => {
    const walk = await walkNetwork('poi:A', 2, loader().touching);
    expect(Object.fromEntries(walk.distances)).toEqual({ 'poi:A': 0, 'case:1': 1, 'location:park:riverside park': 1, 'poi:B': 2, 'poi:D': 2 });
    expect(walk.edges.map((e) => e.linkId)).toEqual(['l1', 'l2', 'l4', 'l5']);
    expect(walk.truncated).toBe(false);
  });

  it('goes one hop further per hop, and asks only about the newest frontier', async () => {
    const { asked, touching } = loader();
    const walk = await walkNetwork('poi:A', 3, touching);
    expect(walk.distances.get('poi:C')).toBe(3);
    expect(walk.distances.has('poi:E')).toBe(false);
    expect(asked).toEqual([['poi:A'], ['case:1', 'location:park:riverside park'], ['poi:B', 'poi:D']]);
  });

  it('never walks more than 4 hops', async () => {
    const chain: NetworkEdge[] = Array.from({ length: 8 }, (_, i) => ({ linkId: `c${i}`, from: `poi:P${i}`, to: `poi:P${i + 1}`, nature: 'associate' }));
    const walk = await walkNetwork('poi:P0', 10, async (nodes) => chain.filter((e) => nodes.includes(e.from) || nodes.includes(e.to)));
    expect([...walk.distances.keys()]).toEqual(['poi:P0', 'poi:P1', 'poi:P2', 'poi:P3', 'poi:P4']);
  });

  it('stops early when nothing new is reached', async () => {
    const { asked, touching } = loader();
    await walkNetwork('poi:E', 4, touching);
    expect(asked).toEqual([['poi:E'], ['case:2']]);
  });

  it('stops at the node limit and says so', async () => {
    const walk = await walkNetwork('poi:A', 2, loader().touching, 3);
    expect(walk.distances.size).toBe(3);
    expect(walk.truncated).toBe(true);
    expect(walk.edges.every((e) => walk.distances.has(e.from) && walk.distances.has(e.to))).toBe(true);
  });
});

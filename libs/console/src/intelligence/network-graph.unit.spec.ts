import { drawNetwork } from './network-graph';

const nodes = [
  { node: 'poi:a', kind: 'poi' as const, ref: 'a', label: 'Ash Fictional', distance: 0 },
  { node: 'case:6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', kind: 'case' as const, ref: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', distance: 1 },
  { node: 'location:park:riverside park', kind: 'location' as const, ref: 'park:riverside park', label: 'Riverside Park (Park)', distance: 1 },
  { node: 'poi:b', kind: 'poi' as const, ref: 'b', label: 'Bo Fictional, also known by a very long alias', distance: 2 },
];
const links = [
  { linkId: '1', from: 'poi:a', to: 'case:6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', nature: 'suspected-exploiter' },
  { linkId: '2', from: 'poi:a', to: 'location:park:riverside park', nature: 'frequents' },
  { linkId: '3', from: 'poi:b', to: 'case:6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', nature: 'seen-with' },
  { linkId: '4', from: 'poi:b', to: 'poi:not-reached', nature: 'associate' },
];

describe('drawing a network on circles by hop distance', () => {
  it('puts the person asked about in the middle and each hop on its own ring', () => {
    const drawing = drawNetwork(nodes, links);
    expect(drawing.width).toBe(drawing.height);
    expect(drawing.rings).toEqual([140, 280]);
    const centre = drawing.width / 2;
    const at = (id: string) => drawing.nodes.find((n) => n.node === id)!;
    expect([at('poi:a').x, at('poi:a').y]).toEqual([centre, centre]);
    for (const node of drawing.nodes) {
      const radius = Math.hypot(node.x - centre, node.y - centre);
      expect(Math.abs(radius - node.distance * 140)).toBeLessThan(0.2);
    }
  });

  it('draws the same network the same way every time, naming a child only by their case reference', () => {
    expect(drawNetwork(nodes, links)).toEqual(drawNetwork(nodes, links));
    const drawing = drawNetwork(nodes, links);
    expect(drawing.nodes.map((n) => n.name)).toEqual(['Ash Fictional', "Child's case 6a1d3c2e", 'Riverside Park (Park)', 'Bo Fictional, also known by a very long alias']);
    expect(drawing.nodes[3].caption).toBe('Bo Fictional, also know…');
    expect(drawing.nodes[2].points).toMatch(/^[\d.]+,[\d.]+( [\d.]+,[\d.]+){3}$/);
  });

  it('draws each link between nodes drawn, with its nature in words', () => {
    const drawing = drawNetwork(nodes, links);
    expect(drawing.edges.map((e) => [e.fromName, e.toName, e.nature])).toEqual([
      ['Ash Fictional', "Child's case 6a1d3c2e", 'Suspected of exploiting'],
      ['Ash Fictional', 'Riverside Park (Park)', 'Frequents'],
      ['Bo Fictional, also known by a very long alias', "Child's case 6a1d3c2e", 'Seen with'],
    ]);
  });
});

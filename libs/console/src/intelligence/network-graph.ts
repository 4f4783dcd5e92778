import { LINK_NATURES, shortId } from './intelligence-labels';

/** A node of GET /persons-of-interest/{id}/network. */
export interface NetworkNode {
  node: string;
  kind: 'poi' | 'case' | 'location';
  ref: string;
  label?: string;
  distance: number;
}

export interface NetworkLink {
  linkId: string;
  from: string;
  to: string;
  nature: string;
}

export interface DrawnNode extends NetworkNode {
  name: string;
  x: number;
  y: number;
  /** A label too long for the drawing is cut; the table below it has the whole. */
  caption: string;
  /** A diamond's corners, for locations. */
  points?: string;
}

export interface DrawnEdge {
  from: string;
  to: string;
  fromName: string;
  toName: string;
  nature: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface NetworkDrawing {
  width: number;
  height: number;
  /** The radius of each hop's ring, nearest first. */
  rings: number[];
  nodes: DrawnNode[];
  edges: DrawnEdge[];
}

/** Space between the rings of each hop, and round the outer ring for the labels. */
const RING = 140;
const MARGIN = 120;
const NODE_SIZE = 14;
const CAPTION_LENGTH = 24;

/** What a node is called on the page: a POI's and a place's name; a child only by their case's reference. */
export function nodeName(node: NetworkNode): string {
  if (node.kind === 'case') return `Child's case ${shortId(node.ref)}`;
  return node.label ?? (node.kind === 'poi' ? `Person of interest ${shortId(node.ref)}` : 'Location');
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The network on circles by hop distance: the person asked about in the middle, everyone one hop
 * away on the first ring, two hops on the second, and so on. Each ring's nodes are spread evenly in
 * the API's order (by distance, then id), each ring turned a little from the one inside it so that
 * the spokes do not line up. Deterministic: the same network is always drawn the same way.
 */
export function drawNetwork(nodes: readonly NetworkNode[], links: readonly NetworkLink[]): NetworkDrawing {
  const outer = Math.max(0, ...nodes.map((n) => n.distance));
  const size = 2 * (outer * RING + MARGIN);
  const centre = size / 2;
  const rings = new Map<number, NetworkNode[]>();
  for (const node of nodes) rings.set(node.distance, [...(rings.get(node.distance) ?? []), node]);
  const drawn = new Map<string, DrawnNode>();
  for (const [distance, ring] of [...rings].sort((a, b) => a[0] - b[0])) {
    ring.forEach((node, index) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * index) / ring.length + distance * 0.4;
      const x = round(centre + distance * RING * Math.cos(angle));
      const y = round(centre + distance * RING * Math.sin(angle));
      const name = nodeName(node);
      drawn.set(node.node, {
        ...node,
        name,
        x,
        y,
        caption: name.length > CAPTION_LENGTH ? `${name.slice(0, CAPTION_LENGTH - 1)}…` : name,
        ...(node.kind === 'location'
          ? { points: [`${x},${round(y - NODE_SIZE - 2)}`, `${round(x + NODE_SIZE + 2)},${y}`, `${x},${round(y + NODE_SIZE + 2)}`, `${round(x - NODE_SIZE - 2)},${y}`].join(' ') }
          : {}),
      });
    });
  }
  const edges: DrawnEdge[] = [];
  for (const link of links) {
    const from = drawn.get(link.from);
    const to = drawn.get(link.to);
    if (!from || !to) continue;
    edges.push({ from: link.from, to: link.to, fromName: from.name, toName: to.name, nature: LINK_NATURES[link.nature] ?? link.nature, x1: from.x, y1: from.y, x2: to.x, y2: to.y });
  }
  return { width: size, height: size, rings: Array.from({ length: outer }, (_, i) => (i + 1) * RING), nodes: [...drawn.values()], edges };
}

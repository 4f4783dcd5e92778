/**
 * Who is connected to whom (SEMRAC themes): a breadth-first walk over links between POIs,
 * children's cases and locations, up to a few hops. Pure: the caller loads the links touching a
 * set of nodes, already mapped to the nodes' current identity (merged POIs to their survivor).
 */

/** `poi:{poiId}`, `case:{caseId}` or `location:{locationKey}`. */
export type NodeId = string;

export interface NetworkEdge {
  linkId: string;
  from: NodeId;
  to: NodeId;
  nature: string;
}

export interface NetworkWalk {
  /** Every node reached, with its distance in hops from the start. */
  distances: Map<NodeId, number>;
  /** Every link between nodes reached, once. */
  edges: NetworkEdge[];
  /** True when the walk stopped at `maxNodes` before reaching every node within the hops. */
  truncated: boolean;
}

export const MAX_HOPS = 4;

export async function walkNetwork(
  start: NodeId,
  hops: number,
  edgesTouching: (nodes: NodeId[]) => Promise<NetworkEdge[]>,
  maxNodes = 1000,
): Promise<NetworkWalk> {
  const distances = new Map<NodeId, number>([[start, 0]]);
  const edges = new Map<string, NetworkEdge>();
  let frontier: NodeId[] = [start];
  let truncated = false;
  for (let hop = 1; hop <= Math.min(hops, MAX_HOPS) && frontier.length > 0; hop++) {
    const next: NodeId[] = [];
    for (const edge of await edgesTouching(frontier)) {
      for (const end of [edge.from, edge.to]) {
        if (distances.has(end)) continue;
        if (distances.size >= maxNodes) {
          truncated = true;
          continue;
        }
        distances.set(end, hop);
        next.push(end);
      }
      if (distances.has(edge.from) && distances.has(edge.to)) edges.set(edge.linkId, edge);
    }
    frontier = next;
  }
  return { distances, edges: [...edges.values()].sort((a, b) => a.linkId.localeCompare(b.linkId)), truncated };
}

export function nodeKind(node: NodeId): 'poi' | 'case' | 'location' {
  return node.slice(0, node.indexOf(':')) as 'poi' | 'case' | 'location';
}

export function nodeRef(node: NodeId): string {
  return node.slice(node.indexOf(':') + 1);
}

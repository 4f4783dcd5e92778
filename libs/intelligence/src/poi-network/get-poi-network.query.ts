import { Query } from '@nestjs/cqrs';

export interface NetworkNode {
  /** `poi:{id}`, `case:{id}`, `location:{key}`. */
  node: string;
  kind: 'poi' | 'case' | 'location';
  /** The POI or case id, or the location's key. */
  ref: string;
  /** A POI's name on record; a location's name and kind. Cases carry their id only. */
  label?: string;
  /** Hops from the POI asked about. */
  distance: number;
}

export interface PoiNetwork {
  /** The POI the walk started from (the survivor, when the one asked about was merged). */
  poiId: string;
  hops: number;
  nodes: NetworkNode[];
  links: { linkId: string; from: string; to: string; nature: string }[];
  truncated: boolean;
}

export class GetPoiNetworkQuery extends Query<PoiNetwork> {
  constructor(
    readonly poiId: string,
    readonly hops: number,
    readonly consistentWith?: string,
  ) {
    super();
  }
}

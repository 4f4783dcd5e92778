import type { TlpLabel } from './tlp';

/** What a peer is: another safeguarding board, or a police force. */
export const PEER_KINDS = ['board', 'police'] as const;
export type PeerKind = (typeof PEER_KINDS)[number];

/** A neighbouring board or police force this board exchanges shares with (SHARING_PEERS). */
export interface SharingPeer {
  id: string;
  name: string;
  kind: PeerKind;
  /** The peer's share topic: where this board sends to it. */
  topic: string;
  /** The labels this board may send to it; anything else is refused at request time. */
  allowedLabels: TlpLabel[];
}

/** This board (or force), as its peers know it. */
export interface BoardIdentity {
  id: string;
  name: string;
  /** This board's own share topic: what it consumes. */
  topic: string;
}

/** Who did something: the actor, recorded in the event's data where a rule compares people. */
export interface ActorRef {
  userId: string;
  agencyId: string;
}

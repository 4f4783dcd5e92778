import { Inject, Injectable } from '@nestjs/common';
import { BoardIdentity } from '../shared/peer';
import { ConfiguredPeer, SHARING_SETTINGS, SharingSettings, parsePeers } from '../sharing.settings';
import { SHARING_KEYS, SharingKeys } from '../keys/sharing-keys';

/** The default share topic of an organisation: one topic per organisation, each consuming only its own. */
export const defaultShareTopic = (boardId: string) => `safeguard.shares.${boardId}`;

/** This board and its configured peers (SHARING_* settings), with the keys they sign with. */
@Injectable()
export class SharingDirectory {
  readonly board: BoardIdentity;
  private readonly peers: Map<string, ConfiguredPeer>;

  constructor(
    @Inject(SHARING_SETTINGS) settings: SharingSettings,
    @Inject(SHARING_KEYS) readonly keys: SharingKeys,
  ) {
    this.board = { id: settings.SHARING_BOARD_ID, name: settings.SHARING_BOARD_NAME, topic: settings.SHARING_TOPIC ?? defaultShareTopic(settings.SHARING_BOARD_ID) };
    const { peers, problems } = parsePeers(settings.SHARING_PEERS, settings.SHARING_BOARD_ID);
    if (problems.length > 0) throw new Error(problems.join('; '));
    this.peers = new Map(peers.map((p) => [p.id, p]));
  }

  peer(id: string): ConfiguredPeer | undefined {
    return this.peers.get(id);
  }

  allPeers(): ConfiguredPeer[] {
    return [...this.peers.values()];
  }
}

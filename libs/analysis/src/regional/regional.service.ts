import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor, CommandStreams, StreamCommandContext, deterministicUuid, notYetConsistent, systemActor } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { SharingDirectory } from '@app/sharing';
import { MonthPeriod } from '../profile/profile-tables';
import { ProfileQuery } from '../profile/profile.query';
import { RegionalPeerProfileEntity } from './regional-picture.entity';
import { REGIONAL_PICTURE_PROJECTION } from './regional-picture.projection';
import { periodKey, profileContentHash, profileTopicOf, publishedTables } from './regional-profile.rules';
import { REGIONAL_SCHEDULE_ACTOR, RegionalPeriod, RegionalSendTrigger, RegionalTables } from './regional.events';
import { regionalSendsStream } from './regional.stream';

/** What a send answers: the send, the peers it went to and the hash of what it said. */
export interface RegionalSendAnswer {
  profileId: string;
  period: RegionalPeriod;
  peers: { id: string; name: string }[];
  contentHash: string;
  sentAt: string;
  position?: string;
  /** False when this slot or request was already sent and nothing new was written. */
  sent: boolean;
}

/** One profile of the regional picture, marked with where it came from. */
export interface RegionalEntry {
  source: { id: string; name: string; own: boolean };
  period: RegionalPeriod;
  suppressionThreshold: number;
  /** When the peer sent it; absent for this board's own. */
  sentAt?: string;
  /** When it arrived here; absent for this board's own. */
  receivedAt?: string;
  tables: RegionalTables;
}

export interface RegionalPicture {
  /** The period asked for: this board's own profile covers it; each peer's is its latest, whatever period it covers. */
  period: RegionalPeriod;
  own: RegionalEntry;
  peers: RegionalEntry[];
  /** Configured board peers from whom nothing has arrived yet. */
  awaiting: { id: string; name: string }[];
}

/**
 * The regional picture (strategy action 2.4): sends this board's suppressed profile of a period to
 * every configured board peer (through the write path: the event, and in its transaction one signed
 * message per peer in the outbox), and reads its own profile beside each peer's latest.
 */
@Injectable()
export class RegionalService {
  constructor(
    private readonly profiles: ProfileQuery,
    private readonly streams: CommandStreams,
    private readonly directory: SharingDirectory,
    private readonly projections: ProjectionsService,
    @InjectRepository(RegionalPeerProfileEntity) private readonly received: Repository<RegionalPeerProfileEntity>,
  ) {}

  /** The board peers a profile goes to: other boards, never a police force. */
  boardPeers() {
    return this.directory.allPeers().filter((peer) => peer.kind === 'board');
  }

  /** On a user's request: a new send each time (an Idempotency-Key makes a retry the same send). */
  async sendOnRequest(actor: Actor, period: MonthPeriod, options: { idempotencyKey?: string; consistentWith?: string; request: unknown }): Promise<RegionalSendAnswer> {
    return this.send(period, 'request', { actor, request: options.request, idempotencyKey: options.idempotencyKey }, options.consistentWith);
  }

  /**
   * The schedule's send of a slot: its event id derives from the board, the slot and the period, so
   * any number of processes filling the same slot write one event and one message per peer.
   */
  async sendForSlot(slot: string, period: MonthPeriod): Promise<RegionalSendAnswer> {
    const board = this.directory.board.id;
    const eventIds = (i: number) => deterministicUuid('regional-schedule', board, slot, period.from, period.to, String(i));
    return this.send(period, 'schedule', { actor: systemActor(REGIONAL_SCHEDULE_ACTOR, board), request: { slot }, eventIds }, undefined, slot);
  }

  private async send(
    period: MonthPeriod,
    trigger: RegionalSendTrigger,
    context: StreamCommandContext,
    consistentWith?: string,
    slot?: string,
  ): Promise<RegionalSendAnswer> {
    // Refused before the profile is read: a user who may not send learns nothing from a 403.
    this.streams.authorize(regionalSendsStream, 'SendRegionalProfile', context);
    const profile = await this.profiles.profile(period, consistentWith);
    const content = { period: profile.period, suppressionThreshold: profile.suppressionThreshold, tables: publishedTables(profile.tables) };
    const contentHash = profileContentHash(content);
    const peers = this.boardPeers();
    const result = await this.streams.handle(
      regionalSendsStream,
      periodKey(period),
      {
        type: 'SendRegionalProfile',
        data: {
          profileId: context.eventIds ? context.eventIds(0) : randomUUID(),
          from: this.directory.board.id,
          ...content,
          contentHash,
          peers: peers.map((peer) => ({ id: peer.id, topic: profileTopicOf(peer.topic) })),
          trigger,
          ...(slot ? { slot } : {}),
        },
      },
      context,
    );
    const sent = result.events[0].data;
    return {
      profileId: sent.profileId,
      period: sent.period,
      peers: sent.peers.map((peer) => ({ id: peer.id, name: this.directory.peer(peer.id)?.name ?? peer.id })),
      contentHash: sent.contentHash,
      sentAt: sent.sentAt,
      ...(result.position ? { position: result.position } : {}),
      sent: result.written,
    };
  }

  /** This board's profile of the period beside each peer's latest. */
  async picture(period: MonthPeriod, consistentWith?: string): Promise<RegionalPicture> {
    if (consistentWith) {
      await this.projections
        .waitForProjection(REGIONAL_PICTURE_PROJECTION, consistentWith, 3000)
        .catch(notYetConsistent('The regional picture has not caught up with that position yet; try again shortly'));
    }
    const profile = await this.profiles.profile(period, consistentWith);
    const board = this.directory.board;
    const rows = await this.received.find({ order: { peerId: 'ASC' } });
    const peers = rows.map(
      (row): RegionalEntry => ({
        source: { id: row.peerId, name: this.directory.peer(row.peerId)?.name ?? row.peerName, own: false },
        period: { from: row.periodFrom, to: row.periodTo },
        suppressionThreshold: row.suppressionThreshold,
        sentAt: row.sentAt,
        receivedAt: row.receivedAt,
        tables: row.tables,
      }),
    );
    const heard = new Set(rows.map((row) => row.peerId));
    return {
      period: profile.period,
      own: {
        source: { id: board.id, name: board.name, own: true },
        period: profile.period,
        suppressionThreshold: profile.suppressionThreshold,
        tables: publishedTables(profile.tables),
      },
      peers,
      awaiting: this.boardPeers()
        .filter((peer) => !heard.has(peer.id))
        .map((peer) => ({ id: peer.id, name: peer.name })),
    };
  }
}

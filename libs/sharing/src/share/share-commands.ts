import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessRequestInfo } from '@app/access';
import { caseStream } from '@app/cases';
import { CommandStreams, DomainError, StreamCommandContext, deterministicUuid } from '@app/common';
import { isSubjectErased } from '@app/event-store';
import { personOfInterestStream } from '@app/intelligence';
import { SharingDirectory } from '../exchange/sharing-directory';
import { checkLabelAllows } from '../inbound-share/inbound-share.decider';
import { inboundShareSubject } from '../inbound-share/inbound-share.events';
import { inboundShareStream } from '../inbound-share/inbound-share.stream';
import { SharingPeer } from '../shared/peer';
import { ShareContent } from '../shared/share-content';
import { ContentSelection, ShareContentAssembler } from './share-content.assembler';
import { ShareCommand, ShareRequest, checkOnward } from './share.decider';
import { ShareState } from './share.events';
import { shareStream } from './share.stream';
import type { DecideNotToShareDto } from './decide-not-to-share/decide-not-to-share.dto';
import type { ForwardShareDto } from './forward-share/forward-share.dto';
import type { RequestShareDto } from './request-share/request-share.dto';

/** What every share command answers. */
export interface ShareAnswer {
  shareId: string;
  state: ShareState;
  /** Send as If-Match with the next decision on this share. */
  revision: number;
  /** Pass as `consistentWith` to read your own write. */
  position?: string;
  /** False when nothing changed, or for a retried Idempotency-Key. */
  changed: boolean;
}

export const SHARE_ANSWER_EXAMPLE = { shareId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', state: 'requested', revision: 0, position: '00000000000000000131:00000000000000000131', changed: true };

/**
 * What the outbound share use cases share (their handlers are thin): request (content assembled now), decide not to share, approve
 * (the share leaves through the outbox), refuse, revoke, and forward a received share onward. Who may
 * issue each is the share stream's rule (share.stream.ts), checked by the route and by the write path.
 */
@Injectable()
export class ShareCommands {
  constructor(
    private readonly streams: CommandStreams,
    private readonly directory: SharingDirectory,
    private readonly assembler: ShareContentAssembler,
  ) {}

  async request(body: RequestShareDto, context: StreamCommandContext, access: AccessRequestInfo = {}): Promise<ShareAnswer> {
    // Refused by role before any record is read for the share's content.
    this.streams.authorize(shareStream, 'RequestShare', context);
    this.knownPeer(body.peerId);
    if (body.previousShareId) {
      // A refused share stays refused: nothing follows a refusal.
      const previous = await this.streams.load(shareStream, body.previousShareId);
      if (previous.state.state !== 'refused') {
        throw new DomainError(`previousShareId: ${body.previousShareId} is not a refused share of this board`, 'previous-share-not-refused');
      }
    }
    const content = await this.assembler.assemble(body.content as ContentSelection, context.actor, access);
    const { content: _selection, previousShareId, peerId, ...terms } = body;
    return this.newShare(peerId, { ...terms, content, ...(previousShareId ? { previousShareId } : {}) }, context);
  }

  async decideNotToShare(body: DecideNotToShareDto, context: StreamCommandContext, access: AccessRequestInfo = {}): Promise<ShareAnswer> {
    this.streams.authorize(shareStream, 'DecideNotToShare', context);
    this.knownPeer(body.peerId);
    const content = await this.assembler.assemble(body.content as ContentSelection, context.actor, access);
    const shareId = this.newShareId(context);
    return this.run(shareId, { type: 'DecideNotToShare', peer: this.peer(body.peerId), peerId: body.peerId, data: { purpose: body.purpose, content, reason: body.reason } }, context);
  }

  /** Onward sharing of a share this board received: never a wider label, never RED, never once revoked. */
  async forward(inboundShareId: string, body: ForwardShareDto, context: StreamCommandContext): Promise<ShareAnswer> {
    this.streams.authorize(shareStream, 'RequestShare', context);
    this.knownPeer(body.peerId);
    const inbound = await this.streams.load(inboundShareStream, inboundShareId);
    const received = inbound.events.flatMap((e) => (e.type === 'ShareReceived' ? [e.data] : []))[0];
    if (!received) throw new DomainError(`No received share ${inboundShareId}`, 'inbound-share-not-found', 404);
    checkLabelAllows(received.label, context.actor.roles ?? [], 'forwarded');
    const onwardFrom = { originalShareId: inboundShareId, originalFrom: received.from.id, originalLabel: received.label };
    checkOnward(onwardFrom, body.label);
    if (inbound.state.revoked) throw new DomainError(`Share ${inboundShareId} was revoked by its sender: it cannot be passed on`, 'share-revoked', 409);
    const content: ShareContent | undefined = (await isSubjectErased(this.streams.store, inboundShareSubject(inboundShareId))) ? undefined : received.content;
    if (!content) throw new DomainError(`Share ${inboundShareId}'s content is unreadable here`, 'share-revoked', 409);
    // The original's conditions travel with it; the forwarder may add more, never fewer.
    const conditions = [received.handlingConditions, body.handlingConditions?.trim()].filter(Boolean).join(' ');
    const { peerId, handlingConditions: _added, ...terms } = body;
    return this.newShare(peerId, { ...terms, ...(conditions ? { handlingConditions: conditions } : {}), content, onwardFrom }, context);
  }

  approve(shareId: string, context: StreamCommandContext): Promise<ShareAnswer> {
    return this.run(shareId, { type: 'ApproveShare' }, context);
  }

  refuse(shareId: string, reason: string, context: StreamCommandContext): Promise<ShareAnswer> {
    return this.run(shareId, { type: 'RefuseShare', reason }, { ...context, reason });
  }

  revoke(shareId: string, reason: string, context: StreamCommandContext): Promise<ShareAnswer> {
    return this.run(shareId, { type: 'RevokeShare', reason }, { ...context, reason });
  }

  private newShare(peerId: string, request: ShareRequest, context: StreamCommandContext): Promise<ShareAnswer> {
    const shareId = this.newShareId(context);
    return this.run(shareId, { type: 'RequestShare', from: this.directory.board.id, peer: this.peer(peerId), peerId, data: request }, { ...context, ifMatch: undefined });
  }

  /** A retry with the same key addresses the same share, so it is found rather than requested twice. */
  private newShareId({ actor, idempotencyKey }: StreamCommandContext): string {
    return idempotencyKey ? deterministicUuid('share', actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
  }

  /** Checked before any record is read (the decider checks again): the peer is the first thing a request names. */
  private knownPeer(peerId: string): void {
    if (!this.directory.peer(peerId)) throw new DomainError(`peerId: ${peerId} is not a configured peer of this board`, 'unknown-peer');
  }

  private peer(peerId: string): SharingPeer | undefined {
    const peer = this.directory.peer(peerId);
    return peer && { id: peer.id, name: peer.name, kind: peer.kind, topic: peer.topic, allowedLabels: peer.allowedLabels };
  }

  private async run(shareId: string, command: ShareCommand, context: StreamCommandContext): Promise<ShareAnswer> {
    const result = await this.streams.handle(shareStream, shareId, command, context);
    return { shareId, state: result.state.state as ShareState, revision: result.revision, position: result.position, changed: result.written };
  }
}

/** What linking a received share answers. */
export interface LinkAnswer {
  shareId: string;
  revision: number;
  position?: string;
  changed: boolean;
}

/** Links a received share to a local case or person of interest. */
@Injectable()
export class InboundShareCommands {
  constructor(private readonly streams: CommandStreams) {}

  async link(shareId: string, to: { kind: 'case' | 'poi'; id: string }, note: string | undefined, context: StreamCommandContext): Promise<LinkAnswer> {
    this.streams.authorize(inboundShareStream, 'LinkInboundShare', context);
    const stream = (to.kind === 'case' ? caseStream : personOfInterestStream).streamId(to.id);
    if ((await this.streams.store.readStream(stream, { limit: 1 })).length === 0) {
      throw new DomainError(`id: no ${to.kind === 'case' ? 'case' : 'person of interest'} ${to.id} at this board`, `${to.kind}-not-found`, 404);
    }
    const result = await this.streams.handle(inboundShareStream, shareId, { type: 'LinkInboundShare', to, ...(note ? { note } : {}) }, context);
    return { shareId, revision: result.revision, position: result.position, changed: result.written };
  }
}

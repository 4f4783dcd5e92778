import { Inject, Injectable } from '@nestjs/common';
import { AccessGate, AccessRequestInfo } from '@app/access';
import { InjectRepository } from '@nestjs/typeorm';
import { Equal, FindOptionsOrder, FindOptionsWhere, In, LessThan, MoreThan, ObjectLiteral, Repository } from 'typeorm';
import { Actor, Cursor, CursorShape, DomainError, eventOf, keysetPage, notYetConsistent } from '@app/common';
import { EVENT_STORE, EventStore, ProjectionsService, isSubjectErased } from '@app/event-store';
import { inboundShareStreamId, inboundShareSubject } from '../inbound-share/inbound-share.events';
import { inboundShareEventSchemas } from '../inbound-share/inbound-share.schemas';
import { checkLabelAllows } from '../inbound-share/inbound-share.decider';
import { ShareContent } from '../shared/share-content';
import { TLP_LABELS, mayRead } from '../shared/tlp';
import { REQUESTER_ROLES } from '../share/share.stream';
import { ShareState, shareStreamId } from '../share/share.events';
import { shareEventSchemas } from '../share/share.schemas';
import type { InboundShareView } from './inbound-share-view';
import type { OutboundShareView } from './outbound-share-view';
import { InboundShareEntity, OutboundShareEntity, RefusedShareMessageEntity } from './sharing.entities';

export interface Page<S extends CursorShape = CursorShape> {
  limit: number;
  /** The last row of the previous page (its `next`); unset, the first page. */
  after?: Cursor<S>;
}

/**
 * Each list's order and cursor: newest first by a time set when the row is created and never
 * changed after (requested or decided, received, refused), then by id. Keyset paging on it shows
 * every row once while shares change state and arrive.
 */
export const OUTBOUND_CURSOR = { createdAt: 'string', shareId: 'string' } as const;
export const INBOX_CURSOR = { receivedAt: 'string', shareId: 'string' } as const;
export const REFUSED_CURSOR = { refusedAt: 'string', messageId: 'string' } as const;

/**
 * One page of `repository`, newest first by `time` then by `id`, after the cursor: `where` filters
 * (its total is over every page). One row beyond the page says whether there is a next.
 */
async function keysetFind<E extends ObjectLiteral, T extends keyof E & string, I extends keyof E & string>(
  repository: Repository<E>,
  where: FindOptionsWhere<E>,
  time: T,
  id: I,
  page: { limit: number; after?: Record<string, string | number> },
): Promise<{ rows: E[]; total: number; next: string | null }> {
  const total = await repository.count({ where });
  const after = page.after;
  const conditions = after
    ? [
        { ...where, [time]: LessThan(after[time]) },
        { ...where, [time]: Equal(after[time]), [id]: MoreThan(after[id]) },
      ]
    : where;
  const rows = await repository.find({ where: conditions as FindOptionsWhere<E> | FindOptionsWhere<E>[], order: { [time]: 'DESC', [id]: 'ASC' } as FindOptionsOrder<E>, take: page.limit + 1 });
  return { total, ...keysetPage(rows, page.limit, (row) => ({ [time]: String(row[time]), [id]: String(row[id]) })) };
}

/** One disclosure decision in the register: who, what, to whom, when, why, on what basis. */
export interface RegisterEntry {
  shareId: string;
  outcome: 'pending' | 'disclosed' | 'refused' | 'not-shared';
  state: ShareState;
  toWhom: OutboundShareView['peer'];
  what: OutboundShareView['contentSummary'];
  label?: string;
  why: string;
  basis?: OutboundShareView['lawfulBasis'];
  subjectInformed?: OutboundShareView['subjectInformed'];
  handlingConditions?: string;
  requestedBy?: OutboundShareView['requestedBy'];
  requestedAt?: string;
  decidedBy?: OutboundShareView['requestedBy'];
  decidedAt?: string;
  /** Why not, for a refusal or a decision not to share. */
  reason?: string;
  sentAt?: string;
  acknowledgedAt?: string;
  revocation?: OutboundShareView['revocation'];
  onwardFrom?: OutboundShareView['onwardFrom'];
}

/** An inbound share with its content, when the reader's roles and the key allow. */
export type InboundShareWithContent = InboundShareView & { content: ShareContent | null; contentStatus: 'readable' | 'revoked-unreadable' };

/** Auditors (and data protection officers acting as auditors) and sharing officers read the register. */
const REGISTER_ROLES = ['auditor', 'sharing-officer'];
/** Those who may ask for shares, and auditors, see the outbound list. */
const OUTBOUND_READERS = [...REQUESTER_ROLES, 'auditor'];

@Injectable()
export class SharingQueries {
  constructor(
    @InjectRepository(OutboundShareEntity) private readonly outbound: Repository<OutboundShareEntity>,
    @InjectRepository(InboundShareEntity) private readonly inbound: Repository<InboundShareEntity>,
    @InjectRepository(RefusedShareMessageEntity) private readonly refused: Repository<RefusedShareMessageEntity>,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionsService,
    /** Decides and records reads of share content (DPA 2018 s62). Required: without it the app does not start. */
    private readonly gate: AccessGate,
  ) {}

  async outboundShares(actor: Actor, state: ShareState | undefined, page: Page<typeof OUTBOUND_CURSOR>, consistentWith?: string) {
    requireAnyRole(actor, OUTBOUND_READERS, 'see outbound shares');
    await this.caughtUp('sharing-outbound', consistentWith);
    const { rows, total, next } = await keysetFind(this.outbound, state ? { state } : {}, 'createdAt', 'shareId', page);
    return { shares: rows.map((r) => r.view), total, next };
  }

  /**
   * One outbound share. Its content (what would leave, or left) is shown to sharing officers, who
   * decide on it, and that read is recorded; everyone else sees what was shared in summary only,
   * so asking for a share never opens a record the requester could not read.
   */
  async outboundShare(shareId: string, actor: Actor, access: AccessRequestInfo, consistentWith?: string): Promise<OutboundShareView & { content?: ShareContent }> {
    requireAnyRole(actor, OUTBOUND_READERS, 'see outbound shares');
    await this.caughtUp('sharing-outbound', consistentWith);
    const row = await this.outbound.findOneBy({ shareId });
    if (!row) throw new DomainError(`No share ${shareId}`, 'share-not-found', 404);
    if (!(actor.roles ?? []).includes('sharing-officer') || row.view.state === 'not-shared') return row.view;
    await this.gate.read(actor, access, { kind: 'share', id: shareId, ...(row.view.requestedBy ? { requesterAgencyId: row.view.requestedBy.agencyId } : {}) }, 'decide on a share');
    const [first] = await this.store.readStream(shareStreamId(shareId), { limit: 1 });
    const requested = first && eventOf(shareEventSchemas, first);
    return { ...row.view, ...(requested?.type === 'ShareRequested' ? { content: requested.data.content } : {}) };
  }

  /** The inbox: only the shares whose label lets the reader's roles see them. */
  async inbox(actor: Actor, page: Page<typeof INBOX_CURSOR>, consistentWith?: string) {
    await this.caughtUp('sharing-inbox', consistentWith);
    const labels = TLP_LABELS.filter((label) => mayRead(label, actor.roles ?? []));
    if (labels.length === 0) return { shares: [], total: 0, next: null };
    const { rows, total, next } = await keysetFind(this.inbound, { label: In(labels) }, 'receivedAt', 'shareId', page);
    return { shares: rows.map((r) => r.view), total, next };
  }

  async inboundShare(shareId: string, actor: Actor, access: AccessRequestInfo, consistentWith?: string): Promise<InboundShareWithContent> {
    await this.caughtUp('sharing-inbox', consistentWith);
    const row = await this.inbound.findOneBy({ shareId });
    if (!row) throw new DomainError(`No received share ${shareId}`, 'inbound-share-not-found', 404);
    // The label decides (no break-glass past a sender's condition of sharing); the gate records the read.
    checkLabelAllows(row.view.label, actor.roles ?? [], 'read');
    await this.gate.read(actor, access, { kind: 'inbound-share', id: shareId, label: row.view.label }, 'read a received share');
    const [first] = await this.store.readStream(inboundShareStreamId(shareId), { limit: 1 });
    const event = first && eventOf(inboundShareEventSchemas, first);
    const received = event?.type === 'ShareReceived' ? event.data : undefined;
    // Revoked: its key is destroyed and the content reads as erased; say so rather than show the husk.
    const content = received && !(await isSubjectErased(this.store, inboundShareSubject(shareId))) ? received.content : undefined;
    return { ...row.view, content: content ?? null, contentStatus: content ? 'readable' : 'revoked-unreadable' };
  }

  async register(actor: Actor, page: Page<typeof OUTBOUND_CURSOR>, consistentWith?: string): Promise<{ entries: RegisterEntry[]; total: number; next: string | null }> {
    requireAnyRole(actor, REGISTER_ROLES, 'read the sharing register');
    await this.caughtUp('sharing-outbound', consistentWith);
    const { rows, total, next } = await keysetFind(this.outbound, {}, 'createdAt', 'shareId', page);
    return { entries: rows.map((r) => registerEntry(r.view)), total, next };
  }

  async refusedMessages(actor: Actor, page: Page<typeof REFUSED_CURSOR>, consistentWith?: string) {
    requireAnyRole(actor, REGISTER_ROLES, 'read the refused share messages');
    await this.caughtUp('sharing-refusals', consistentWith);
    const { rows, total, next } = await keysetFind(this.refused, {}, 'refusedAt', 'messageId', page);
    return { messages: rows.map((r) => r.view), total, next };
  }

  private async caughtUp(name: string, position?: string): Promise<void> {
    if (!position) return;
    await this.projections.waitForProjection(name, position, 3000).catch(notYetConsistent('The read model has not caught up with that position yet; try again shortly'));
  }
}

function requireAnyRole(actor: Actor, roles: readonly string[], what: string): void {
  if (!(actor.roles ?? []).some((r) => roles.includes(r))) {
    throw new DomainError(`Only a user with one of the roles ${roles.join(', ')} may ${what}; nothing was shown`, 'forbidden', 403);
  }
}

export function registerEntry(view: OutboundShareView): RegisterEntry {
  const decided = view.refusal ?? view.decisionNotToShare;
  const outcome: RegisterEntry['outcome'] = view.refusal ? 'refused' : view.decisionNotToShare ? 'not-shared' : view.sentAt ? 'disclosed' : 'pending';
  return {
    shareId: view.shareId,
    outcome,
    state: view.state,
    toWhom: view.peer,
    what: view.contentSummary,
    ...(view.label ? { label: view.label } : {}),
    why: view.purpose,
    ...(view.lawfulBasis ? { basis: view.lawfulBasis } : {}),
    ...(view.subjectInformed ? { subjectInformed: view.subjectInformed } : {}),
    ...(view.handlingConditions ? { handlingConditions: view.handlingConditions } : {}),
    ...(view.requestedBy ? { requestedBy: view.requestedBy, requestedAt: view.requestedAt } : {}),
    ...(decided ? { decidedBy: decided.by, decidedAt: decided.at, reason: decided.reason } : {}),
    ...(view.approvedBy ? { decidedBy: view.approvedBy, decidedAt: view.approvedAt } : {}),
    ...(view.sentAt ? { sentAt: view.sentAt } : {}),
    ...(view.acknowledgedAt ? { acknowledgedAt: view.acknowledgedAt } : {}),
    ...(view.revocation ? { revocation: view.revocation } : {}),
    ...(view.onwardFrom ? { onwardFrom: view.onwardFrom } : {}),
  };
}

import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AccessGate } from '@app/access';
import { Actor, DomainError, deterministicUuid } from '@app/common';
import { EVENT_STORE, EventStore, RecordedEvent, WrongExpectedRevisionError, canonicalJson } from '@app/event-store';
import { caseDecider } from '../case/case.decider';
import { CaseEvent, caseStreamId } from '../case/case.events';
import { SemracMeetingCommand, semracMeetingDecider } from './semrac-meeting.decider';
import { CaseDiscussionRecorded, SemracMeetingEvent, semracMeetingStreamId } from './semrac-meeting.events';

export interface MeetingCommandContext {
  actor: Actor;
  /** The request as the client sent it: what an Idempotency-Key is checked against. */
  request: unknown;
  idempotencyKey?: string;
  /** The meeting revision the client last saw (If-Match). */
  ifMatch?: number;
  reason?: string;
}

export interface MeetingCommandResult {
  meetingId: string;
  /** The meeting's revision after the command: the next If-Match. */
  revision: number;
  /** The latest position written (meeting or case stream), for `consistentWith`. */
  position?: string;
  /** False for an idempotent retry, or a command that changed nothing. */
  written: boolean;
  events: SemracMeetingEvent[];
}

/**
 * Runs a command against a meeting stream: load, decide, append with the revision it decided on,
 * exactly as the case executor does (If-Match, Idempotency-Key). A case discussion is written to
 * two streams: the meeting's, then the case's (`DiscussedAtSemrac`).
 */
@Injectable()
export class SemracMeetingCommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly gate?: AccessGate,
  ) {}

  async execute(meetingId: string, command: SemracMeetingCommand, context: MeetingCommandContext): Promise<MeetingCommandResult> {
    const streamId = semracMeetingStreamId(meetingId);
    const history = await this.store.readStream(streamId);
    this.authorize(meetingId, command, context.actor, history);
    const current = history.length - 1;

    const requestHash = createHash('sha256').update(canonicalJson(plain(context.request))).digest('hex');
    // Ids are always chosen here (random without a key) so the case event's id can be derived from them.
    const keyed = (index: number) =>
      deterministicUuid('semrac-meeting-command', meetingId, context.actor.agencyId, context.actor.userId, context.idempotencyKey!, String(index));
    const retried: RecordedEvent[] = [];
    if (context.idempotencyKey) {
      const byId = new Map(history.map((e) => [e.id, e]));
      for (let i = 0; byId.has(keyed(i)); i++) retried.push(byId.get(keyed(i))!);
    }
    if (retried.length > 0) {
      if (retried[0].metadata.requestHash !== requestHash) {
        throw new DomainError('This Idempotency-Key was already used for a different request; nothing was written', 'idempotency-key-reused', 409);
      }
      // The first attempt may have stopped between the two appends: finish it.
      const followUp = await this.mirrorDiscussions(retried, context);
      const last = retried[retried.length - 1];
      return {
        meetingId,
        revision: last.revision,
        position: maxPosition(last.position, followUp),
        written: false,
        events: retried.map((e) => ({ type: e.type, data: e.data }) as unknown as SemracMeetingEvent),
      };
    }

    if (context.ifMatch !== undefined && context.ifMatch !== current) {
      throw new WrongExpectedRevisionError(streamId, context.ifMatch, current);
    }
    const state = history.reduce((s, e) => semracMeetingDecider.evolve(s, e as unknown as SemracMeetingEvent), semracMeetingDecider.initialState());
    const now = new Date().toISOString();
    let events: SemracMeetingEvent[];
    try {
      events = semracMeetingDecider.decide({ ...command, meetingId, now } as never, state);
    } catch (error) {
      // A client retrying a discussion without a key after a failure between the two appends
      // gets "already discussed"; make sure the case has it before saying so.
      if (error instanceof DomainError && error.code === 'case-already-discussed' && command.type === 'RecordCaseDiscussion') {
        await this.mirrorDiscussions(
          history.filter((e) => e.type === 'CaseDiscussionRecorded' && (e.data as CaseDiscussionRecorded['data']).caseId === command.data.caseId),
          context,
        );
      }
      throw error;
    }
    if (events.length === 0) return { meetingId, revision: current, written: false, events };

    // The case must exist before the meeting records discussing it: refuse with nothing written.
    for (const event of events) if (event.type === 'CaseDiscussionRecorded') await this.decideCaseSide(event.data, now);

    const metadata = {
      actor: { userId: context.actor.userId, agencyId: context.actor.agencyId },
      ...(context.reason ? { reason: context.reason } : {}),
      ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey, requestHash } : {}),
    };
    const ids = events.map((_, i) => (context.idempotencyKey ? keyed(i) : randomUUID()));
    const result = await this.store.append(
      streamId,
      events.map((event, i) => ({ id: ids[i], type: event.type, data: event.data, metadata })),
      { expectedRevision: current < 0 ? 'no-stream' : current },
    );
    const stored = events.map((event, i) => ({ id: ids[i], type: event.type, data: event.data }) as Pick<RecordedEvent, 'id' | 'type' | 'data'>);
    const followUp = await this.mirrorDiscussions(stored, context);
    return { meetingId, revision: result.nextExpectedRevision, position: maxPosition(result.position, followUp), written: result.written, events };
  }

  /** The case's side of a discussion, decided by the case decider (which refuses an unknown case). */
  private async decideCaseSide(discussion: CaseDiscussionRecorded['data'], now: string): Promise<CaseEvent[]> {
    const history = await this.store.readStream(caseStreamId(discussion.caseId));
    const state = history.reduce((s, e) => caseDecider.evolve(s, e as unknown as CaseEvent), caseDecider.initialState());
    return caseDecider.decide(
      {
        type: 'RecordSemracDiscussion',
        caseId: discussion.caseId,
        now,
        data: {
          meetingId: discussion.meetingId,
          agreedRiskLevel: discussion.agreedRiskLevel,
          decisions: discussion.decisions,
          actionIds: discussion.actions.map((a) => a.actionId),
          discussedAt: discussion.discussedAt,
        },
      },
      state,
    );
  }

  /**
   * Appends `DiscussedAtSemrac` to each discussed case's stream. The meeting and the case are two
   * streams, so two appends and no transaction spanning them: if the process stops after the
   * meeting's append and before the case's, the meeting holds the discussion and the case does
   * not (its pending SEMRAC listings stay, its view lacks the discussion). Recovery is a retry:
   * with the same Idempotency-Key the executor finds the stored meeting event and comes here again;
   * without one, the second attempt is refused as "already discussed" after coming here. Either
   * way the case event's id is derived from the meeting event's id, so the store writes it once
   * however often this runs, and its content (everything from the meeting event) is the same.
   */
  private async mirrorDiscussions(events: Pick<RecordedEvent, 'id' | 'type' | 'data'>[], context: MeetingCommandContext): Promise<string[]> {
    const positions: string[] = [];
    for (const event of events) {
      if (event.type !== 'CaseDiscussionRecorded') continue;
      const discussion = event.data as CaseDiscussionRecorded['data'];
      const caseEvents = await this.decideCaseSide(discussion, discussion.discussedAt);
      const result = await this.store.append(
        caseStreamId(discussion.caseId),
        caseEvents.map((e, i) => ({
          id: deterministicUuid('discussed-at-semrac', event.id, String(i)),
          type: e.type,
          data: e.data,
          metadata: { actor: { userId: context.actor.userId, agencyId: context.actor.agencyId }, causationId: event.id },
        })),
        { expectedRevision: 'stream-exists' },
      );
      positions.push(result.position);
    }
    return positions;
  }

  /** The access policy runs the meeting: its chairs; an action's follow-up also its members and owner agency. */
  private authorize(meetingId: string, command: SemracMeetingCommand, actor: Actor, history: readonly RecordedEvent[]): void {
    if (!this.gate) return;
    let actionOwnerAgencyId: string | undefined;
    if (command.type === 'ChangeActionStatus') {
      for (const event of history) {
        if (event.type !== 'CaseDiscussionRecorded') continue;
        const action = (event.data as unknown as CaseDiscussionRecorded['data']).actions.find((a) => a.actionId === command.data.actionId);
        if (action) actionOwnerAgencyId = action.ownerAgencyId;
      }
    }
    const decision = this.gate.decide(actor, 'write', { kind: 'semrac', id: meetingId, ...(actionOwnerAgencyId ? { actionOwnerAgencyId } : {}) });
    if (decision.outcome !== 'allow') throw new DomainError(`${decision.reason}: nothing was written`, 'forbidden', 403);
  }
}

function maxPosition(first: string, others: string[]): string {
  return [first, ...others].reduce((a, b) => (b > a ? b : a));
}

function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { DomainError, notYetConsistent } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { GetSemracMeetingQuery } from './get-semrac-meeting.query';
import type { SemracMeetingView } from './semrac-meeting-view';
import { loadSemracMeetings } from './semrac-meetings.projection';

@QueryHandler(GetSemracMeetingQuery)
export class GetSemracMeetingHandler implements IQueryHandler<GetSemracMeetingQuery, SemracMeetingView> {
  constructor(
    @InjectEntityManager() private readonly manager: EntityManager,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ meetingId, consistentWith }: GetSemracMeetingQuery): Promise<SemracMeetingView> {
    if (consistentWith) await waitFor(this.projections, ['semrac-meetings'], consistentWith);
    const view = (await loadSemracMeetings(this.manager, [meetingId])).get(meetingId);
    if (!view) throw new DomainError(`No SEMRAC meeting ${meetingId}`, 'meeting-not-found', 404);
    return view;
  }
}

/** Waits until the named read models have caught up with a position, or answers 409. */
export async function waitFor(projections: ProjectionsService, names: string[], position: string): Promise<void> {
  await Promise.all(names.map((name) => projections.waitForProjection(name, position, 3000))).catch(notYetConsistent('The read model has not caught up with that position yet; try again shortly'));
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager, In } from 'typeorm';
import { DomainError } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { ActionTrackerEntity } from '../action-tracker/action-tracker.entity';
import { CaseViewEntity } from '../case-view/case-view.entity';
import { waitFor } from '../semrac-meetings-view/get-semrac-meeting.handler';
import { SemracMeetingEntity } from '../semrac-meetings-view/semrac-meetings.entity';
import { GetSemracAgendaQuery } from './get-semrac-agenda.query';
import { AgendaCaseSource, SemracAgenda, buildSemracAgenda } from './semrac-agenda';

/** Loads the rows the agenda reads; `buildSemracAgenda` decides what goes on it. */
@QueryHandler(GetSemracAgendaQuery)
export class GetSemracAgendaHandler implements IQueryHandler<GetSemracAgendaQuery, SemracAgenda> {
  constructor(
    @InjectEntityManager() private readonly manager: EntityManager,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ meetingId, consistentWith }: GetSemracAgendaQuery): Promise<SemracAgenda> {
    if (consistentWith) await waitFor(this.projections, ['semrac-meetings', 'action-tracker', 'case-view'], consistentWith);
    const meeting = await this.manager.findOneBy(SemracMeetingEntity, { meetingId });
    if (!meeting) throw new DomainError(`No SEMRAC meeting ${meetingId}`, 'meeting-not-found', 404);
    const cases = await this.manager.find(CaseViewEntity, { where: { status: 'open' }, select: { caseId: true, view: true } });
    const actions = await this.manager.findBy(ActionTrackerEntity, { status: In(['open', 'in-progress']) });
    return buildSemracAgenda({
      meeting: { meetingId, scheduledFor: meeting.scheduledFor },
      cases: cases.map((row): AgendaCaseSource => row.view),
      actions,
    });
  }
}

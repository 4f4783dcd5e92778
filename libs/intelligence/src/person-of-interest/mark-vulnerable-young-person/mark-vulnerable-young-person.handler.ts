import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { caseExists } from '../../shared/child-cases';
import { PoiChangeAnswer, PoiCommands, answer } from '../poi-commands';
import { MarkVulnerableYoungPersonCommand } from './mark-vulnerable-young-person.command';

@CommandHandler(MarkVulnerableYoungPersonCommand)
export class MarkVulnerableYoungPersonHandler implements ICommandHandler<MarkVulnerableYoungPersonCommand, PoiChangeAnswer> {
  constructor(
    private readonly pois: PoiCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ poiId, mark, context }: MarkVulnerableYoungPersonCommand): Promise<PoiChangeAnswer> {
    if (mark.caseId && !(await caseExists(this.store, mark.caseId))) throw new DomainError(`caseId: no case ${mark.caseId}`, 'case-not-found', 404);
    return answer(poiId, await this.pois.run(poiId, { type: 'MarkVulnerableYoungPerson', data: mark }, context));
  }
}

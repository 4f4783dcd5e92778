import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, DomainError } from '@app/common';
import { caseExists } from '../../shared/child-cases';
import { PoiChangeAnswer, answer } from '../poi-commands';
import { personOfInterestStream } from '../person-of-interest.stream';
import { MarkVulnerableYoungPersonCommand } from './mark-vulnerable-young-person.command';

@CommandHandler(MarkVulnerableYoungPersonCommand)
export class MarkVulnerableYoungPersonHandler implements ICommandHandler<MarkVulnerableYoungPersonCommand, PoiChangeAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ poiId, mark, context }: MarkVulnerableYoungPersonCommand): Promise<PoiChangeAnswer> {
    if (mark.caseId && !(await caseExists(this.streams.store, mark.caseId))) throw new DomainError(`caseId: no case ${mark.caseId}`, 'case-not-found', 404);
    return answer(poiId, await this.streams.handle(personOfInterestStream, poiId, { type: 'MarkVulnerableYoungPerson', data: mark }, context));
  }
}

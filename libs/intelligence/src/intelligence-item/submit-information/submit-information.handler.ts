import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, DomainError, deterministicUuid } from '@app/common';
import { caseExists } from '../../shared/child-cases';
import { personOfInterestStream } from '../../person-of-interest/person-of-interest.stream';
import { intelligenceItemStream } from '../intelligence-item.stream';
import { SubmitInformationCommand, SubmitInformationResult } from './submit-information.command';

@CommandHandler(SubmitInformationCommand)
export class SubmitInformationHandler implements ICommandHandler<SubmitInformationCommand, SubmitInformationResult> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ submission, context }: SubmitInformationCommand): Promise<SubmitInformationResult> {
    // Subjects that point at records must point at records that exist.
    for (const [index, subject] of submission.subjects.entries()) {
      if (subject.kind === 'poi') {
        const { state } = await this.streams.load(personOfInterestStream, subject.ref!);
        if (!state.exists) throw new DomainError(`subjects.${index}: no person of interest ${subject.ref}`, 'poi-not-found', 404);
      }
      if (subject.kind === 'child-case' && !(await caseExists(this.streams.store, subject.ref!))) {
        throw new DomainError(`subjects.${index}: no case ${subject.ref}`, 'case-not-found', 404);
      }
    }
    // A retry with the same key addresses the same item, so it is found rather than submitted twice.
    const { actor, idempotencyKey } = context;
    const itemId = idempotencyKey ? deterministicUuid('intelligence-item', actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.streams.handle(intelligenceItemStream, itemId, { type: 'SubmitInformation', data: submission }, { ...context, ifMatch: undefined });
    return { itemId, revision: result.revision, position: result.position, created: result.written };
  }
}

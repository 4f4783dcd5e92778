import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, StreamCommandExecutor, deterministicUuid } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { caseExists } from '../../shared/child-cases';
import { PoiCommands } from '../../person-of-interest/poi-commands';
import { IntelligenceItemCommandEnvelope, intelligenceItemDecider } from '../intelligence-item.decider';
import { intelligenceStreamId } from '../intelligence-item.events';
import { SubmitInformationCommand, SubmitInformationResult } from './submit-information.command';

@CommandHandler(SubmitInformationCommand)
export class SubmitInformationHandler implements ICommandHandler<SubmitInformationCommand, SubmitInformationResult> {
  constructor(
    private readonly executor: StreamCommandExecutor,
    private readonly pois: PoiCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ submission, context }: SubmitInformationCommand): Promise<SubmitInformationResult> {
    // Subjects that point at records must point at records that exist.
    for (const [index, subject] of submission.subjects.entries()) {
      if (subject.kind === 'poi') {
        const { state } = await this.pois.load(subject.ref!);
        if (!state.exists) throw new DomainError(`subjects.${index}: no person of interest ${subject.ref}`, 'poi-not-found', 404);
      }
      if (subject.kind === 'child-case' && !(await caseExists(this.store, subject.ref!))) {
        throw new DomainError(`subjects.${index}: no case ${subject.ref}`, 'case-not-found', 404);
      }
    }
    // A retry with the same key addresses the same item, so it is found rather than submitted twice.
    const { actor, idempotencyKey } = context;
    const itemId = idempotencyKey ? deterministicUuid('intelligence-item', actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.executor.execute(
      intelligenceStreamId(itemId),
      intelligenceItemDecider,
      (now): IntelligenceItemCommandEnvelope => ({ type: 'SubmitInformation', data: submission, itemId, now, roles: actor.roles ?? [] }),
      { ...context, ifMatch: undefined },
    );
    return { itemId, revision: result.revision, position: result.position, created: result.written };
  }
}

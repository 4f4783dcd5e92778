import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, deterministicUuid } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { caseExists } from '../../shared/child-cases';
import { PoiCommands, answer } from '../poi-commands';
import { LinkAnswer, LinkPersonOfInterestCommand } from './link-person-of-interest.command';

@CommandHandler(LinkPersonOfInterestCommand)
export class LinkPersonOfInterestHandler implements ICommandHandler<LinkPersonOfInterestCommand, LinkAnswer> {
  constructor(
    private readonly pois: PoiCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ poiId, link, context }: LinkPersonOfInterestCommand): Promise<LinkAnswer> {
    // What the link points at must exist (a location is described, not recorded).
    if (link.target.kind === 'case' && !(await caseExists(this.store, link.target.caseId))) {
      throw new DomainError(`caseId: no case ${link.target.caseId}`, 'case-not-found', 404);
    }
    if (link.target.kind === 'poi') await this.pois.requireLivePoi(link.target.poiId, 'poiId');
    const { actor, idempotencyKey } = context;
    const linkId = idempotencyKey ? deterministicUuid('poi-link', poiId, actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.pois.run(poiId, { type: 'LinkPersonOfInterest', data: { linkId, ...link } }, context);
    const linked = result.events.find((e) => e.type === 'PersonOfInterestLinked');
    return { ...answer(poiId, result), ...(linked ? { linkId: linked.data.linkId } : {}) };
  }
}

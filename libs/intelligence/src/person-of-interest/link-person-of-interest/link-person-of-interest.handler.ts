import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, DomainError, deterministicUuid } from '@app/common';
import { caseExists } from '../../shared/child-cases';
import { answer, requireLivePoi } from '../poi-commands';
import { personOfInterestStream } from '../person-of-interest.stream';
import { LinkAnswer, LinkPersonOfInterestCommand } from './link-person-of-interest.command';

@CommandHandler(LinkPersonOfInterestCommand)
export class LinkPersonOfInterestHandler implements ICommandHandler<LinkPersonOfInterestCommand, LinkAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ poiId, link, context }: LinkPersonOfInterestCommand): Promise<LinkAnswer> {
    // What the link points at must exist (a location is described, not recorded).
    if (link.target.kind === 'case' && !(await caseExists(this.streams.store, link.target.caseId))) {
      throw new DomainError(`caseId: no case ${link.target.caseId}`, 'case-not-found', 404);
    }
    if (link.target.kind === 'poi') await requireLivePoi(this.streams, link.target.poiId, 'poiId');
    const { actor, idempotencyKey } = context;
    const linkId = idempotencyKey ? deterministicUuid('poi-link', poiId, actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.streams.handle(personOfInterestStream, poiId, { type: 'LinkPersonOfInterest', data: { linkId, ...link } }, context);
    const linked = result.events.find((e) => e.type === 'PersonOfInterestLinked');
    return { ...answer(poiId, result), ...(linked ? { linkId: linked.data.linkId } : {}) };
  }
}

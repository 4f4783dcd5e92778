import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, deterministicUuid } from '@app/common';
import { personOfInterestStream } from '../person-of-interest.stream';
import { RecordPersonOfInterestCommand, RecordPersonOfInterestResult } from './record-person-of-interest.command';

@CommandHandler(RecordPersonOfInterestCommand)
export class RecordPersonOfInterestHandler implements ICommandHandler<RecordPersonOfInterestCommand, RecordPersonOfInterestResult> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ identifiers, context }: RecordPersonOfInterestCommand): Promise<RecordPersonOfInterestResult> {
    // A retry with the same key addresses the same POI, so it is found rather than recorded twice.
    const { actor, idempotencyKey } = context;
    const poiId = idempotencyKey ? deterministicUuid('person-of-interest', actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.streams.handle(personOfInterestStream, poiId, { type: 'RecordPersonOfInterest', data: { identifiers } }, { ...context, ifMatch: undefined });
    return { poiId, revision: result.revision, position: result.position, created: result.written };
  }
}

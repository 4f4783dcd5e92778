import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, deterministicUuid } from '@app/common';
import { answer } from '../poi-commands';
import { personOfInterestStream } from '../person-of-interest.stream';
import { DisruptionAnswer, RecordDisruptionCommand } from './record-disruption.command';

@CommandHandler(RecordDisruptionCommand)
export class RecordDisruptionHandler implements ICommandHandler<RecordDisruptionCommand, DisruptionAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ poiId, disruption, context }: RecordDisruptionCommand): Promise<DisruptionAnswer> {
    const { actor, idempotencyKey } = context;
    const disruptionId = idempotencyKey ? deterministicUuid('poi-disruption', poiId, actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.streams.handle(personOfInterestStream, poiId, { type: 'RecordDisruption', data: { disruptionId, ...disruption } }, context);
    const recorded = result.events.find((e) => e.type === 'DisruptionRecorded');
    return { ...answer(poiId, result), ...(recorded ? { disruptionId: recorded.data.disruptionId } : {}) };
  }
}

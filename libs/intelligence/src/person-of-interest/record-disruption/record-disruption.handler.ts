import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/common';
import { PoiCommands, answer } from '../poi-commands';
import { DisruptionAnswer, RecordDisruptionCommand } from './record-disruption.command';

@CommandHandler(RecordDisruptionCommand)
export class RecordDisruptionHandler implements ICommandHandler<RecordDisruptionCommand, DisruptionAnswer> {
  constructor(private readonly pois: PoiCommands) {}

  async execute({ poiId, disruption, context }: RecordDisruptionCommand): Promise<DisruptionAnswer> {
    const { actor, idempotencyKey } = context;
    const disruptionId = idempotencyKey ? deterministicUuid('poi-disruption', poiId, actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.pois.run(poiId, { type: 'RecordDisruption', data: { disruptionId, ...disruption } }, context);
    const recorded = result.events.find((e) => e.type === 'DisruptionRecorded');
    return { ...answer(poiId, result), ...(recorded ? { disruptionId: recorded.data.disruptionId } : {}) };
  }
}

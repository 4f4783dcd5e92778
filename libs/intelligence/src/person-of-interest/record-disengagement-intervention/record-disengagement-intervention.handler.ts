import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/common';
import { PoiCommands, answer } from '../poi-commands';
import { InterventionAnswer, RecordDisengagementInterventionCommand } from './record-disengagement-intervention.command';

@CommandHandler(RecordDisengagementInterventionCommand)
export class RecordDisengagementInterventionHandler implements ICommandHandler<RecordDisengagementInterventionCommand, InterventionAnswer> {
  constructor(private readonly pois: PoiCommands) {}

  async execute({ poiId, intervention, context }: RecordDisengagementInterventionCommand): Promise<InterventionAnswer> {
    const { actor, idempotencyKey } = context;
    const interventionId = idempotencyKey ? deterministicUuid('poi-intervention', poiId, actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.pois.run(poiId, { type: 'RecordDisengagementIntervention', data: { interventionId, ...intervention } }, context);
    const recorded = result.events.find((e) => e.type === 'DisengagementInterventionRecorded');
    return { ...answer(poiId, result), ...(recorded ? { interventionId: recorded.data.interventionId } : {}) };
  }
}

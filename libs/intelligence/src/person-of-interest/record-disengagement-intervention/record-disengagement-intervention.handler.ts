import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandStreams, deterministicUuid } from '@app/common';
import { answer } from '../poi-commands';
import { personOfInterestStream } from '../person-of-interest.stream';
import { InterventionAnswer, RecordDisengagementInterventionCommand } from './record-disengagement-intervention.command';

@CommandHandler(RecordDisengagementInterventionCommand)
export class RecordDisengagementInterventionHandler implements ICommandHandler<RecordDisengagementInterventionCommand, InterventionAnswer> {
  constructor(private readonly streams: CommandStreams) {}

  async execute({ poiId, intervention, context }: RecordDisengagementInterventionCommand): Promise<InterventionAnswer> {
    const { actor, idempotencyKey } = context;
    const interventionId = idempotencyKey ? deterministicUuid('poi-intervention', poiId, actor.agencyId, actor.userId, idempotencyKey) : randomUUID();
    const result = await this.streams.handle(personOfInterestStream, poiId, { type: 'RecordDisengagementIntervention', data: { interventionId, ...intervention } }, context);
    const recorded = result.events.find((e) => e.type === 'DisengagementInterventionRecorded');
    return { ...answer(poiId, result), ...(recorded ? { interventionId: recorded.data.interventionId } : {}) };
  }
}

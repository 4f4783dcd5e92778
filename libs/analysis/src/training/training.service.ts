import { Injectable } from '@nestjs/common';
import { Actor, CommandStreams } from '@app/common';
import { RecordTrainingCourseDto } from './record-training-course.dto';
import { TrainingCourse } from './training.events';
import { trainingStream } from './training.stream';

export interface TrainingAnswer {
  agencyId: string;
  course: TrainingCourse;
  heldOn: string;
  position?: string;
  created: boolean;
}

/** Records a course on the acting admin's own agency's stream. */
@Injectable()
export class TrainingService {
  constructor(private readonly streams: CommandStreams) {}

  async record(actor: Actor, input: RecordTrainingCourseDto, idempotencyKey?: string): Promise<TrainingAnswer> {
    const { course, heldOn, staffInPost, staffTrained, note } = input;
    const result = await this.streams.handle(
      trainingStream,
      actor.agencyId,
      { type: 'RecordTrainingCourse', data: { course, heldOn, staffInPost, staffTrained, ...(note !== undefined ? { note } : {}) } },
      { actor, request: input, idempotencyKey },
    );
    return { agencyId: actor.agencyId, course, heldOn, ...(result.position ? { position: result.position } : {}), created: result.written };
  }
}

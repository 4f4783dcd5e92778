import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes, badRequest } from '@app/common';
import { RecordTrainingCourseDto } from './record-training-course.dto';
import { TrainingAnswer, TrainingService } from './training.service';

/** TrainingAnswer in the OpenAPI document. */
const TRAINING_ANSWER = {
  type: 'object',
  required: ['agencyId', 'course', 'heldOn', 'created'],
  properties: {
    agencyId: { type: 'string' },
    course: { type: 'string' },
    heldOn: { type: 'string' },
    position: { type: 'string', description: 'Pass to `GET /analysis/profile?consistentWith=` to read the coverage with this course' },
    created: { type: 'boolean', description: 'False when this was a retry with the same Idempotency-Key and nothing new was written' },
  },
  example: { agencyId: 'bf-school', course: 'cse-awareness', heldOn: '2026-10-14', position: '00000000000000000042:00000000000000000000', created: true },
};

@ApiTags('analysis')
@Controller('training')
export class TrainingController {
  constructor(private readonly training: TrainingService) {}

  @Post('records')
  @HttpCode(201)
  @ApiOperation({
    summary: "Record a CSE training course held by your agency: staff in post and staff trained (strategy actions 1.3, 3.3)",
    description: "The agency's admin records its own courses; the counts feed the profile's `training.coverage` table. No trainee is named.",
  })
  @ApiCommandHeaders({ ifMatch: false })
  @ApiCreatedResponse({ description: 'Recorded (or, on a retry with the same key, found)', schema: TRAINING_ANSWER })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid (e.g. more trained than in post): `errors` names it; nothing was written' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different request' })
  @ApiUnprocessableEntityResponse({ description: 'A rule refused the record (e.g. a course held in the future)' })
  @Writes('training', 'RecordTrainingCourse')
  record(@CurrentActor() actor: Actor, @Body() body: RecordTrainingCourseDto, @CommandHeaders() headers: CommandHeaderValues): Promise<TrainingAnswer> {
    // A rule across two fields: named here, as the DTO names each field's own.
    if (body.staffTrained > body.staffInPost) throw badRequest([{ field: 'staffTrained', problems: ['must not exceed staffInPost'] }]);
    return this.training.record(actor, body, headers.idempotencyKey);
  }
}

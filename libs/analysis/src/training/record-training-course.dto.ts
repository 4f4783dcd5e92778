import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate } from '@app/common';
import { MAX_STAFF_IN_POST, MAX_TRAINING_NOTE, TRAINING_COURSE_CODES, TrainingCourse } from './training.events';

export class RecordTrainingCourseDto {
  @ApiProperty({ enum: TRAINING_COURSE_CODES, example: 'cse-awareness' })
  @IsIn(TRAINING_COURSE_CODES)
  course: TrainingCourse;

  @ApiProperty({ example: '2026-10-14', description: 'The day the course was held (YYYY-MM-DD), not in the future' })
  // A real date in the sane range (1900 onwards): the decider refuses one in the future.
  @IsCalendarDate()
  heldOn: string;

  @ApiProperty({ example: 120, minimum: 0, maximum: MAX_STAFF_IN_POST, description: 'Staff and volunteers in post that day' })
  @IsInt()
  @Min(0)
  @Max(MAX_STAFF_IN_POST)
  staffInPost: number;

  @ApiProperty({ example: 34, minimum: 0, description: 'Of them, those who completed the course: at most staffInPost' })
  @IsInt()
  @Min(0)
  @Max(MAX_STAFF_IN_POST)
  staffTrained: number;

  @ApiPropertyOptional({ example: 'Delivered with the LSCB trainer', description: 'No names: the course, not who attended' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TRAINING_NOTE)
  note?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { RECORD_KIND_CODES, RETENTION_DECISIONS, RecordKind, RetentionDecision } from './retention.events';

export class ReviewRetentionDto {
  @ApiProperty({ enum: RECORD_KIND_CODES })
  @IsIn(RECORD_KIND_CODES)
  recordKind: RecordKind;

  @ApiProperty({ example: '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f', description: 'The intelligence item id or the case id' })
  @IsUUID()
  recordId: string;

  @ApiProperty({ enum: RETENTION_DECISIONS })
  @IsIn(RETENTION_DECISIONS)
  decision: RetentionDecision;

  @ApiProperty({ example: 'Linked to an open investigation (OP-KESTREL-2026)', description: 'Why: recorded with the decision' })
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ example: '2027-11-28', description: 'Retain only: the next review date (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'nextReviewOn must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'nextReviewOn must be a real calendar date' })
  nextReviewOn?: string;
}

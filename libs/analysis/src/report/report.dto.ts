import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_NARRATIVE, MAX_REPORT_TITLE } from './report.events';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class DraftBoardReportDto {
  @ApiProperty({ example: '2026-05', description: 'First month of the period, YYYY-MM' })
  @IsString()
  @Matches(MONTH, { message: 'from must be a month, YYYY-MM' })
  from: string;

  @ApiProperty({ example: '2026-10', description: 'Last month, YYYY-MM, not before `from`; at most 60 months in all' })
  @IsString()
  @Matches(MONTH, { message: 'to must be a month, YYYY-MM' })
  to: string;

  @ApiProperty({ example: 'CSE action plan: report to the LSCB, winter 2026', minLength: 1, maxLength: MAX_REPORT_TITLE })
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(MAX_REPORT_TITLE)
  title: string;
}

export class WriteNarrativeDto {
  @ApiProperty({
    example: 'Assemblies on healthy relationships reached every secondary school this half year.',
    maxLength: MAX_NARRATIVE,
    description: 'What the board’s officers say about the action: aggregates and work done, never a child. Replaces any earlier text',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NARRATIVE)
  text: string;
}

export class ListBoardReportsDto {
  @ApiPropertyOptional({ example: 20, default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ type: String, maxLength: 500, description: 'The `next` of the previous page. Leave out for the first page.' })
  @Allow() // checked by decodeCursor, which names `query after`
  after?: unknown;

  /** Not accepted (the list changes while it is read): kept known so that the answer says to page with `after`. */
  @Allow()
  offset?: unknown;

  @ApiPropertyOptional({ description: 'A position returned by a command: wait until the list includes it' })
  @IsOptional()
  @Matches(/^\d{20}:\d{20}$/, { message: 'consistentWith must be a position returned by a command' })
  consistentWith?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ASSESSMENT_CODES, Assessment, HANDLING_CODE_LIST, HandlingCode, SOURCE_EVALUATION_CODES, SourceEvaluation } from '../intelligence-item.events';

/** 3x5x2 (DOMAIN.md, "Intelligence"). */
export class GradeIntelligenceDto {
  @ApiProperty({ enum: SOURCE_EVALUATION_CODES, example: 2, description: 'Source evaluation: 1 reliable, 2 untested, 3 not reliable' })
  @IsIn(SOURCE_EVALUATION_CODES)
  source: SourceEvaluation;

  @ApiProperty({
    enum: ASSESSMENT_CODES,
    example: 'B',
    description: 'A known directly to the source; B known indirectly but corroborated; C known indirectly; D not known; E suspected to be false',
  })
  @IsIn(ASSESSMENT_CODES)
  assessment: Assessment;

  @ApiProperty({ enum: HANDLING_CODE_LIST, example: 'P', description: 'P lawful sharing permitted; C sharing permitted with conditions (give them)' })
  @IsIn(HANDLING_CODE_LIST)
  handling: HandlingCode;

  @ApiPropertyOptional({ example: 'Not to be shared outside the police without the originator’s consent', description: 'Handling C: the written conditions (required)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  conditions?: string;
}

export const GRADE_EXAMPLES = {
  p: { summary: 'Handling P', value: { source: 2, assessment: 'B', handling: 'P' } },
  c: { summary: 'Handling C, with conditions', value: { source: 1, assessment: 'A', handling: 'C', conditions: 'Not to be shared outside the police without the originator’s consent' } },
};

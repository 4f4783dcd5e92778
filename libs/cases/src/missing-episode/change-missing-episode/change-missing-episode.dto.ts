import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { MISSING_RISK_LEVEL_CODES, MissingRiskLevel, POLICE_CATEGORY_CODES, PoliceCategory } from '../missing-episode.events';
import { IsInstant, IsShortTexts } from '../missing-episode.validators';

export class UpdateMissingEpisodeDto {
  @ApiPropertyOptional({ enum: POLICE_CATEGORY_CODES, example: 'missing' })
  @IsOptional()
  @IsIn(POLICE_CATEGORY_CODES)
  policeCategory?: PoliceCategory;

  @ApiPropertyOptional({ enum: MISSING_RISK_LEVEL_CODES, example: 'high' })
  @IsOptional()
  @IsIn(MISSING_RISK_LEVEL_CODES)
  riskLevel?: MissingRiskLevel;

  @ApiPropertyOptional({ example: true, description: 'Marking an episode concerning lists the child for SEMRAC' })
  @IsOptional()
  @IsBoolean()
  concerning?: boolean;

  @ApiPropertyOptional({ example: 'Intelligence: seen with a person of interest' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  concernNote?: string;

  @ApiPropertyOptional({ type: [String], example: ['Conflict with staff', 'Bullying at school'] })
  @IsOptional()
  @IsShortTexts()
  pushFactors?: string[];

  @ApiPropertyOptional({ type: [String], example: ['Older friends with a car'] })
  @IsOptional()
  @IsShortTexts()
  pullFactors?: string[];

  @ApiProperty({ example: 'Police raised the risk after new intelligence', description: 'Why: recorded with the change' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;
}

export const UPDATE_FIELDS = ['policeCategory', 'riskLevel', 'concerning', 'concernNote', 'pushFactors', 'pullFactors'] as const;

export class RecordReturnDto {
  @ApiProperty({ example: '2026-11-27T15:00:00Z', description: 'When the child returned or was found (not before last seen)' })
  @IsInstant()
  returnedAt: string;

  @ApiProperty({ example: 'Town centre car park' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  whereFound: string;

  @ApiPropertyOptional({ example: 'Two older males', description: 'Who the child was found with' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  foundWith?: string;

  @ApiPropertyOptional({ example: 'Police', description: 'Who brought the child back' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  returnedBy?: string;
}

export class InterviewerDto {
  @ApiProperty({ example: 'Alex Interviewer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'bf-rhi-service' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { message: 'agencyId must be 1-100 letters, digits or ._:-' })
  agencyId: string;
}

export class InterviewAttemptDto {
  @ApiProperty({ example: '2026-11-28T09:00:00Z' })
  @IsInstant()
  at: string;

  @ApiProperty({ example: 'RHI worker' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  by: string;

  @ApiProperty({ example: 'No answer at the placement' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  outcome: string;
}

const held = (o: ReturnInterviewDto) => o.outcome === 'held';
const notHeld = (o: ReturnInterviewDto) => o.outcome === 'not-held';

/** Held (by whom, when, where, what was learned) or not held (why, the attempts made). */
export class ReturnInterviewDto {
  @ApiProperty({ enum: ['held', 'not-held'], example: 'held' })
  @IsIn(['held', 'not-held'])
  outcome: 'held' | 'not-held';

  @ApiPropertyOptional({ example: '2026-11-28T16:00:00Z', description: 'Held: when' })
  @ValidateIf(held)
  @IsInstant()
  heldAt?: string;

  @ApiPropertyOptional({ type: InterviewerDto, description: 'Held: by whom' })
  @ValidateIf(held)
  @ValidateNested()
  @Type(() => InterviewerDto)
  heldBy?: InterviewerDto;

  @ApiPropertyOptional({ example: 'At school, in the pastoral room', description: 'Held: where' })
  @ValidateIf(held)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  where?: string;

  @ApiPropertyOptional({ example: 'Stayed at an address in the town centre with older males; given alcohol.', description: 'Held: what was learned' })
  @ValidateIf(held)
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  learned?: string;

  @ApiPropertyOptional({ example: 'Child declined to take part', description: 'Not held: why' })
  @ValidateIf(notHeld)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ type: [InterviewAttemptDto], description: 'Not held: the attempts made' })
  @ValidateIf(notHeld)
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => InterviewAttemptDto)
  attempts?: InterviewAttemptDto[];
}

export const HELD_FIELDS = ['heldAt', 'heldBy', 'where', 'learned'] as const;
export const NOT_HELD_FIELDS = ['reason', 'attempts'] as const;

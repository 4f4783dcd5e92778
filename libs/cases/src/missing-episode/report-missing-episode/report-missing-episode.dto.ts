import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  MISSING_FROM_CODES,
  MISSING_RISK_LEVEL_CODES,
  MissingFrom,
  MissingRiskLevel,
  POLICE_CATEGORY_CODES,
  PoliceCategory,
} from '../missing-episode.events';
import { IsInstant, IsShortTexts } from '../missing-episode.validators';

export class ReportMissingEpisodeDto {
  @ApiProperty({ enum: MISSING_FROM_CODES, example: 'care-placement' })
  @IsIn(MISSING_FROM_CODES)
  missingFrom: MissingFrom;

  @ApiPropertyOptional({ example: 'Residential children’s home', description: 'The placement or place, in the reporter’s words' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  missingFromDetail?: string;

  @ApiProperty({ example: '2026-11-26T21:00:00Z', description: 'When the child was last seen (ISO 8601 with a time zone)' })
  @IsInstant()
  lastSeenAt: string;

  @ApiPropertyOptional({ example: '2026-11-26T23:30:00Z' })
  @IsOptional()
  @IsInstant()
  reportedToPoliceAt?: string;

  @ApiProperty({ enum: POLICE_CATEGORY_CODES, example: 'missing', description: 'The police category' })
  @IsIn(POLICE_CATEGORY_CODES)
  policeCategory: PoliceCategory;

  @ApiProperty({ enum: MISSING_RISK_LEVEL_CODES, example: 'medium' })
  @IsIn(MISSING_RISK_LEVEL_CODES)
  riskLevel: MissingRiskLevel;

  @ApiProperty({ example: false, description: 'Whether the episode appears concerning: a concerning episode lists the child for SEMRAC' })
  @IsBoolean()
  concerning: boolean;

  @ApiPropertyOptional({ example: 'Seen getting into a car with older males' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  concernNote?: string;

  @ApiPropertyOptional({ type: [String], example: ['Conflict with staff'], description: 'What drove the child away' })
  @IsOptional()
  @IsShortTexts()
  pushFactors?: string[];

  @ApiPropertyOptional({ type: [String], example: ['Older friends with a car'], description: 'What drew the child away' })
  @IsOptional()
  @IsShortTexts()
  pullFactors?: string[];
}

import { IsInstant, IsWithinDateBounds } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { SIGN_CODES, SignCode, VULNERABILITY_CODES, VulnerabilityCode } from '../../shared/indicators';
import { SIGN_SEVERITIES, SignSeverity } from '../risk-scheme';

export class AssessorDto {
  @ApiProperty({ example: 'Alex Practitioner' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Social worker, exploitation team' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role: string;

  @ApiProperty({ example: 'bf-csc', description: "The assessing agency's id in this board" })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { message: 'agencyId must be 1-100 letters, digits or ._:-' })
  agencyId: string;

  @ApiProperty({ example: "Bracknell Forest Children's Social Care" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agencyName: string;
}

export class AssessedSignDto {
  @ApiProperty({ enum: SIGN_CODES, example: 'S-MISSING' })
  @IsIn(SIGN_CODES)
  code: SignCode;

  @ApiProperty({ enum: SIGN_SEVERITIES, example: 'significant' })
  @IsIn(SIGN_SEVERITIES)
  severity: SignSeverity;

  @ApiProperty({ example: '2026-11-14', description: 'YYYY-MM-DD: when the sign was last observed (recency sets its weight)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'lastObserved must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'lastObserved must be a real calendar date' })
  @IsWithinDateBounds()
  lastObserved: string;
}

export class AssessRiskDto {
  @ApiProperty({ example: '2026-11-27T14:00:00.000Z', description: 'When the assessment was made; not in the future' })
  @IsInstant()
  assessedAt: string;

  @ApiProperty({ type: AssessorDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AssessorDto)
  assessor: AssessorDto;

  @ApiProperty({
    enum: VULNERABILITY_CODES,
    isArray: true,
    example: ['V-LOW-SELF-ESTEEM', 'V-HOMELESS'],
    description: 'Vulnerabilities present (strategy section 3); see GET /reference/indicators',
  })
  @IsArray()
  @ArrayMaxSize(VULNERABILITY_CODES.length)
  @IsIn(VULNERABILITY_CODES, { each: true })
  vulnerabilities: VulnerabilityCode[];

  @ApiProperty({
    type: [AssessedSignDto],
    description: 'Signs of current exploitation, each rated once with its severity and when last observed',
    example: [
      { code: 'S-MISSING', severity: 'significant', lastObserved: '2026-11-14' },
      { code: 'S-UNEXPLAINED-GIFTS', severity: 'moderate', lastObserved: '2026-10-02' },
    ],
  })
  @IsArray()
  @ArrayMaxSize(SIGN_CODES.length)
  @ValidateNested({ each: true })
  @Type(() => AssessedSignDto)
  signs: AssessedSignDto[];

  @ApiProperty({ example: false, description: "The child disclosed exploitation: sets the highest band and notifies police and children's social care" })
  @IsBoolean()
  disclosure: boolean;

  @ApiPropertyOptional({ example: 'Told the school nurse an older man gives her alcohol and asks for photos.', description: 'What was disclosed: required with a disclosure' })
  @ValidateIf((dto: AssessRiskDto) => dto.disclosure === true || dto.disclosureDetails !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'disclosureDetails is required with a disclosure' })
  @MaxLength(20_000)
  disclosureDetails?: string;

  @ApiProperty({ example: 'Missing overnight twice this month; new phone; engages with school nurse.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  summary: string;
}

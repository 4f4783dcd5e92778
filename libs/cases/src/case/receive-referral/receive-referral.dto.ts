import { IsInstant, IsWithinDateBounds } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import {
  AGENCY_KIND_CODES,
  AgencyKind,
  EXPLOITATION_MODEL_CODES,
  ExploitationModelCode,
  SIGN_CODES,
  SignCode,
  VULNERABILITY_CODES,
  VulnerabilityCode,
} from '../../shared/indicators';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export class ReferringAgencyDto {
  @ApiProperty({ example: 'bf-csc', description: 'The agency\'s id in this board' })
  @Matches(ID, { message: 'id must be 1-100 letters, digits or ._:-' })
  id: string;

  @ApiProperty({ enum: AGENCY_KIND_CODES, example: 'children-social-care' })
  @IsIn(AGENCY_KIND_CODES)
  kind: AgencyKind;

  @ApiProperty({ example: "Bracknell Forest Children's Social Care" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

export class ReferrerDto {
  @ApiProperty({ example: 'Alex Practitioner' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Social worker' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role: string;

  @ApiPropertyOptional({ example: '01344 000000' })
  @IsOptional()
  @Matches(/^[0-9 +()-]{6,30}$/, { message: 'phone must be 6-30 digits, spaces or +()-' })
  phone?: string;

  @ApiPropertyOptional({ example: 'alex.practitioner@example.gov.uk' })
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string;
}

export class ChildDetailsDto {
  @ApiProperty({ example: 'Jordan' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName: string;

  @ApiProperty({ example: 'Example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName: string;

  @ApiPropertyOptional({ example: 'Jo' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  knownAs?: string;

  @ApiPropertyOptional({ example: '2011-04-02', description: 'YYYY-MM-DD; give approximateAge when not known' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dateOfBirth must be a real calendar date' })
  @IsWithinDateBounds()
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: 14, description: 'When the date of birth is not known' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(25)
  approximateAge?: number;

  @ApiProperty({ enum: ['female', 'male', 'non-binary', 'not-known'] })
  @IsIn(['female', 'male', 'non-binary', 'not-known'])
  gender: 'female' | 'male' | 'non-binary' | 'not-known';

  @ApiPropertyOptional({ example: 'White British' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ethnicity?: string;

  @ApiPropertyOptional({ example: 'Great Hollands' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  area?: string;

  @ApiPropertyOptional({ example: 'Example Secondary School' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  school?: string;

  @ApiProperty({ description: 'Looked after by the local authority' })
  @IsBoolean()
  lookedAfter: boolean;

  @ApiProperty()
  @IsBoolean()
  careLeaver: boolean;

  @ApiProperty({ description: 'Migrant, or unaccompanied asylum seeking child' })
  @IsBoolean()
  migrantOrUnaccompanied: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  specialNeeds?: string;

  @ApiPropertyOptional({ type: [String], example: ['@jordan_example'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  onlineIdentities?: string[];
}

export class ReceiveReferralDto {
  @ApiPropertyOptional({ description: 'Add this referral to an existing case; omit to open a new case', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiProperty({ type: ReferringAgencyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReferringAgencyDto)
  referringAgency: ReferringAgencyDto;

  @ApiProperty({ type: ReferrerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReferrerDto)
  referrer: ReferrerDto;

  @ApiProperty({ type: ChildDetailsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ChildDetailsDto)
  child: ChildDetailsDto;

  @ApiProperty({ enum: VULNERABILITY_CODES, isArray: true, description: 'Vulnerabilities present (strategy section 3)' })
  @IsArray()
  @ArrayMaxSize(VULNERABILITY_CODES.length)
  @IsIn(VULNERABILITY_CODES, { each: true })
  vulnerabilities: VulnerabilityCode[];

  @ApiProperty({ enum: SIGN_CODES, isArray: true, description: 'Signs of current exploitation (strategy section 3)' })
  @IsArray()
  @ArrayMaxSize(SIGN_CODES.length)
  @IsIn(SIGN_CODES, { each: true })
  signs: SignCode[];

  @ApiProperty({ enum: EXPLOITATION_MODEL_CODES, description: 'Suspected model of exploitation (strategy section 4)' })
  @IsIn(EXPLOITATION_MODEL_CODES)
  suspectedModel: ExploitationModelCode;

  @ApiProperty({ example: 'Seen being collected from school by an older male in a car; new phone and clothes.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  narrative: string;

  @ApiProperty({ description: 'The child is in immediate danger. Safeguard is not an emergency channel: call 999.' })
  @IsBoolean()
  immediateDanger: boolean;

  @ApiProperty({ example: '2026-11-20T09:30:00.000Z', description: 'When the agency made the referral' })
  @IsInstant()
  referredAt: string;
}

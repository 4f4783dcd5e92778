import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CASE_FLAG_CODES, CaseFlag, LINK_KIND_CODES, LinkKind } from '../case.events';

export class SetFlagDto {
  @ApiPropertyOptional({ description: 'For a child witness: the support and protection in place (required then)', example: 'Registered intermediary; special measures agreed' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** Why a case was closed, reopened or had a flag removed (shares have their own ShareReasonDto). */
export class CaseChangeReasonDto {
  @ApiProperty({ example: 'Risk reduced to no current risk; support plan complete', description: 'Why: recorded with the change' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class LinkCasesDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  linkedCaseId: string;

  @ApiProperty({ enum: LINK_KIND_CODES })
  @IsIn(LINK_KIND_CODES)
  kind: LinkKind;

  @ApiPropertyOptional({ example: 'Both collected by the same car outside school' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class NameLeadProfessionalDto {
  @ApiProperty({ example: 'thames-valley-police' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { message: 'agencyId must be 1-100 letters, digits or ._:-' })
  agencyId: string;

  @ApiProperty({ example: 'Thames Valley Police' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agencyName: string;

  @ApiProperty({ example: 'DC Sam Example' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'CSE lead, child exploitation team' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role: string;

  @ApiPropertyOptional({ example: '101 ext 1234' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string;
}

export const FLAG_PARAM = { name: 'flag', enum: CASE_FLAG_CODES };
export type FlagParam = CaseFlag;

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { LAWFUL_BASIS_CODES, LawfulBasisCode } from '../shared/lawful-basis';
import { TLP_LABELS, TlpLabel } from '../shared/tlp';

/** A configured peer's id. */
export const PEER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export class LawfulBasisDto {
  @ApiProperty({ enum: LAWFUL_BASIS_CODES, example: 'dpa-2018-sch1-para18', description: 'cda-1998-s115, dpa-2018-sch1-para18, dpa-2018-sch8, consent, or other (with text)' })
  @IsIn(LAWFUL_BASIS_CODES)
  code: LawfulBasisCode;

  @ApiPropertyOptional({ example: 'Court order 2026/1234', description: 'Required with other: the basis in words' })
  @ValidateIf((b: LawfulBasisDto) => b.code === 'other' || b.text !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  text?: string;
}

export class SubjectInformedDto {
  @ApiProperty({ example: false, description: 'Whether the subject (or their parent or carer) was told of the share' })
  @IsBoolean()
  informed: boolean;

  @ApiPropertyOptional({ example: 'Telling her now could alert the suspected exploiter.', description: 'Required when not informed: why not' })
  @ValidateIf((s: SubjectInformedDto) => s.informed === false || s.reasonNotInformed !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reasonNotInformed?: string;
}

export class ContentSelectionDto {
  @ApiPropertyOptional({ example: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f', description: 'The case whose summary or chronology entries are shared' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ example: true, description: "The case summary: the child, flags, risk band, models, signs, vulnerabilities, lead professionals" })
  @IsOptional()
  @IsBoolean()
  includeCaseSummary?: boolean;

  @ApiPropertyOptional({ type: [String], description: "Chosen entries of the case's chronology, by eventId" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  chronologyEventIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Intelligence items, shared as their sanitised text only (refused before sanitising)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  intelligenceItemIds?: string[];
}

/** What every share names besides its content: to whom, under which label and basis, why. */
export class ShareTermsDto {
  @ApiProperty({ example: 'westmoor-lscb', description: 'A configured peer (GET /sharing/identity lists them)' })
  @Matches(PEER_ID, { message: 'peerId must be the id of a configured peer' })
  peerId: string;

  @ApiProperty({ enum: TLP_LABELS, example: 'AMBER', description: 'TLP 2.0; the peer must accept the label' })
  @IsIn(TLP_LABELS)
  label: TlpLabel;

  @ApiProperty({ example: 'The child has been found in Westmoor twice this month; to plan a joint safety response.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  purpose: string;

  @ApiProperty({ type: LawfulBasisDto })
  @IsDefined({ message: 'lawfulBasis is required: one of the fixed list, or other with text' })
  @ValidateNested()
  @Type(() => LawfulBasisDto)
  lawfulBasis: LawfulBasisDto;

  @ApiProperty({ type: SubjectInformedDto })
  @IsDefined({ message: 'subjectInformed is required: whether the subject was told, and if not why' })
  @ValidateNested()
  @Type(() => SubjectInformedDto)
  subjectInformed: SubjectInformedDto;

  @ApiPropertyOptional({ example: 'Children’s social care and police only. Do not disclose to the family.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  handlingConditions?: string;
}

/** Why a share was refused or revoked (the cases' own reason is CaseChangeReasonDto). */
export class ShareReasonDto {
  @ApiProperty({ example: 'No lawful basis shown for sharing the chronology.', description: 'Why the share was refused or revoked: recorded with the decision' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}


import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsDateOrInstant } from '../../shared/validators';
import { HOW_KNOWN_CODES, HowKnown, REFERENCED_SUBJECT_KINDS, SUBJECT_KIND_CODES, SubjectKind } from '../intelligence-item.events';

export class SubjectDto {
  @ApiProperty({ enum: SUBJECT_KIND_CODES, example: 'poi' })
  @IsIn(SUBJECT_KIND_CODES)
  kind: SubjectKind;

  @ApiPropertyOptional({ example: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10', description: "poi and child-case: the POI's or the case's id" })
  @ValidateIf((s: SubjectDto) => REFERENCED_SUBJECT_KINDS.includes(s.kind))
  @IsUUID()
  ref?: string;

  @ApiPropertyOptional({ example: 'Riverside Park', description: 'location, vehicle, phone, online-identity: what it is' })
  @ValidateIf((s: SubjectDto) => !REFERENCED_SUBJECT_KINDS.includes(s.kind))
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  text?: string;
}

export class SourceDto {
  @ApiProperty({ example: 'Morgan Quill', description: 'The source’s name, or how they are known' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['07700 900456', 'Year 10 at Example School'], description: 'Anything else that would identify the source' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  otherIdentifiers?: string[];

  @ApiPropertyOptional({ example: 'Friend of the child' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  relationship?: string;

  @ApiPropertyOptional({ example: 'Via the school’s safeguarding lead' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string;

  @ApiPropertyOptional({ example: 'Afraid of reprisals' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class SubmitInformationDto {
  @ApiProperty({ example: 'A friend of the child says a man called Danny picks girls up from Riverside Park in a black hatchback, AB12 CDE.', description: 'What is known, in the submitter’s words (sealed)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  information: string;

  @ApiProperty({ type: [SubjectDto], description: 'About whom or what: POIs, children (their cases), locations, vehicles, phone numbers, online identities' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SubjectDto)
  subjects: SubjectDto[];

  @ApiProperty({ example: '2026-11-27', description: 'When the submitter came to know it: a date, or a date and time with a zone' })
  @IsDateOrInstant()
  knownAt: string;

  @ApiProperty({ enum: HOW_KNOWN_CODES, example: 'told-by-someone-else', description: 'How the submitter knows it' })
  @IsIn(HOW_KNOWN_CODES)
  howKnown: HowKnown;

  @ApiPropertyOptional({ example: 'A pupil told the designated safeguarding lead', description: 'Required when howKnown is other' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  howKnownDetail?: string;

  @ApiProperty({ type: SourceDto, description: 'Who the information comes from: kept sealed, read only by intelligence officers, never disseminated' })
  @IsDefined()
  @ValidateNested()
  @Type(() => SourceDto)
  source: SourceDto;
}

export const SUBMIT_EXAMPLE = {
  information: 'Morgan Quill, a friend of the child, says a man called Danny picks girls up from Riverside Park in a black hatchback, AB12 CDE.',
  subjects: [
    { kind: 'poi', ref: '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10' },
    { kind: 'child-case', ref: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11' },
    { kind: 'location', text: 'Riverside Park' },
    { kind: 'vehicle', text: 'AB12 CDE, black hatchback' },
  ],
  knownAt: '2026-11-27',
  howKnown: 'told-by-someone-else',
  source: { name: 'Morgan Quill', otherIdentifiers: ['07700 900456', 'Year 10 at Example School'], relationship: 'Friend of the child' },
};

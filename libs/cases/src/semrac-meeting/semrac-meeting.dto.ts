import { IsInstant, IsWithinDateBounds } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { AGENCY_KIND_CODES, AgencyKind } from '../shared/indicators';
import { AGREED_RISK_LEVEL_CODES, AgreedRiskLevel, SEMRAC_ACTION_STATUS_CODES, SemracActionStatus } from './semrac-meeting.events';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const ID_MESSAGE = (field: string) => ({ message: `${field} must be 1-100 letters, digits or ._:-` });
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CoChairDto {
  @ApiProperty({ example: 'bf-csc' })
  @Matches(ID, ID_MESSAGE('agencyId'))
  agencyId: string;

  @ApiProperty({ example: "Bracknell Forest Children's Social Care" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agencyName: string;

  @ApiProperty({ enum: AGENCY_KIND_CODES, example: 'children-social-care', description: "One co-chair from children's social care, one from the police" })
  @IsIn(AGENCY_KIND_CODES)
  agencyKind: AgencyKind;

  @ApiProperty({ example: 'Chris Chair' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Head of safeguarding' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role: string;
}

export class ScheduleMeetingDto {
  @ApiProperty({ example: '2027-01-14T10:00:00.000Z', description: 'When the meeting starts. A past time records a meeting already held.' })
  @IsInstant()
  scheduledFor: string;

  @ApiProperty({ example: 'Time Square, Bracknell: meeting room 2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  venue: string;

  @ApiProperty({
    type: [CoChairDto],
    description: "SEMRAC is co-chaired by children's social care and the police: exactly one co-chair from each",
    example: [
      { agencyId: 'bf-csc', agencyName: "Children's Social Care", agencyKind: 'children-social-care', name: 'Chris Chair', role: 'Head of safeguarding' },
      { agencyId: 'tvp', agencyName: 'Thames Valley Police', agencyKind: 'police', name: 'DI Pat Chair', role: 'Detective inspector' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => CoChairDto)
  coChairs: CoChairDto[];
}

export class AttendeeDto {
  @ApiProperty({ example: 'tvp' })
  @Matches(ID, ID_MESSAGE('agencyId'))
  agencyId: string;

  @ApiProperty({ example: 'Thames Valley Police' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agencyName: string;

  @ApiProperty({ enum: ['present', 'apologies'], example: 'present' })
  @IsIn(['present', 'apologies'])
  attendance: 'present' | 'apologies';

  @ApiProperty({ example: 'DI Pat Chair' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Detective inspector, child exploitation' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role: string;
}

export class RecordAttendanceDto {
  @ApiProperty({
    type: [AttendeeDto],
    description: 'Who came and who sent apologies, by agency. A later record for the same person replaces the earlier one.',
    example: [
      { agencyId: 'bf-csc', agencyName: "Children's Social Care", attendance: 'present', name: 'Chris Chair', role: 'Head of safeguarding' },
      { agencyId: 'tvp', agencyName: 'Thames Valley Police', attendance: 'present', name: 'DI Pat Chair', role: 'Detective inspector' },
      { agencyId: 'bf-health', agencyName: 'Health', attendance: 'apologies', name: 'Dr Sam Example', role: 'Named nurse' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees: AttendeeDto[];
}

export class NewActionDto {
  @ApiProperty({ example: 'Complete the return home interview and share the learning with police' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;

  @ApiProperty({ example: 'bf-csc' })
  @Matches(ID, ID_MESSAGE('ownerAgencyId'))
  ownerAgencyId: string;

  @ApiProperty({ example: "Children's Social Care" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ownerAgencyName: string;

  @ApiProperty({ example: 'Alex Worker' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ownerPerson: string;

  @ApiProperty({ example: '2027-01-28', description: 'YYYY-MM-DD; not before the meeting' })
  @Matches(DAY, { message: 'dueDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a real calendar date' })
  @IsWithinDateBounds()
  dueDate: string;
}

export class RecordCaseDiscussionDto {
  @ApiProperty({ format: 'uuid', example: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11' })
  @IsUUID()
  caseId: string;

  @ApiProperty({ example: 'Three missing episodes since October; an older male seen collecting the child from school.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  summary: string;

  @ApiProperty({ enum: AGREED_RISK_LEVEL_CODES, example: 'moderate', description: 'The risk level the meeting agreed' })
  @IsIn(AGREED_RISK_LEVEL_CODES)
  agreedRiskLevel: AgreedRiskLevel;

  @ApiProperty({ type: [String], example: ['Police to consider a child abduction warning notice', 'Support plan revised'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(2000, { each: true })
  decisions: string[];

  @ApiProperty({ type: [NewActionDto], description: 'Each action gets an id in the answer, for its status changes' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NewActionDto)
  actions: NewActionDto[];
}

export class ChangeActionStatusDto {
  @ApiProperty({ enum: SEMRAC_ACTION_STATUS_CODES, example: 'done' })
  @IsIn(SEMRAC_ACTION_STATUS_CODES)
  status: SemracActionStatus;

  @ApiPropertyOptional({ example: 'Interview held on 20 January; learning shared', description: 'Required to cancel, or to reopen a done action' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CloseMeetingDto {
  @ApiPropertyOptional({ example: 'Next meeting 11 February' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

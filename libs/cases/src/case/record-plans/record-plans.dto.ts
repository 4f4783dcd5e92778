import { IsWithinDateBounds } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class InterventionDto {
  @ApiProperty({ example: 'bf-yos' })
  @Matches(ID, { message: 'agencyId must be 1-100 letters, digits or ._:-' })
  agencyId: string;

  @ApiProperty({ example: 'One-to-one mentoring on healthy relationships and online safety' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;

  @ApiProperty({ example: 'weekly' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  frequency: string;
}

export class RecordSupportPlanDto {
  @ApiProperty({ type: [String], example: ['Attends school full time', 'No further missing episodes', 'Knows who to call when at risk'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(1000, { each: true })
  objectives: string[];

  @ApiProperty({
    type: [InterventionDto],
    example: [
      { agencyId: 'bf-csc', description: 'Direct work with the child and family', frequency: 'weekly' },
      { agencyId: 'tvp', description: 'Disruption visits to the address of concern', frequency: 'fortnightly' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InterventionDto)
  interventions: InterventionDto[];

  @ApiProperty({ example: '2027-03-11', description: 'YYYY-MM-DD: when the plan is reviewed (at SEMRAC if due by a meeting)' })
  @Matches(DAY, { message: 'reviewDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'reviewDate must be a real calendar date' })
  @IsWithinDateBounds()
  reviewDate: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The SEMRAC meeting that agreed the plan (it must have discussed this case)' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;
}

export class SafetyPlanContactDto {
  @ApiProperty({ example: 'Officer in case' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role: string;

  @ApiProperty({ example: 'tvp' })
  @Matches(ID, { message: 'agencyId must be 1-100 letters, digits or ._:-' })
  agencyId: string;
}

export class RecordSafetyPlanDto {
  @ApiProperty({ example: 'TVP-43210001234', description: 'The police investigation the plan covers' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  investigationRef: string;

  @ApiProperty({ type: [String], example: ['Collected from school by a named adult', 'Address of concern on the patrol plan', 'Phone checked for new contacts with consent'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(1000, { each: true })
  measures: string[];

  @ApiProperty({
    type: [SafetyPlanContactDto],
    example: [
      { role: 'Officer in case', agencyId: 'tvp' },
      { role: 'Social worker', agencyId: 'bf-csc' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SafetyPlanContactDto)
  contacts: SafetyPlanContactDto[];

  @ApiProperty({ example: '2027-01-10', description: 'YYYY-MM-DD' })
  @Matches(DAY, { message: 'reviewDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'reviewDate must be a real calendar date' })
  @IsWithinDateBounds()
  reviewDate: string;
}

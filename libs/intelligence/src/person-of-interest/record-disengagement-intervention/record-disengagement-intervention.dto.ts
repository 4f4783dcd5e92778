import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../shared/validators';

export class RecordDisengagementInterventionDto {
  @ApiProperty({ example: 'Youth offending service', description: 'The agency delivering it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  agency: string;

  @ApiProperty({ example: 'Weekly mentoring and a diversionary sports programme', description: 'What the intervention is' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  intervention: string;

  @ApiProperty({ example: '2026-10-01' })
  @IsCalendarDate()
  startedOn: string;

  @ApiPropertyOptional({ example: '2026-11-20' })
  @IsOptional()
  @IsCalendarDate()
  endedOn?: string;

  @ApiPropertyOptional({ example: 'Engaged well; no further contact with the group reported' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  outcome?: string;
}

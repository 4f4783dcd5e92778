import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../shared/validators';
import { DISRUPTION_KIND_CODES, DisruptionKind } from '../person-of-interest.events';

export class RecordDisruptionDto {
  @ApiProperty({ enum: DISRUPTION_KIND_CODES, example: 'child-abduction-warning-notice' })
  @IsIn(DISRUPTION_KIND_CODES)
  kind: DisruptionKind;

  @ApiProperty({ example: '2026-11-02', description: 'When the notice was served, the order made, the arrest, the charge, or the outcome' })
  @IsCalendarDate()
  on: string;

  @ApiPropertyOptional({ example: 'CAWN/2026/0042', description: 'The police, court or order reference' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;

  @ApiPropertyOptional({ example: 'Served in person; covers the child on case 6a1d…', description: 'Required for an outcome: what it was' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

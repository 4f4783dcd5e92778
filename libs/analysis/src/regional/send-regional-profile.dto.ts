import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** The period to send; both or neither (then the last six whole months). */
export class SendRegionalProfileDto {
  @ApiPropertyOptional({ example: '2026-06', description: 'First month, YYYY-MM; with `to`. Default: six whole months before the current month' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11', description: 'Last month, YYYY-MM, not before `from`; at most 60 months. Default: the last whole month' })
  @IsOptional()
  @IsString()
  to?: string;
}

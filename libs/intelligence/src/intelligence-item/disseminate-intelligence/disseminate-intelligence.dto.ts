import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class DisseminateIntelligenceDto {
  @ApiPropertyOptional({ example: false, description: 'An urgent item for the police intelligence unit (default false)' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;
}

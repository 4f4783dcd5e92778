import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class MarkVulnerableYoungPersonDto {
  @ApiProperty({ example: 'Aged 17; himself groomed by older males and used to recruit others', description: 'Why: the vulnerability seen' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;

  @ApiPropertyOptional({ example: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', description: 'The young person’s own case, when they have one' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

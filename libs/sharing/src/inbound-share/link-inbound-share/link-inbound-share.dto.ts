import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class LinkInboundShareDto {
  @ApiProperty({ enum: ['case', 'poi'], example: 'case' })
  @IsIn(['case', 'poi'])
  kind: 'case' | 'poi';

  @ApiProperty({ example: '3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f', description: 'The local case or person of interest' })
  @IsUUID()
  id: string;

  @ApiPropertyOptional({ example: 'The same child: known here as a missing person since October.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ContentSelectionDto, ShareTermsDto } from '../share-terms.dto';

export class RequestShareDto extends ShareTermsDto {
  @ApiProperty({ type: ContentSelectionDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ContentSelectionDto)
  content: ContentSelectionDto;

  @ApiPropertyOptional({ description: 'When asking again after a refusal: the refused share' })
  @IsOptional()
  @IsUUID()
  previousShareId?: string;
}


import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ContentSelectionDto, PEER_ID } from '../share-terms.dto';

export class DecideNotToShareDto {
  @ApiProperty({ example: 'westmoor-lscb' })
  @Matches(PEER_ID, { message: 'peerId must be the id of a configured peer' })
  peerId: string;

  @ApiProperty({ example: 'Asked by Westmoor for the full chronology.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  purpose: string;

  @ApiProperty({ type: ContentSelectionDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ContentSelectionDto)
  content: ContentSelectionDto;

  @ApiProperty({ example: 'Not necessary: Westmoor police already hold the missing reports.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}


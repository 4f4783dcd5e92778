import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { PoiIdentifiersDto } from '../record-person-of-interest/record-person-of-interest.dto';

export class AddIdentifiersDto {
  @ApiProperty({ type: PoiIdentifiersDto, description: 'Only what is new is recorded; a date of birth or gender is added when none is on record' })
  @IsDefined()
  @ValidateNested()
  @Type(() => PoiIdentifiersDto)
  identifiers: PoiIdentifiersDto;
}

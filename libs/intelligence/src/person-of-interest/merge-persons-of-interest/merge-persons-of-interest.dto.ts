import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

export class MergePersonsOfInterestDto {
  @ApiProperty({ example: '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', description: 'The duplicate: merged into the POI in the path, it then refuses changes' })
  @IsUUID()
  duplicatePoiId: string;

  @ApiProperty({ example: 'Same person: the phone number and the vehicle match', description: 'Why they are the same person' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../shared/validators';
import { POI_GENDERS, PoiGender } from '../person-of-interest.events';

export class PoiNameDto {
  @ApiProperty({ example: 'Dan Fictional' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ['name', 'alias'], example: 'name', description: 'A name the person goes by, or an alias or nickname' })
  @IsIn(['name', 'alias'])
  kind: 'name' | 'alias';
}

export class PoiAddressDto {
  @ApiProperty({ example: '1 Example Road, Bracknell' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  address: string;

  @ApiPropertyOptional({ example: 'RG12 1AA' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 ]{2,10}$/, { message: 'postcode must be 2-10 letters, digits or spaces' })
  postcode?: string;
}

export class PoiVehicleDto {
  @ApiProperty({ example: 'AB12 CDE' })
  @Matches(/^[A-Za-z0-9 -]{1,12}$/, { message: 'registration must be 1-12 letters, digits, spaces or hyphens' })
  registration: string;

  @ApiPropertyOptional({ example: 'Black hatchback, tinted windows' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string;
}

export class PoiOnlineIdentityDto {
  @ApiProperty({ example: 'Snapchat' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  platform: string;

  @ApiProperty({ example: 'danny_f_00' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  handle: string;
}

/** Identifiers as the API takes them; every list optional. */
export class PoiIdentifiersDto {
  @ApiPropertyOptional({ type: [PoiNameDto], description: 'Names and aliases' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PoiNameDto)
  names?: PoiNameDto[];

  @ApiPropertyOptional({ example: '2002-03-04', description: 'YYYY-MM-DD, when known' })
  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: 24, description: 'When the date of birth is not known' })
  @IsOptional()
  @IsInt()
  @Min(8)
  @Max(110)
  approximateAge?: number;

  @ApiPropertyOptional({ enum: POI_GENDERS, example: 'male' })
  @IsOptional()
  @IsIn(POI_GENDERS)
  gender?: PoiGender;

  @ApiPropertyOptional({ type: [PoiAddressDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PoiAddressDto)
  addresses?: PoiAddressDto[];

  @ApiPropertyOptional({ type: [PoiVehicleDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PoiVehicleDto)
  vehicles?: PoiVehicleDto[];

  @ApiPropertyOptional({ type: [String], example: ['07700 900123'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { each: true, message: 'each of phoneNumbers must be 6-20 digits, spaces, brackets or hyphens, with an optional leading +' })
  phoneNumbers?: string[];

  @ApiPropertyOptional({ type: [PoiOnlineIdentityDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PoiOnlineIdentityDto)
  onlineIdentities?: PoiOnlineIdentityDto[];
}

export class RecordPersonOfInterestDto {
  @ApiProperty({ type: PoiIdentifiersDto, description: 'At least one name or alias' })
  @IsDefined()
  @ValidateNested()
  @Type(() => PoiIdentifiersDto)
  identifiers: PoiIdentifiersDto;
}

export const RECORD_POI_EXAMPLE = {
  identifiers: {
    names: [
      { name: 'Dan Fictional', kind: 'name' },
      { name: 'Danny F', kind: 'alias' },
    ],
    approximateAge: 24,
    gender: 'male',
    addresses: [{ address: '1 Example Road, Bracknell', postcode: 'RG12 1AA' }],
    vehicles: [{ registration: 'AB12 CDE', description: 'Black hatchback' }],
    phoneNumbers: ['07700 900123'],
    onlineIdentities: [{ platform: 'Snapchat', handle: 'danny_f_00' }],
  },
};

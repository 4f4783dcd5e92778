import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { LINK_NATURE_CODES, LOCATION_KIND_CODES, LinkNature, LocationKind } from '../person-of-interest.events';

export class LocationDto {
  @ApiProperty({ enum: LOCATION_KIND_CODES, example: 'park' })
  @IsIn(LOCATION_KIND_CODES)
  kind: LocationKind;

  @ApiProperty({ example: 'Riverside Park', description: 'The address, or the place’s name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'RG12 1AA' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 ]{2,10}$/, { message: 'postcode must be 2-10 letters, digits or spaces' })
  postcode?: string;
}

export const LINK_TARGETS = ['case', 'location', 'poi'] as const;

/** The link: to a child's case (`caseId`), a place (`location`) or another POI (`poiId`), with its nature. */
export class LinkPersonOfInterestDto {
  @ApiProperty({ enum: LINK_TARGETS, example: 'case', description: "What the POI is linked to: a child's case, a location, another POI" })
  @IsIn(LINK_TARGETS)
  to: (typeof LINK_TARGETS)[number];

  @ApiPropertyOptional({ example: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', description: "to = case: the child's case" })
  @ValidateIf((o: LinkPersonOfInterestDto) => o.to === 'case')
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ type: LocationDto, description: 'to = location: the address or place' })
  @ValidateIf((o: LinkPersonOfInterestDto) => o.to === 'location')
  @IsDefined()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ example: '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', description: 'to = poi: the other person of interest' })
  @ValidateIf((o: LinkPersonOfInterestDto) => o.to === 'poi')
  @IsUUID()
  poiId?: string;

  @ApiProperty({ enum: LINK_NATURE_CODES, example: 'suspected-exploiter', description: 'The nature of the link' })
  @IsIn(LINK_NATURE_CODES)
  nature: LinkNature;

  @ApiPropertyOptional({ example: 'Collects her from school in his car', description: 'Required when nature is other' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  detail?: string;
}

export const TARGET_FIELDS = { case: 'caseId', location: 'location', poi: 'poiId' } as const;

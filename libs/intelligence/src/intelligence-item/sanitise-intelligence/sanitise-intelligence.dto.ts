import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class SanitiseIntelligenceDto {
  @ApiProperty({
    example: 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback, AB12 CDE.',
    description: 'The text to disseminate: nothing in it may identify the source (refused when it carries the source’s name or another recorded identifier)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  text: string;
}

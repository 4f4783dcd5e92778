import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { GradeIntelligenceDto } from '../grade-intelligence/grade-intelligence.dto';

export class RegradeIntelligenceDto extends GradeIntelligenceDto {
  @ApiProperty({ example: 'Corroborated by a second partner agency', description: 'Why the grading changes' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

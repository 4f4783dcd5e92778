import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CASE_FLAG_CODES, CaseFlag } from '../case/case.events';
import { AGREED_RISK_LEVEL_CODES, AgreedRiskLevel } from '../semrac-meeting/semrac-meeting.events';

export class ListCasesQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'], example: 'open' })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({
    enum: AGREED_RISK_LEVEL_CODES,
    example: 'moderate',
    description: 'The current risk band: the latest of the last risk assessment and the level SEMRAC last agreed',
  })
  @IsOptional()
  @IsIn(AGREED_RISK_LEVEL_CODES)
  riskBand?: AgreedRiskLevel;

  @ApiPropertyOptional({ example: 'tvp', description: 'Cases this agency is involved in: referred, leads, assessed, or named in the current plans' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { message: 'agencyId must be 1-100 letters, digits or ._:-' })
  agencyId?: string;

  @ApiPropertyOptional({ enum: CASE_FLAG_CODES, example: 'looked-after' })
  @IsOptional()
  @IsIn(CASE_FLAG_CODES)
  flag?: CaseFlag;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Listed for SEMRAC and not discussed since' })
  @IsOptional()
  @IsIn(['true', 'false'])
  listedForSemrac?: 'true' | 'false';

  @ApiPropertyOptional({ example: 50, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ type: String, maxLength: 500, description: 'The `next` of the previous page: the cases after its last one (opened earlier). Leave out for the first page.' })
  @Allow() // checked by decodeCursor, which names `query after`
  after?: unknown;

  /** Not accepted (the list changes while it is read): kept known so that the answer says to page with `after`. */
  @Allow()
  offset?: unknown;

  @ApiPropertyOptional({ description: 'A position returned by a command: wait until the list includes it' })
  @IsOptional()
  @Matches(/^\d{20}:\d{20}$/, { message: 'consistentWith must be a position returned by a command' })
  consistentWith?: string;
}

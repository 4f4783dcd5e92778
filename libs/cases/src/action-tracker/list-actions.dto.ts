import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { SEMRAC_ACTION_STATUS_CODES, SemracActionStatus } from '../semrac-meeting/semrac-meeting.events';

export class ListActionsQueryDto {
  @ApiPropertyOptional({ example: 'bf-csc', description: 'Actions owned by this agency' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { message: 'agencyId must be 1-100 letters, digits or ._:-' })
  agencyId?: string;

  @ApiPropertyOptional({ enum: SEMRAC_ACTION_STATUS_CODES, example: 'open' })
  @IsOptional()
  @IsIn(SEMRAC_ACTION_STATUS_CODES)
  status?: SemracActionStatus;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only overdue actions (neither done nor cancelled, due before today); false: only the others' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'uuid', description: "One child's actions" })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ example: 100, default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ type: String, maxLength: 500, description: 'The `next` of the previous page: the actions after its last one. Leave out for the first page.' })
  @Allow() // checked by decodeCursor, which names `query after`
  after?: unknown;

  /** Not accepted (the tracker changes while it is read): kept known so that the answer says to page with `after`. */
  @Allow()
  offset?: unknown;

  @ApiPropertyOptional({ description: 'A position returned by a command: wait until the tracker includes it' })
  @IsOptional()
  @Matches(/^\d{20}:\d{20}$/, { message: 'consistentWith must be a position returned by a command' })
  consistentWith?: string;
}

import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CommandStreams, CurrentActor, ERASURE_ANSWER_EXAMPLE, ErasureAnswer, ErasureDto, WritesAs, eraseRecordSubject } from '@app/common';
import { caseStreamId } from '../case.events';

@ApiTags('cases')
@Controller('cases/:caseId/erasure')
export class EraseChildController {
  constructor(private readonly streams: CommandStreams) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a child's personal data (admins, with a reason)",
    description:
      "Destroys the child's data key: every event of the case, its missing episodes and SEMRAC discussions then reads as erased, and the read models rebuild without it. " +
      'The case, its dates, codes and bands remain, as does the record of the erasure (who, when, why). It cannot be undone; nothing more can be recorded about the child (410).',
  })
  @ApiOkResponse({ schema: { example: ERASURE_ANSWER_EXAMPLE } })
  @ApiForbiddenResponse({ description: 'Only an admin may erase personal data; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such case' })
  @ApiGoneResponse({ description: 'Returned by later changes to an erased case' })
  @WritesAs(['admin'], 'erase personal data')
  erase(@Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: ErasureDto, @CurrentActor() actor: Actor): Promise<ErasureAnswer> {
    return eraseRecordSubject(this.streams, actor, `child:${caseId}`, body.reason, async () => (await this.streams.store.readStream(caseStreamId(caseId), { limit: 1 })).length > 0);
  }
}

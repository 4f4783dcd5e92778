import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CommandStreams, CurrentActor, ERASURE_ANSWER_EXAMPLE, ErasureAnswer, ErasureDto, WritesAs, eraseRecordSubject } from '@app/common';
import { poiStreamId } from '../person-of-interest.events';

@ApiTags('persons of interest')
@Controller('persons-of-interest/:poiId/erasure')
export class ErasePersonOfInterestController {
  constructor(private readonly streams: CommandStreams) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a person of interest's personal data (admins, with a reason)",
    description: "Destroys the POI's data key: identifiers, notes and link details read as erased everywhere; links, disruption kinds and dates remain, as does the record of the erasure.",
  })
  @ApiOkResponse({ schema: { example: { ...ERASURE_ANSWER_EXAMPLE, subject: 'poi:5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10' } } })
  @ApiForbiddenResponse({ description: 'Only an admin may erase personal data; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such person of interest' })
  @WritesAs(['admin'], 'erase personal data')
  erase(@Param('poiId', new ParseUUIDPipe()) poiId: string, @Body() body: ErasureDto, @CurrentActor() actor: Actor): Promise<ErasureAnswer> {
    return eraseRecordSubject(this.streams, actor, `poi:${poiId}`, body.reason, async () => (await this.streams.store.readStream(poiStreamId(poiId), { limit: 1 })).length > 0);
  }
}

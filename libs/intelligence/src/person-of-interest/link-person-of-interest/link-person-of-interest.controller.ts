import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CommandHeaders, CommandHeaderValues, CurrentActor, badRequest } from '@app/common';
import { PoiChange } from '../poi-change.docs';
import { plain } from '../../shared/validators';
import { POI_ANSWER_EXAMPLE } from '../poi-commands';
import { PoiLinkTargetInput } from '../person-of-interest.decider';
import { LinkAnswer, LinkPersonOfInterestCommand } from './link-person-of-interest.command';
import { LinkPersonOfInterestDto, TARGET_FIELDS } from './link-person-of-interest.dto';

@ApiTags('persons of interest')
@Controller('persons-of-interest/:poiId/links')
export class LinkPersonOfInterestController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Link the person of interest to a child's case, a location (address, park, shopping centre, hotel, ...) or another POI, with the nature of the link",
    description: 'Links make the network (`GET /persons-of-interest/{id}/network`) that SEMRAC reads for themes. The same link twice is recorded once.',
  })
  @ApiBody({
    type: LinkPersonOfInterestDto,
    examples: {
      child: { summary: "A child's case", value: { to: 'case', caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11', nature: 'suspected-exploiter', detail: 'Collects her from school in his car' } },
      place: { summary: 'A place', value: { to: 'location', location: { kind: 'park', name: 'Riverside Park', postcode: 'RG12 1AA' }, nature: 'frequents' } },
      poi: { summary: 'Another POI', value: { to: 'poi', poiId: '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c51', nature: 'associate' } },
    },
  })
  @PoiChange('LinkPersonOfInterest', { notFound: 'No such person of interest, case, or linked POI', refused: 'A link to itself; nature other without detail' })
  @ApiOkResponse({ description: 'Linked (changed: false when the same link was already on record)', schema: { example: { ...POI_ANSWER_EXAMPLE, linkId: '0d9c8b7a-6f5e-4d3c-8b2a-190f8e7d6c5b' } } })
  link(
    @Param('poiId', new ParseUUIDPipe()) poiId: string,
    @Body() body: LinkPersonOfInterestDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<LinkAnswer> {
    const dto = plain(body);
    const stray = Object.entries(TARGET_FIELDS).filter(([to, field]) => to !== dto.to && dto[field] !== undefined);
    if (stray.length > 0) throw badRequest(stray.map(([, field]) => ({ field, problems: [`must not be given when linking to ${dto.to}`] })));
    const target: PoiLinkTargetInput =
      dto.to === 'case' ? { kind: 'case', caseId: dto.caseId! } : dto.to === 'poi' ? { kind: 'poi', poiId: dto.poiId! } : { kind: 'location', location: dto.location! };
    const link = { target, nature: dto.nature, ...(dto.detail ? { detail: dto.detail } : {}) };
    const context = { actor, request: { poiId, ...dto }, ...headers };
    return this.commands.execute(new LinkPersonOfInterestCommand(poiId, link, context));
  }
}

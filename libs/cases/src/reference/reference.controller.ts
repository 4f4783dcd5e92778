import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { exampleSchema } from '@app/common';
import { AGENCY_KINDS, EXPLOITATION_MODELS, SIGNS, VULNERABILITIES } from '../shared/indicators';

const toList = (entries: Record<string, string>) => Object.entries(entries).map(([code, label]) => ({ code, label }));

@ApiTags('reference')
@Controller('reference')
export class ReferenceController {
  @Get('indicators')
  @ApiOperation({ summary: 'The codes a referral or assessment may use, with the strategy\'s wording' })
  @ApiOkResponse({
    description: 'Vulnerabilities, signs of exploitation, models of exploitation and agency kinds',
    schema: exampleSchema(
      {
        vulnerabilities: toList(VULNERABILITIES).slice(0, 1),
        signs: toList(SIGNS).slice(0, 1),
        exploitationModels: toList(EXPLOITATION_MODELS).slice(0, 1),
        agencyKinds: toList(AGENCY_KINDS).slice(0, 1),
      },
      { complete: ['', 'vulnerabilities[]', 'signs[]', 'exploitationModels[]', 'agencyKinds[]'] },
    ),
  })
  indicators() {
    return {
      vulnerabilities: toList(VULNERABILITIES),
      signs: toList(SIGNS),
      exploitationModels: toList(EXPLOITATION_MODELS),
      agencyKinds: toList(AGENCY_KINDS),
    };
  }
}

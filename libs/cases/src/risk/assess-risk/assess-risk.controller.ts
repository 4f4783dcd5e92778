import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { AssessRiskCommand, RiskAssessmentAnswer } from './assess-risk.command';
import { AssessRiskDto } from './assess-risk.dto';

@ApiTags('cases')
@Controller('cases/:caseId')
export class AssessRiskController {
  constructor(private readonly commands: CommandBus) {}

  @Post('risk-assessments')
  @HttpCode(201)
  @ApiOperation({
    summary: "Assess the child's risk of sexual exploitation (one tool for every agency, action 3.2)",
    description:
      'Scores the vulnerabilities present and the signs of exploitation, weighted by severity and how recently each was seen, ' +
      'under the scheme in force (GET /reference/risk-scheme; the built-in default is SERAF-style and a board may configure ' +
      "its own). A disclosure of exploitation sets the highest band and notifies police and children's social care. A child " +
      'aged 13 or under with a significant sign within 6 months is at least moderate. Reassessment is due after RISK_REASSESS_MONTHS.',
  })
  @ApiCommandHeaders({ ifMatch: true, record: 'case' })
  @ApiCreatedResponse({
    description: 'Assessed (or, on a retry with the same key, found): the band, why, and when to reassess',
    schema: {
      example: {
        caseId: '6a1d3c2e-8f4b-4c1e-9d0a-5b2e7f9c8d11',
        assessmentId: '9d2f7a10-4c3b-4e8a-b1d2-7e6f5a4b3c21',
        scheme: { name: 'SERAF-style default (Safeguard built-in), configurable', version: '1' },
        band: 'moderate',
        score: 8,
        reasons: [
          { rule: 'score', band: 'mild', effect: 'sets', explanation: 'Score 8 is in the band 6-10: Mild' },
          {
            rule: 'young-child-significant-sign',
            band: 'moderate',
            effect: 'raised',
            explanation: 'A child aged 13 or under with a significant sign within 6 months is at least Moderate',
          },
        ],
        nextReviewDue: '2027-02-27',
        revision: 3,
        position: '00000000000000000042:00000000000000000001',
        created: true,
      },
    },
  })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid (e.g. an unknown indicator code, disclosureDetails missing): `errors` names each one; nothing was written' })
  @ApiNotFoundResponse({ description: 'No such case' })
  @ApiConflictResponse({ description: 'The case is closed (`case-closed`), or changed since the revision given; nothing was written' })
  @ApiUnprocessableEntityResponse({ description: 'A rule refused the assessment (dated in the future, a sign listed twice or seen after the assessment)' })
  @Writes('case', 'AssessRisk')
  assess(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: AssessRiskDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<RiskAssessmentAnswer> {
    const context = { actor, request: { change: 'AssessRisk', request: body }, ...headers };
    return this.commands.execute(new AssessRiskCommand(caseId, body, context));
  }
}

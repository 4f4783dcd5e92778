import { Body, Controller, Delete, Headers, HttpCode, Param, ParseEnumPipe, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor, commandHeaders } from '@app/common';
import { CASE_FLAG_CODES, CaseFlag } from '../case.events';
import { ChangeCaseCommand } from './change-case.command';
import { FLAG_PARAM, LinkCasesDto, NameLeadProfessionalDto, ReasonDto, SetFlagDto } from './change-case.dto';

export interface CaseChangeAnswer {
  caseId: string;
  /** Send as If-Match with the next change. */
  revision: number;
  position?: string;
  /** False when the case already was as asked, or for a retried Idempotency-Key. */
  changed: boolean;
}

@ApiTags('cases')
@ApiSecurity('user')
@ApiSecurity('agency')
@ApiHeader({ name: 'If-Match', required: false, description: 'The case revision you last read: a case changed since answers 409 and nothing is written' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key answers as the first time and writes nothing more' })
@ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
@ApiNotFoundResponse({ description: 'No such case' })
@ApiConflictResponse({ description: 'The case changed since the revision given, or the change conflicts with its state; nothing was written' })
@ApiUnprocessableEntityResponse({ description: 'A rule refused the change' })
@Controller('cases/:caseId')
export class ChangeCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Put('flags/:flag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Flag the case: looked after, care leaver, child witness (with support and protection), migrant or UASC' })
  @ApiParam(FLAG_PARAM)
  @ApiOkResponse({ description: 'Flag set (or already set)' })
  setFlag(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('flag', new ParseEnumPipe(Object.fromEntries(CASE_FLAG_CODES.map((c) => [c, c])))) flag: CaseFlag,
    @Body() body: SetFlagDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'SetFlag', data: { flag, ...(body.note ? { note: body.note } : {}) } }, actor, body, ifMatch, key);
  }

  @Delete('flags/:flag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a flag, saying why' })
  @ApiParam(FLAG_PARAM)
  clearFlag(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('flag', new ParseEnumPipe(Object.fromEntries(CASE_FLAG_CODES.map((c) => [c, c])))) flag: CaseFlag,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'ClearFlag', data: { flag, reason: body.reason } }, actor, body, ifMatch, key, body.reason);
  }

  @Post('links')
  @HttpCode(200)
  @ApiOperation({ summary: 'Link this child to another child (siblings, friends, same school, same person of interest, same location)' })
  link(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: LinkCasesDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'LinkCases', data: plain(body) }, actor, body, ifMatch, key);
  }

  @Put('lead-professionals')
  @HttpCode(200)
  @ApiOperation({ summary: "Name an agency's lead professional for CSE on this case (action 3.1)" })
  nameLead(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: NameLeadProfessionalDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'NameLeadProfessional', data: plain(body) }, actor, body, ifMatch, key);
  }

  @Post('close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the case with a reason' })
  close(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'CloseCase', data: { reason: body.reason } }, actor, body, ifMatch, key, body.reason);
  }

  @Post('reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed case with a reason' })
  reopen(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch?: string,
    @Headers('idempotency-key') key?: string,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'ReopenCase', data: { reason: body.reason } }, actor, body, ifMatch, key, body.reason);
  }

  private async run(
    caseId: string,
    change: ChangeCaseCommand['change'],
    actor: Actor,
    request: unknown,
    ifMatch?: string,
    key?: string,
    reason?: string,
  ): Promise<CaseChangeAnswer> {
    const context = { actor, request: { change: change.type, request }, reason, ...commandHeaders(ifMatch, key) };
    const result = await this.commands.execute(new ChangeCaseCommand(caseId, change, context));
    return { caseId, revision: result.revision, position: result.position, changed: result.written };
  }
}

function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}

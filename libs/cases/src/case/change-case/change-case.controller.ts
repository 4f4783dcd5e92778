import { Body, Controller, Delete, HttpCode, Param, ParseEnumPipe, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, ApiCommandHeaders, CommandHeaders, CommandHeaderValues, CurrentActor, Writes } from '@app/common';
import { CASE_FLAG_CODES, CaseFlag } from '../case.events';
import { ChangeCaseCommand } from './change-case.command';
import { FLAG_PARAM, LinkCasesDto, NameLeadProfessionalDto, CaseChangeReasonDto, SetFlagDto } from './change-case.dto';

export interface CaseChangeAnswer {
  caseId: string;
  /** Send as If-Match with the next change. */
  revision: number;
  position?: string;
  /** False when the case already was as asked, or for a retried Idempotency-Key. */
  changed: boolean;
}

/** CaseChangeAnswer in the OpenAPI document. */
const CASE_CHANGE_ANSWER = {
  type: 'object',
  required: ['caseId', 'revision', 'changed'],
  properties: {
    caseId: { type: 'string', format: 'uuid' },
    revision: { type: 'integer', description: 'Send as If-Match with the next change' },
    position: { type: 'string', description: 'The log position written (absent when nothing was); pass as consistentWith to read your write' },
    changed: { type: 'boolean', description: 'False when the case already was as asked, or for a retried Idempotency-Key' },
  },
  example: { caseId: '4a0c4b8e-93a5-4f4e-9c1b-0b8f1d2c3e4f', revision: 3, position: '42', changed: true },
};

@ApiTags('cases')
@ApiCommandHeaders({ ifMatch: true, record: 'case' })
@ApiBadRequestResponse({ description: 'A field is missing or invalid: `errors` names each one; nothing was written' })
@ApiNotFoundResponse({ description: 'No such case' })
@ApiConflictResponse({ description: 'The case changed since the revision given, or the change conflicts with its state; nothing was written' })
@ApiUnprocessableEntityResponse({ description: 'A rule refused the change' })
@ApiOkResponse({ description: 'Changed (`changed` false when it already was so); send `revision` as If-Match next time', schema: CASE_CHANGE_ANSWER })
@Controller('cases/:caseId')
export class ChangeCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Put('flags/:flag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Flag the case: looked after, care leaver, child witness (with support and protection), migrant or UASC' })
  @ApiParam(FLAG_PARAM)
  @ApiOkResponse({ description: 'Flag set (or already set)', schema: CASE_CHANGE_ANSWER })
  @Writes('case', 'SetFlag')
  setFlag(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('flag', new ParseEnumPipe(Object.fromEntries(CASE_FLAG_CODES.map((c) => [c, c])))) flag: CaseFlag,
    @Body() body: SetFlagDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'SetFlag', data: { flag, ...(body.note ? { note: body.note } : {}) } }, actor, body, headers);
  }

  @Delete('flags/:flag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a flag, saying why' })
  @ApiParam(FLAG_PARAM)
  @Writes('case', 'ClearFlag')
  clearFlag(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('flag', new ParseEnumPipe(Object.fromEntries(CASE_FLAG_CODES.map((c) => [c, c])))) flag: CaseFlag,
    @Body() body: CaseChangeReasonDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'ClearFlag', data: { flag, reason: body.reason } }, actor, body, headers, body.reason);
  }

  @Post('links')
  @HttpCode(200)
  @ApiOperation({ summary: 'Link this child to another child (siblings, friends, same school, same person of interest, same location)' })
  @Writes('case', 'LinkCases')
  link(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: LinkCasesDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'LinkCases', data: plain(body) }, actor, body, headers);
  }

  @Put('lead-professionals')
  @HttpCode(200)
  @ApiOperation({ summary: "Name an agency's lead professional for CSE on this case (action 3.1)" })
  @Writes('case', 'NameLeadProfessional')
  nameLead(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: NameLeadProfessionalDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'NameLeadProfessional', data: plain(body) }, actor, body, headers);
  }

  @Post('close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the case with a reason' })
  @Writes('case', 'CloseCase')
  close(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: CaseChangeReasonDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'CloseCase', data: { reason: body.reason } }, actor, body, headers, body.reason);
  }

  @Post('reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed case with a reason' })
  @Writes('case', 'ReopenCase')
  reopen(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Body() body: CaseChangeReasonDto,
    @CurrentActor() actor: Actor,
    @CommandHeaders() headers: CommandHeaderValues,
  ): Promise<CaseChangeAnswer> {
    return this.run(caseId, { type: 'ReopenCase', data: { reason: body.reason } }, actor, body, headers, body.reason);
  }

  private async run(
    caseId: string,
    change: ChangeCaseCommand['change'],
    actor: Actor,
    request: unknown,
    headers: CommandHeaderValues,
    reason?: string,
  ): Promise<CaseChangeAnswer> {
    const context = { actor, request: { change: change.type, request }, reason, ...headers };
    const result = await this.commands.execute(new ChangeCaseCommand(caseId, change, context));
    return { caseId, revision: result.revision, position: result.position, changed: result.written };
  }
}

function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}

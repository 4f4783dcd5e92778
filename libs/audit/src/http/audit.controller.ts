import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
  StreamableFile,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { zipSync } from 'fflate';
import { Actor, ApiProblems, CurrentActor, WritesAs, exampleSchema, requireRole } from '@app/common';
import { AccessRecorder } from '@app/access';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AuditPackExporter, EmptyPeriodError } from '../export/audit-pack';
import { AuditIntegrity, CheckpointRejectedError, IntegrityBrokenError } from '../integrity/audit-integrity';
import { AuditCheckpoint } from '../integrity/checkpoint';
import { SigningKeyError } from '../integrity/signing-key';
import { RecordKindRegistry } from '../time-travel/record-kinds';
import { TimeTravel, parseMoment } from '../time-travel/time-travel';
import { AuditTrail, TrailFilter } from '../trail/audit-trail';
import { AuditQueries, PeriodFilter } from '../trail/audit-queries';
import { AUDIT_READ_PURPOSES, auditorRead } from '../trail/auditor-read';
import { ProveConsistencyDto, PublishCheckpointDto, TRAIL_ENTRIES } from './audit.dto';
import { ProjectionConsistencyService, UnknownProjectionError } from '../projections/projection-consistency.service';
import * as examples from './audit.examples';

const KIND_PARAM = { name: 'kind', enum: examples.AUDIT_RECORD_KINDS, description: 'The kind of record (a process answers for those its contexts hold)' };

const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/** The files an audit pack is made of (see AuditPackExporter), zipped as they were written. */
const PACK_FILES = ['manifest.json', 'events.jsonl', 'trail.jsonl', 'report.html'] as const;

/**
 * The auditor's view of the record: time travel, the trail, chain verification and signed
 * checkpoints. Auditors only (403 otherwise).
 */
@ApiTags('audit')
@ApiHeader({ name: 'X-Roles', required: true, description: 'Must include auditor' })
@ApiForbiddenResponse({ description: 'Only an auditor may use the audit endpoints; nothing is shown' })
@Controller('audit')
export class AuditController {
  private readonly packs: AuditPackExporter;

  constructor(
    private readonly kinds: RecordKindRegistry,
    private readonly timeTravel: TimeTravel,
    private readonly trails: AuditTrail,
    private readonly integrity: AuditIntegrity,
    private readonly projections: ProjectionConsistencyService,
    private readonly accessLog: AccessRecorder,
    private readonly queries: AuditQueries,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.packs = new AuditPackExporter(store, integrity, kinds, trails);
  }

  @Get('records/:kind/:recordId')
  @ApiOperation({ summary: "A record's state as it stood at a moment, replayed through the write side's evolve (and its view, where it has one)" })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 moment; default now' })
  @ApiQuery({ name: 'view', required: false, description: '`false`: the write state only, without replaying the read model (faster on long histories)' })
  @ApiBadRequestResponse({ description: 'Unknown record kind, bad id or bad moment' })
  @ApiParam(KIND_PARAM)
  @ApiOkResponse({ description: 'The state (and view) as it stood', schema: exampleSchema(examples.RECORD_STATE_EXAMPLE, examples.RECORD_STATE_HINTS) })
  async state(@Param('kind') kind: string, @Param('recordId') recordId: string, @CurrentActor() actor: Actor, @Query('asOf') asOf?: string, @Query('view') view?: string) {
    this.allow(actor, 'replay a record');
    this.checkRecord(kind, recordId);
    if (view !== undefined && view !== 'true' && view !== 'false') throw badRequest('query view', 'must be true or false');
    const state = await this.timeTravel.stateAt(kind, recordId, moment('asOf', asOf), { view: view !== 'false' });
    await this.recordRead(actor, kind, recordId, AUDIT_READ_PURPOSES.replay);
    return state;
  }

  @Get('records/:kind/:recordId/diff')
  @ApiOperation({ summary: 'What changed between two moments, and the events that changed it: by whom, which agency, when, why' })
  @ApiParam(KIND_PARAM)
  @ApiQuery({ name: 'from', required: true, description: 'ISO 8601 moment' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601 moment; default now' })
  @ApiOkResponse({ schema: exampleSchema(examples.RECORD_DIFF_EXAMPLE, examples.RECORD_DIFF_HINTS) })
  async diff(
    @Param('kind') kind: string,
    @Param('recordId') recordId: string,
    @CurrentActor() actor: Actor,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    this.allow(actor, 'compare a record between two moments');
    this.checkRecord(kind, recordId);
    const start = moment('from', from, true)!;
    const end = moment('to', to) ?? new Date();
    if (end < start) throw badRequest('query to', 'must not be before from');
    const diff = await this.timeTravel.diff(kind, recordId, start, end);
    await this.recordRead(actor, kind, recordId, AUDIT_READ_PURPOSES.diff);
    return diff;
  }

  @Get('records/:kind/:recordId/trail')
  @ApiOperation({ summary: "A record's trail, oldest first: every change (and, once recorded, every read) with actor, agency, time and reason" })
  @ApiParam(KIND_PARAM)
  @ApiQuery({ name: 'entry', required: false, enum: TRAIL_ENTRIES })
  @ApiOkResponse({ schema: exampleSchema(examples.TRAIL_EXAMPLE, examples.TRAIL_HINTS) })
  async trail(
    @Param('kind') kind: string,
    @Param('recordId') recordId: string,
    @CurrentActor() actor: Actor,
    @Query('actor') byActor?: string,
    @Query('agency') agency?: string,
    @Query('type') type?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('entry') entry?: string,
  ) {
    this.allow(actor, "read a record's trail");
    this.checkRecord(kind, recordId);
    if (entry !== undefined && !(TRAIL_ENTRIES as readonly string[]).includes(entry)) throw badRequest('query entry', `must be one of ${TRAIL_ENTRIES.join(', ')}`);
    const filter: TrailFilter = {
      ...(byActor ? { actor: byActor } : {}),
      ...(agency ? { agency } : {}),
      ...(type ? { type } : {}),
      ...(from ? { from: moment('from', from)!.toISOString() } : {}),
      ...(to ? { to: moment('to', to)!.toISOString() } : {}),
      ...(entry ? { entry: entry as TrailFilter['entry'] } : {}),
    };
    const entries = await this.trails.trail(kind, recordId, filter);
    await this.recordRead(actor, kind, recordId, AUDIT_READ_PURPOSES.trail);
    return { kind, recordId, entries };
  }

  @Get('records/:kind/:recordId/pack')
  @ApiOperation({
    summary: "An audit pack of a record's events in a period, as a zip: manifest.json, events.jsonl, trail.jsonl and report.html",
    description:
      'Unzipped, the pack proves itself offline against the signed checkpoint it carries (`npm run audit -- verify-pack <directory>`). The export is recorded as a read of the record once the period is known to hold some of its events.',
  })
  @ApiParam(KIND_PARAM)
  @ApiQuery({ name: 'from', required: true, description: 'ISO 8601 moment: the start of the period' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601 moment: the end of the period; default now' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The pack, as `audit-pack-<kind>-<recordId>.zip`', content: { 'application/zip': { schema: { type: 'string', format: 'binary', example: 'PK… (a zip of manifest.json, events.jsonl, trail.jsonl, report.html)' } } } })
  @ApiBadRequestResponse({ description: 'Unknown record kind, bad id, bad moment, or a period that ends before it starts' })
  @ApiProblems(422)
  async pack(@Param('kind') kind: string, @Param('recordId') recordId: string, @CurrentActor() actor: Actor, @Query('from') from?: string, @Query('to') to?: string): Promise<StreamableFile> {
    this.allow(actor, 'export an audit pack');
    this.checkRecord(kind, recordId);
    const start = moment('from', from, true)!;
    const end = moment('to', to) ?? new Date();
    if (end < start) throw badRequest('query to', 'must not be before from');
    const directory = mkdtempSync(join(tmpdir(), 'audit-pack-'));
    try {
      await this.packs.export({
        kind,
        recordId,
        from: start.toISOString(),
        to: end.toISOString(),
        directory,
        by: { userId: actor.userId, agencyId: actor.agencyId },
        // Recorded before anything of the record is written out, and only for a period that holds some of it.
        beforeWrite: () => this.recordRead(actor, kind, recordId, AUDIT_READ_PURPOSES.export),
      });
      const zip = zipSync(Object.fromEntries(PACK_FILES.map((file) => [file, readFileSync(join(directory, file))])));
      return new StreamableFile(Buffer.from(zip), { type: 'application/zip', disposition: `attachment; filename="audit-pack-${kind}-${recordId}.zip"`, length: zip.length });
    } catch (error) {
      // The message names the record and the period only: nothing of the record's content.
      if (error instanceof EmptyPeriodError) throw new UnprocessableEntityException({ statusCode: 422, error: 'empty-period', message: error.message });
      throw error;
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }

  @Get('users/:userId/activity')
  @ApiOperation({ summary: 'Everything one user did or read in a period, in log order (ids and metadata only)' })
  @ApiOkResponse({ schema: exampleSchema(examples.ACTIVITY_EXAMPLE, examples.ENTRIES_HINTS) })
  async activity(@Param('userId') userId: string, @CurrentActor() actor: Actor, @Query('from') from?: string, @Query('to') to?: string) {
    this.allow(actor, "read a user's activity");
    if (!RECORD_ID.test(userId)) throw badRequest('path userId', 'must be a user id');
    return { userId, entries: await this.queries.activity(userId, period(from, to)) };
  }

  @Get('break-glass')
  @ApiOperation({ summary: 'Every record opened with a break-glass reason in a period: who, which agency, what, when, why' })
  @ApiOkResponse({ schema: exampleSchema(examples.BREAK_GLASS_EXAMPLE, examples.ENTRIES_HINTS) })
  async breakGlass(@CurrentActor() actor: Actor, @Query('from') from?: string, @Query('to') to?: string) {
    this.allow(actor, 'read break-glass accesses');
    return { entries: await this.queries.breakGlass(period(from, to)) };
  }

  @Get('disclosures')
  @ApiOperation({ summary: 'Every share that left the board in a period: to whom, label, lawful basis, who asked and approved' })
  @ApiOkResponse({ schema: exampleSchema(examples.DISCLOSURES_EXAMPLE, examples.ENTRIES_HINTS) })
  async disclosures(@CurrentActor() actor: Actor, @Query('from') from?: string, @Query('to') to?: string) {
    this.allow(actor, 'read disclosures');
    return { entries: await this.queries.disclosures(period(from, to)) };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Verify the hash chain of one stream or of the whole store; reports the first broken link precisely' })
  @ApiQuery({ name: 'stream', required: false })
  @ApiOkResponse({ description: '`ok`, what was checked and the first broken link', schema: exampleSchema(examples.CHAIN_REPORT_EXAMPLE, examples.CHAIN_REPORT_HINTS) })
  verify(@CurrentActor() actor: Actor, @Query('stream') stream?: string) {
    this.allow(actor, 'verify the record');
    if (stream !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/.test(stream)) throw badRequest('query stream', 'must be a stream id');
    return this.integrity.verify(stream);
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Every published checkpoint, oldest first' })
  @ApiOkResponse({ schema: exampleSchema(examples.CHECKPOINTS_EXAMPLE, examples.CHECKPOINTS_HINTS) })
  async checkpoints(@CurrentActor() actor: Actor): Promise<{ checkpoints: AuditCheckpoint[] }> {
    this.allow(actor, 'read checkpoints');
    return { checkpoints: await this.integrity.checkpoints() };
  }

  @Post('checkpoints')
  @ApiOperation({ summary: 'Publish a signed checkpoint (Merkle root over the global log) now' })
  @ApiCreatedResponse({ description: 'The signed checkpoint; keep it to prove later that history was only appended to', schema: exampleSchema(examples.PUBLISHED_EXAMPLE, examples.CHECKPOINTS_HINTS) })
  @ApiProblems(503)
  @ApiConflictResponse({ description: 'The hash chain is broken: no checkpoint was signed; the body names the first broken link' })
  @WritesAs(['auditor'], 'publish a checkpoint')
  async publish(@CurrentActor() actor: Actor, @Body() body: PublishCheckpointDto) {
    this.allow(actor, 'publish a checkpoint');
    try {
      return await this.integrity.publishCheckpoint(actor, body.reason ?? 'on demand');
    } catch (error) {
      throw httpError(error);
    }
  }

  @Post('checkpoints/consistency')
  @HttpCode(200)
  @ApiOperation({ summary: 'Prove that a later checkpoint (default the latest) only appended to one you kept, and that the store still holds it' })
  @ApiOkResponse({ description: '`ok` true or false, the problems in words, and the RFC 6962 proof hashes to check offline', schema: exampleSchema(examples.CONSISTENCY_EXAMPLE, examples.CONSISTENCY_HINTS) })
  @ApiProblems(422)
  @WritesAs(['auditor'], 'prove checkpoint consistency')
  async consistency(@CurrentActor() actor: Actor, @Body() body: ProveConsistencyDto) {
    this.allow(actor, 'prove checkpoint consistency');
    try {
      return await this.integrity.proveConsistency(body.from, body.to);
    } catch (error) {
      throw httpError(error);
    }
  }

  @Get('projections')
  @ApiOperation({ summary: 'The projections (read models) that can be checked' })
  @ApiOkResponse({ schema: exampleSchema(examples.PROJECTIONS_EXAMPLE, { complete: [''] }) })
  listProjections(@CurrentActor() actor: Actor): { projections: string[] } {
    this.allow(actor, 'list projections');
    return { projections: this.projections.names() };
  }

  @Post('projections/:name/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rebuild a projection up to the head of the log into a scratch database and compare it row by row with the live read model' })
  @ApiOkResponse({
    description:
      '`consistent` (equal to the rebuild, not behind the log, not failing); `behind` (events of its types after its checkpoint), `failure` (the event it cannot apply and the error), `rebuildFailure`, and each differing row by table and key (values are not shown)',
    schema: exampleSchema(examples.PROJECTION_CHECK_EXAMPLE, examples.PROJECTION_CHECK_HINTS),
  })
  @WritesAs(['auditor'], 'check a projection')
  async checkProjection(@Param('name') name: string, @CurrentActor() actor: Actor) {
    this.allow(actor, 'check a projection');
    if (!this.projections.names().includes(name)) throw badRequest('path name', `must be one of ${this.projections.names().join(', ')}`);
    try {
      return await this.projections.check(name);
    } catch (error) {
      if (error instanceof UnknownProjectionError) throw badRequest('path name', error.message);
      throw error;
    }
  }

  /** Recorded before the answer goes out: a read whose access cannot be logged fails. */
  private async recordRead(actor: Actor, kind: string, recordId: string, purpose: string): Promise<void> {
    const read = auditorRead(kind, recordId, purpose, actor, 'http');
    if (read) await this.accessLog.record(actor, read.accessKind, recordId, read.event);
  }

  private allow(actor: Actor, what: string): void {
    requireRole(actor.roles, 'auditor', what);
  }

  private checkRecord(kind: string, recordId: string): void {
    if (!this.kinds.names().includes(kind)) throw badRequest('path kind', `must be one of ${this.kinds.names().join(', ')}`);
    if (!RECORD_ID.test(recordId)) throw badRequest('path recordId', 'must be a record id');
  }
}

function period(from?: string, to?: string): PeriodFilter {
  const start = moment('from', from);
  const end = moment('to', to);
  if (start && end && end < start) throw badRequest('query to', 'must not be before from');
  return { ...(start ? { from: start.toISOString() } : {}), ...(end ? { to: end.toISOString() } : {}) };
}

function moment(field: string, value: string | undefined, required = false): Date | undefined {
  if (value === undefined || value === '') {
    if (required) throw badRequest(`query ${field}`, 'is required: an ISO 8601 moment');
    return undefined;
  }
  try {
    return parseMoment(value);
  } catch {
    throw badRequest(`query ${field}`, 'must be an ISO 8601 moment, e.g. 2026-03-01T12:00:00Z');
  }
}

function badRequest(field: string, problem: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'The request is not valid: see errors', errors: [{ field, problems: [problem] }] });
}

function httpError(error: unknown): unknown {
  if (error instanceof IntegrityBrokenError) {
    return new ConflictException({ statusCode: 409, error: 'integrity-broken', message: error.message, firstBroken: error.firstBroken });
  }
  if (error instanceof CheckpointRejectedError) return new UnprocessableEntityException({ statusCode: 422, error: 'checkpoint-rejected', message: error.message });
  if (error instanceof SigningKeyError) return new ServiceUnavailableException({ statusCode: 503, error: 'signing-key-unavailable', message: error.message });
  return error;
}

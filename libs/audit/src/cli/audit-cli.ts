import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { EventStore } from '@app/event-store';
import { type AccessRecorder, purposeProblem } from '@app/access';
import { AuditIntegrity, CheckpointRejectedError, IntegrityBrokenError } from '../integrity/audit-integrity';
import { AuditCheckpoint } from '../integrity/checkpoint';
import { SigningKey, SigningKeyError } from '../integrity/signing-key';
import { RecordKindRegistry, UnknownRecordKindError } from '../time-travel/record-kinds';
import { InvalidMomentError, TimeTravel } from '../time-travel/time-travel';
import { AccessTrailSource, AuditTrail, TrailFilter } from '../trail/audit-trail';
import { AuditQueries } from '../trail/audit-queries';
import { ProjectionConsistencyReport } from '../projections/projection-consistency';
import { AuditPackExporter, EmptyPeriodError, verifyAuditPack } from '../export/audit-pack';
import { AUDIT_READ_PURPOSES, auditorRead } from '../trail/auditor-read';

/**
 * Exit codes of `npm run audit`, for scripts:
 *   0  done; for verify / checkpoint --since: the record is intact
 *   1  verification failed: a broken hash chain or a failed consistency proof (the output says where)
 *   2  usage: unknown command, missing or malformed argument
 *   3  not found: the record has no events (at that moment)
 *   4  could not run: configuration, signing key, or the store unreachable
 */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, NOT_FOUND: 3, ERROR: 4 } as const;

export const AUDIT_USAGE = `Usage: npm run audit -- <command> [options]
  replay <record> [--as-of <time>] [--no-view] [--purpose <text>]
                                                 the record's state (and view) as it stood at a moment (default now)
  diff <record> --from <time> [--to <time>] [--purpose <text>]
                                                 what changed between two moments, by whom, when, why
  trail <record> [--actor u] [--agency a] [--type T] [--from t] [--to t] [--json] [--purpose <text>]
                                                 every change to the record and every recorded read, oldest first
  activity <userId> [--from t] [--to t]          everything one user did or read in a period
  break-glass [--from t] [--to t]                every record opened with a break-glass reason
  disclosures [--from t] [--to t]                every share that left the board
  verify [--stream <streamId>]                   check the hash chain of one stream or of the whole store
  checkpoint [--reason <text>] [--out <file>] [--since <file>]
                                                 publish a signed checkpoint; with --since, prove it only appended
                                                 to a checkpoint you kept (exit 1 if not)
  checkpoints                                    list the published checkpoints
  export <record> --from <time> --to <time> --out <dir> [--purpose <text>]
                                                 write an audit pack (events, trail, HTML report, signed checkpoint
                                                 and proofs) for the record and period
  verify-pack <dir> [--key-id <hex>]             check an audit pack offline: no database or network needed
  projections-check <name|all>                   rebuild a projection up to the head of the log into a scratch
                                                 database and compare it with the live read model (exit 1 on any
                                                 difference, or when it is behind the log or failing)
<record> is <kind>:<id> or the stream id <kind>-<id>; kinds: case, poi, intel, share, inbound-share.
<time> is ISO 8601, e.g. 2026-03-01T12:00:00Z.
replay, diff, trail and export record the read in the record's access log (Data Protection Act 2018
s62), as AUDIT_OPERATOR of AUDIT_OPERATOR_AGENCY; --purpose <text> says why (3-200 characters, no
personal data; default as over HTTP, e.g. "audit: trail").
Settings come from the environment and .env, as for the platform (see .env.example).
Exit codes: 0 ok, 1 verification failed, 2 usage, 3 not found, 4 could not run.`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Show progress bars (on an interactive terminal). */
  progress: boolean;
}

/** What `projections-check` needs; opened only for that command (it boots the contexts' projections). */
export interface ProjectionChecker {
  names(): string[];
  check(name: string, onProgress?: (done: number, total: number) => void): Promise<ProjectionConsistencyReport>;
  close(): Promise<void>;
}

export interface AuditCliContext {
  store: EventStore;
  signingKey: () => SigningKey;
  kinds?: RecordKindRegistry;
  io: CliIo;
  /** Who the CLI acts as: recorded with every read it makes and every checkpoint it publishes. */
  operator?: { userId: string; agencyId: string };
  projections?: () => Promise<ProjectionChecker>;
  /** Recorded reads, merged into trails and packs (libs/access provides one). */
  accesses?: AccessTrailSource;
  /** The access log every read of a record is appended to before it is shown (libs/access's AccessRecorder). */
  accessLog: Pick<AccessRecorder, 'record'>;
}

/** Who acts when no operator is configured. */
const DEFAULT_OPERATOR = { userId: 'audit-cli', agencyId: 'board' };
const PURPOSE_OPTION = { purpose: { type: 'string' } } as const;

class UsageError extends Error {}

/** `verify-pack` needs no store: run it before opening one. */
export function isOfflineCommand(argv: string[]): boolean {
  return argv[0] === 'verify-pack';
}

/** Runs one auditor command against an open store (none for an offline command); returns the exit code. */
export async function runAuditCommand(argv: string[], context: AuditCliContext | { io: CliIo; store?: undefined }): Promise<number> {
  const { io } = context;
  try {
    if (isOfflineCommand(argv)) return verifyPack(argv.slice(1), io);
    if (!context.store) throw new UsageError(`${argv[0]} needs the event store`);
    return await dispatch(argv, context as AuditCliContext);
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownRecordKindError || error instanceof InvalidMomentError) {
      io.err(`${error.message}\n\n${AUDIT_USAGE}`);
      return EXIT.USAGE;
    }
    if (error instanceof IntegrityBrokenError) {
      io.err(error.message);
      io.out(JSON.stringify({ ok: false, firstBroken: error.firstBroken }, null, 2));
      return EXIT.FAILED;
    }
    if (error instanceof CheckpointRejectedError) {
      io.err(error.message);
      return EXIT.FAILED;
    }
    if (error instanceof EmptyPeriodError) {
      io.err(error.message);
      return EXIT.NOT_FOUND;
    }
    if (error instanceof SigningKeyError) {
      io.err(error.message);
      return EXIT.ERROR;
    }
    throw error;
  }
}

async function dispatch(argv: string[], context: AuditCliContext): Promise<number> {
  const [command, ...rest] = argv;
  const kinds = context.kinds ?? new RecordKindRegistry();
  const { io, store } = context;
  const integrity = new AuditIntegrity(store, context.signingKey);
  switch (command) {
    case 'replay': {
      const { values, positionals } = parse(rest, { 'as-of': { type: 'string' }, 'no-view': { type: 'boolean' }, ...PURPOSE_OPTION });
      const { kind, id } = record(positionals, kinds);
      const purpose = readPurpose(values, AUDIT_READ_PURPOSES.replay);
      const state = await new TimeTravel(store, kinds).stateAt(kind, id, values['as-of'] as string | undefined, { view: !values['no-view'] });
      if (state.existed) await recordRead(context, kind, id, purpose);
      io.out(JSON.stringify(state, null, 2));
      return state.existed ? EXIT.OK : notFound(io, kind, id);
    }
    case 'diff': {
      const { values, positionals } = parse(rest, { from: { type: 'string' }, to: { type: 'string' }, ...PURPOSE_OPTION });
      const { kind, id } = record(positionals, kinds);
      if (!values.from) throw new UsageError('diff needs --from <time>');
      const purpose = readPurpose(values, AUDIT_READ_PURPOSES.diff);
      const diff = await new TimeTravel(store, kinds).diff(kind, id, values.from as string, (values.to as string | undefined) ?? new Date().toISOString());
      if (diff.events.length > 0 || diff.stateChanges.length > 0 || (diff.viewChanges?.length ?? 0) > 0) await recordRead(context, kind, id, purpose);
      io.out(JSON.stringify(diff, null, 2));
      return EXIT.OK;
    }
    case 'trail': {
      const options = { actor: { type: 'string' }, agency: { type: 'string' }, type: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, ...PURPOSE_OPTION } as const;
      const { values, positionals } = parse(rest, options);
      const { kind, id } = record(positionals, kinds);
      const purpose = readPurpose(values, AUDIT_READ_PURPOSES.trail);
      const filter: TrailFilter = Object.fromEntries(Object.entries(values).filter(([k, v]) => k !== 'json' && k !== 'purpose' && typeof v === 'string')) as TrailFilter;
      const entries = await new AuditTrail(store, kinds, context.accesses).trail(kind, id, filter);
      if (entries.length > 0) await recordRead(context, kind, id, purpose);
      if (values.json) io.out(JSON.stringify({ kind, recordId: id, entries }, null, 2));
      else for (const e of entries) io.out([e.at, e.entry, e.type, `${e.actor}@${e.agency}`, e.reason ?? ''].join('\t').trimEnd());
      return entries.length > 0 || Object.keys(filter).length > 0 ? EXIT.OK : notFound(io, kind, id);
    }
    case 'activity':
    case 'break-glass':
    case 'disclosures': {
      const { values, positionals } = parse(rest, { from: { type: 'string' }, to: { type: 'string' } });
      if (command === 'activity' ? positionals.length !== 1 : positionals.length !== 0) throw new UsageError(command === 'activity' ? 'activity needs one user id' : `${command} takes no record`);
      const queries = new AuditQueries(store);
      const period = { from: values.from as string | undefined, to: values.to as string | undefined };
      const entries = await withProgress(io, command, (onProgress) =>
        command === 'activity' ? queries.activity(positionals[0], period, onProgress) : command === 'break-glass' ? queries.breakGlass(period, onProgress) : queries.disclosures(period, onProgress),
      );
      io.out(JSON.stringify({ entries }, null, 2));
      io.err(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
      return EXIT.OK;
    }
    case 'verify': {
      const { values, positionals } = parse(rest, { stream: { type: 'string' } });
      if (positionals.length > 0) throw new UsageError(`verify takes no record; use --stream <streamId>`);
      const report = await withProgress(io, 'verify', (onProgress) => integrity.verify(values.stream as string | undefined, { onProgress }));
      io.out(JSON.stringify(report, null, 2));
      if (!report.ok) {
        const b = report.firstBroken!;
        io.err(`BROKEN: ${b.streamId} revision ${b.revision} (event ${b.eventId}, position ${b.position}): ${b.problem}`);
        return EXIT.FAILED;
      }
      io.err(`OK: ${report.eventsChecked} events in ${report.streamsChecked} stream(s) verified`);
      return EXIT.OK;
    }
    case 'checkpoint': {
      const { values, positionals } = parse(rest, { reason: { type: 'string' }, out: { type: 'string' }, since: { type: 'string' } });
      if (positionals.length > 0) throw new UsageError('checkpoint takes no record');
      const since = values.since ? readCheckpoint(values.since as string) : undefined;
      const operator = context.operator ?? DEFAULT_OPERATOR;
      const { checkpoint } = await withProgress(io, 'checkpoint', (onProgress) =>
        integrity.publishCheckpoint(operator, (values.reason as string | undefined) ?? 'published from the audit command line', { onProgress }),
      );
      const text = JSON.stringify(checkpoint, null, 2);
      if (values.out) writeFileSync(values.out as string, `${text}\n`);
      io.out(text);
      io.err(`Checkpoint over ${checkpoint.treeSize} events, root ${checkpoint.rootHash}, key ${checkpoint.keyId}`);
      if (!since) return EXIT.OK;
      const report = await withProgress(io, 'consistency', (onProgress) => integrity.proveConsistency(since, checkpoint, undefined, { onProgress }));
      io.out(JSON.stringify({ consistency: report.ok, problems: report.problems, proof: report.proof }, null, 2));
      if (!report.ok) {
        io.err(`NOT CONSISTENT with the checkpoint of ${since.issuedAt}: ${report.problems.join('; ')}`);
        return EXIT.FAILED;
      }
      io.err(`CONSISTENT: history since the checkpoint of ${since.issuedAt} (${since.treeSize} events) was only appended to`);
      return EXIT.OK;
    }
    case 'export': {
      const { values, positionals } = parse(rest, { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, ...PURPOSE_OPTION });
      const { kind, id } = record(positionals, kinds);
      if (!values.from || !values.to || !values.out) throw new UsageError('export needs --from <time> --to <time> --out <dir>');
      const purpose = readPurpose(values, AUDIT_READ_PURPOSES.export);
      const exporter = new AuditPackExporter(store, integrity, kinds, new AuditTrail(store, kinds, context.accesses));
      const manifest = await exporter.export({
        kind,
        recordId: id,
        from: values.from as string,
        to: values.to as string,
        directory: values.out as string,
        by: context.operator ?? DEFAULT_OPERATOR,
        // Recorded before anything of the record is written out.
        beforeWrite: () => recordRead(context, kind, id, purpose),
      });
      io.out(JSON.stringify(manifest, null, 2));
      io.err(`Wrote ${manifest.files.events.lines} event(s) and ${manifest.files.trail.lines} trail entries to ${values.out as string}\nVerify offline: ${manifest.verify.replace('<pack-directory>', values.out as string)}`);
      return EXIT.OK;
    }
    case 'projections-check': {
      const { positionals } = parse(rest, {});
      if (positionals.length !== 1) throw new UsageError('projections-check needs a projection name, or all');
      if (!context.projections) throw new UsageError('projections-check is not available here');
      const checker = await context.projections();
      try {
        const names = positionals[0] === 'all' ? checker.names() : positionals;
        const unknown = names.filter((n) => !checker.names().includes(n));
        if (unknown.length > 0) throw new UsageError(`No projection named ${unknown.join(', ')}; known: ${checker.names().join(', ')}`);
        let consistent = true;
        for (const name of names) {
          const report = await withProgress(io, name, (onProgress) => checker.check(name, onProgress));
          io.out(JSON.stringify(report, null, 2));
          io.err(report.consistent ? `${name}: consistent (${report.rowsCompared} rows)` : `${name}: ${inconsistency(report)}`);
          consistent &&= report.consistent;
        }
        return consistent ? EXIT.OK : EXIT.FAILED;
      } finally {
        await checker.close();
      }
    }
    case 'checkpoints': {
      io.out(JSON.stringify(await integrity.checkpoints(), null, 2));
      return EXIT.OK;
    }
    case undefined:
    case 'help':
    case '--help':
      io.err(AUDIT_USAGE);
      return command === undefined ? EXIT.USAGE : EXIT.OK;
    default:
      throw new UsageError(`Unknown command ${command}`);
  }
}

/** Why a projection check did not find it consistent, in a line. */
function inconsistency(report: ProjectionConsistencyReport): string {
  const problems = [
    ...(report.failure ? [`failing${report.failure.event ? ` at event ${report.failure.event.id} (${report.failure.event.type})` : ''}: ${report.failure.error}`] : []),
    ...(report.rebuildFailure ? [`the rebuild cannot apply event ${report.rebuildFailure.event.id} either: ${report.rebuildFailure.error}`] : []),
    ...(report.behind > 0 ? [`${report.behind} event(s) behind the head of the log`] : []),
    ...(report.differenceCount > 0 ? [`${report.differenceCount} difference(s)`] : []),
  ];
  return problems.join('; ');
}

function verifyPack(args: string[], io: CliIo): number {
  const { values, positionals } = parse(args, { 'key-id': { type: 'string', multiple: true } });
  if (positionals.length !== 1) throw new UsageError('verify-pack needs the pack directory');
  const keyIds = values['key-id'];
  const result = verifyAuditPack(positionals[0], keyIds);
  io.out(JSON.stringify(result, null, 2));
  if (!result.ok) {
    io.err(`NOT VERIFIED: ${result.problems.join('; ')}`);
    return EXIT.FAILED;
  }
  io.err(`VERIFIED: ${result.eventsChecked} event(s) chain to a checkpoint signed by ${keyIds ? 'a trusted key' : 'the key the pack names (pass --key-id to pin the board\'s key)'}`);
  return EXIT.OK;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

// Each value typed by its option (`multiple` gives a list), as node's parseArgs types it.
function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `case:<id>` or `case-<id>`. */
export function record(positionals: string[], kinds: RecordKindRegistry): { kind: string; id: string } {
  if (positionals.length !== 1) throw new UsageError('Name one record: <kind>:<id>, e.g. case:3f1c...');
  const [value] = positionals;
  // Longest kind first: `inbound-share-…` is not an `inbound` record.
  const kind = [...kinds.names()].sort((a, b) => b.length - a.length).find((k) => value.startsWith(`${k}:`) || value.startsWith(`${k}-`));
  if (!kind) {
    const named = /^([a-z][a-z-]*?)[:]/.exec(value)?.[1];
    if (named) kinds.get(named);
    throw new UsageError(`Not a record: ${value} (use <kind>:<id>, kinds: ${kinds.names().join(', ')})`);
  }
  const id = value.slice(kind.length + 1);
  if (!id) throw new UsageError(`Not a record: ${value} (no id after the kind)`);
  return { kind, id };
}

/** `--purpose`, checked like the X-Purpose header; the command's default when not given. */
export function readPurpose(values: Record<string, string | boolean | undefined>, fallback: string): string {
  const stated = values.purpose;
  if (typeof stated !== 'string') return fallback;
  const problem = purposeProblem(stated);
  if (problem) throw new UsageError(`--purpose ${problem}`);
  return stated.trim();
}

/**
 * Appends the operator's read of one record to its access log, as the HTTP API does for an
 * auditor (Data Protection Act 2018 s62). Awaited before anything is shown: a read whose access
 * cannot be recorded fails.
 */
async function recordRead(context: AuditCliContext, kind: string, recordId: string, purpose: string): Promise<void> {
  const actor = { ...(context.operator ?? DEFAULT_OPERATOR), roles: ['auditor' as const] };
  const read = auditorRead(kind, recordId, purpose, actor, 'command line');
  if (read) await context.accessLog.record(actor, read.accessKind, recordId, read.event);
}

function readCheckpoint(file: string): AuditCheckpoint {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as AuditCheckpoint;
  } catch (error) {
    throw new UsageError(`Cannot read a checkpoint from ${file}: ${(error as Error).message}`);
  }
}

function notFound(io: CliIo, kind: string, id: string): number {
  io.err(`No events for ${kind} ${id}`);
  return EXIT.NOT_FOUND;
}

async function withProgress<T>(io: CliIo, label: string, run: (onProgress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  if (!io.progress) return run(() => undefined);
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} events | {eta_formatted} left`, stream: process.stderr }, Presets.shades_classic);
  let started = false;
  try {
    return await run((done, total) => {
      if (!started) bar.start(Math.max(total, 1), 0);
      started = true;
      bar.setTotal(Math.max(total, done, 1));
      bar.update(done);
    });
  } finally {
    if (started) bar.stop();
  }
}

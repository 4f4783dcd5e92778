import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, GENESIS_HASH, RecordedEvent, contentHash, linkHash, rawEventStore } from '@app/event-store';
import { AuditIntegrity } from '../integrity/audit-integrity';
import { AuditCheckpoint, verifyCheckpointSignature } from '../integrity/checkpoint';
import { leafHash, verifyInclusion } from '../integrity/merkle';
import { RecordKindRegistry } from '../time-travel/record-kinds';
import { parseMoment } from '../time-travel/time-travel';
import { AuditTrail, TrailEntry } from '../trail/audit-trail';

/** The command that checks a pack offline (no database, no network), documented in every pack. */
export const VERIFY_PACK_COMMAND = 'npm run audit -- verify-pack <pack-directory> --key-id <the board\'s published key id>';

/**
 * An audit pack: one record's events and accesses over a period, with what it takes to prove
 * them unaltered without the store.
 *
 *   manifest.json  this document
 *   events.jsonl   the record's stored events in the period, exactly as stored (personal data
 *                  stays sealed: the hashes cover the sealed form)
 *   trail.jsonl    the chronology: every change and recorded read, with actor, agency, time, reason
 *   report.html    the same chronology for people, with the checkpoint and how to verify
 *
 * Verification: recompute each event's chain link from `chain.previousHash`, compare with the
 * stored hashes, put the last link's leaf into the signed checkpoint with the inclusion proof,
 * and check the checkpoint's Ed25519 signature against the board's published key id.
 */
export interface AuditPackManifest {
  format: 'safeguard-audit-pack/1';
  kind: string;
  recordId: string;
  streamId: string;
  from: string;
  to: string;
  generatedAt: string;
  generatedBy: { userId: string; agencyId: string };
  files: Record<'events' | 'trail' | 'report', { file: string; sha256: string; lines?: number }>;
  chain: { firstRevision: number; lastRevision: number; previousHash: string; lastHash: string };
  inclusion: { leafIndex: number; treeSize: number; proof: string[] };
  checkpoint: AuditCheckpoint;
  verify: string;
}

export class EmptyPeriodError extends Error {
  override name = 'EmptyPeriodError';
}

export class AuditPackExporter {
  constructor(
    private readonly store: EventStore,
    private readonly integrity: AuditIntegrity,
    private readonly kinds: RecordKindRegistry,
    private readonly trails: AuditTrail,
  ) {}

  /** `beforeWrite`: called once the period is known to hold events, before the pack is made (e.g. to record the read). */
  async export(options: {
    kind: string;
    recordId: string;
    from: string;
    to: string;
    directory: string;
    by: { userId: string; agencyId: string };
    beforeWrite?: () => Promise<void>;
  }): Promise<AuditPackManifest> {
    const { kind, recordId, directory, by } = options;
    const from = parseMoment(options.from).toISOString();
    const to = parseMoment(options.to).toISOString();
    const streamId = this.kinds.get(kind).streamId(recordId);
    const raw = rawEventStore(this.store);
    const events = (await raw.readStream(streamId, { asOf: { time: to } })).filter((e) => e.recordedAt >= from);
    if (events.length === 0) throw new EmptyPeriodError(`No events of ${kind} ${recordId} between ${from} and ${to}`);
    await options.beforeWrite?.();
    const first = events[0];
    const [previous] = first.revision === 0 ? [] : await raw.readStream(streamId, { fromRevision: first.revision - 1, limit: 1 });
    const last = events[events.length - 1];
    const { checkpoint, leafIndex, proof } = await this.integrity.checkpointIncluding(last.position, by, `audit pack of ${kind} ${recordId}`);
    const trail = await this.trails.trail(kind, recordId, { from, to });

    mkdirSync(directory, { recursive: true });
    const eventsText = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const trailText = trail.map((e) => JSON.stringify(e)).join('\n') + '\n';
    writeFileSync(join(directory, 'events.jsonl'), eventsText);
    writeFileSync(join(directory, 'trail.jsonl'), trailText);
    const base = {
      format: 'safeguard-audit-pack/1' as const,
      kind,
      recordId,
      streamId,
      from,
      to,
      generatedAt: new Date().toISOString(),
      generatedBy: by,
      chain: { firstRevision: first.revision, lastRevision: last.revision, previousHash: previous?.hash ?? GENESIS_HASH.toString('hex'), lastHash: last.hash },
      inclusion: { leafIndex, treeSize: checkpoint.treeSize, proof },
      checkpoint,
      verify: VERIFY_PACK_COMMAND.replace("<the board's published key id>", checkpoint.keyId),
    };
    const reportText = renderReport(base, trail);
    writeFileSync(join(directory, 'report.html'), reportText);
    const manifest: AuditPackManifest = {
      ...base,
      files: {
        events: { file: 'events.jsonl', sha256: sha256(eventsText), lines: events.length },
        trail: { file: 'trail.jsonl', sha256: sha256(trailText), lines: trail.length },
        report: { file: 'report.html', sha256: sha256(reportText) },
      },
    };
    writeFileSync(join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }
}

export interface PackVerification {
  ok: boolean;
  problems: string[];
  eventsChecked: number;
  /** The first event whose stored hash disagrees with its content. */
  firstBroken?: { revision: number; eventId: string };
}

/** Checks a pack with nothing but its files (and the key ids you trust). */
export function verifyAuditPack(directory: string, trustedKeyIds?: readonly string[]): PackVerification {
  const problems: string[] = [];
  const manifestPath = join(directory, 'manifest.json');
  if (!existsSync(manifestPath)) return { ok: false, problems: [`no manifest.json in ${directory}`], eventsChecked: 0 };
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as AuditPackManifest;
  if (manifest.format !== 'safeguard-audit-pack/1') return { ok: false, problems: [`unknown pack format ${String(manifest.format)}`], eventsChecked: 0 };
  for (const [name, entry] of Object.entries(manifest.files)) {
    const path = join(directory, entry.file);
    if (!existsSync(path)) problems.push(`${entry.file} is missing`);
    else if (sha256(readFileSync(path, 'utf8')) !== entry.sha256) problems.push(`${entry.file} (${name}) was changed after export: its SHA-256 differs`);
  }
  const events = readFileSync(join(directory, manifest.files.events.file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedEvent);
  let link = Buffer.from(manifest.chain.previousHash, 'hex');
  let expectedRevision = manifest.chain.firstRevision;
  let firstBroken: PackVerification['firstBroken'];
  for (const event of events) {
    link = linkHash(link, contentHash(event), event.revision, Date.parse(event.recordedAt));
    if (!firstBroken && (event.revision !== expectedRevision || event.streamId !== manifest.streamId || link.toString('hex') !== event.hash)) {
      firstBroken = { revision: event.revision, eventId: event.id };
      problems.push(`event ${event.id} (revision ${event.revision}) does not match its hash chain: it was altered, removed or reordered`);
    }
    expectedRevision++;
  }
  if (events.length === 0) problems.push('the pack holds no events');
  if (expectedRevision - 1 !== manifest.chain.lastRevision) problems.push('the events do not end at the revision the manifest states');
  const { checkpoint, inclusion } = manifest;
  if (inclusion.treeSize !== checkpoint.treeSize) problems.push('the inclusion proof is for another tree size than the checkpoint');
  if (!verifyInclusion(inclusion.leafIndex, checkpoint.treeSize, leafHash(link), Buffer.from(checkpoint.rootHash, 'hex'), inclusion.proof.map((h) => Buffer.from(h, 'hex')))) {
    problems.push("the last event's chain link is not in the signed checkpoint (inclusion proof fails)");
  }
  const signature = verifyCheckpointSignature(checkpoint, trustedKeyIds);
  if (!signature.ok) problems.push(`checkpoint: ${signature.problem}`);
  return { ok: problems.length === 0, problems, eventsChecked: events.length, ...(firstBroken ? { firstBroken } : {}) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function renderReport(pack: Omit<AuditPackManifest, 'files'>, trail: TrailEntry[]): string {
  const rows = trail
    .map(
      (e) =>
        `<tr><td>${escape(e.at)}</td><td>${escape(e.entry)}</td><td>${escape(e.type)}</td><td>${escape(e.actor)}</td><td>${escape(e.agency)}</td><td>${escape(e.reason)}</td><td>${escape(e.revision)}</td></tr>`,
    )
    .join('\n');
  const cp = pack.checkpoint;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Audit pack: ${escape(pack.kind)} ${escape(pack.recordId)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;font-size:.9rem}th{background:#f3f3f3}code{font-size:.85rem;word-break:break-all}</style>
</head><body>
<h1>Audit pack: ${escape(pack.kind)} ${escape(pack.recordId)}</h1>
<p>Period ${escape(pack.from)} to ${escape(pack.to)}. Generated ${escape(pack.generatedAt)} by ${escape(pack.generatedBy.userId)} (${escape(pack.generatedBy.agencyId)}).</p>
<h2>Chronology</h2>
<p>Every change to the record (and every recorded read) in the period, oldest first.</p>
<table><thead><tr><th>When</th><th>Entry</th><th>What</th><th>Who</th><th>Agency</th><th>Reason</th><th>Revision</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Integrity</h2>
<ul>
<li>Stream <code>${escape(pack.streamId)}</code>, revisions ${pack.chain.firstRevision} to ${pack.chain.lastRevision}; last hash <code>${escape(pack.chain.lastHash)}</code></li>
<li>Signed checkpoint of ${escape(cp.issuedAt)} over ${cp.treeSize} events: root <code>${escape(cp.rootHash)}</code></li>
<li>Signing key id <code>${escape(cp.keyId)}</code>: compare it with the key id the board published.</li>
</ul>
<h2>Verify this pack offline</h2>
<p>From a checkout of Safeguard (no database or network needed):</p>
<pre><code>${escape(pack.verify)}</code></pre>
<p>It recomputes every event's hash chain, checks the files against the manifest, puts the last event into the signed checkpoint with the inclusion proof, and checks the checkpoint's Ed25519 signature. Exit code 0: intact; 1: something was altered (the output says what).</p>
</body></html>
`;
}

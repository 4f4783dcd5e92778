import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { loadConfig } from '@app/common';
import { EventStore, openProtectedEventStore } from '@app/event-store';
import { bearer } from '@app/auth-testing';
import { CASES_PERSONAL_DATA } from '@app/cases';
import { INTELLIGENCE_PERSONAL_DATA } from '@app/intelligence';
import { EXIT, resolveSigningKey, runAuditCommand } from '@app/audit';
import { AccessRecorder } from '@app/access';
import { AuditCliConfig } from '../../apps/audit-service/src/audit-cli.config';
import { referralBody } from '../support/http';
import { embeddedDefaultFiles } from '../support/embedded-files';
import { buildIfChanged } from '../support/processes';
import { openProjectionChecker } from '../../apps/audit-service/src/audit-projections.module';

const referral = referralBody('bf-csc');
const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });

/**
 * The auditor's command line on the embedded default's files: the SQLite event store the
 * platform wrote, opened with the same settings the platform reads.
 */
describe('npm run audit on the embedded default (SQLite files)', () => {
  let dir: string;
  let env: Record<string, string>;
  let caseId: string;
  let closedAt: string;
  let cleanup: () => Promise<void>;

  // `npm run audit` runs the compiled command: built here, once, rather than inside the first test.
  beforeAll(() => buildIfChanged('audit-service'), 300_000);

  beforeAll(async () => {
    // The files stay: the platform stopped, as an auditor would find them.
    const files = await embeddedDefaultFiles(async (http, platform) => {
      const id = (await http.post('/referrals').set(csc).send(referral).expect(201)).body.caseId as string;
      await http.put(`/cases/${id}/flags/looked-after`).set(csc).send({}).expect(200);
      await http.post(`/cases/${id}/close`).set(csc).send({ reason: 'Plan complete' }).expect(200);
      return { id, closedAt: (await platform.store.readStream(`case-${id}`))[2].recordedAt };
    });
    ({ dir, env } = files);
    ({ id: caseId, closedAt } = files.written);
    cleanup = files.drop;
  });

  afterAll(async () => cleanup());

  /** Runs a command in-process against the files, capturing what it prints. */
  async function audit(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const config = loadConfig(AuditCliConfig, env);
    const store: EventStore = await openProtectedEventStore(config, { personalData: [CASES_PERSONAL_DATA, INTELLIGENCE_PERSONAL_DATA] });
    const out: string[] = [];
    const err: string[] = [];
    try {
      const code = await runAuditCommand(argv, {
        store,
        signingKey: () => resolveSigningKey(config),
        io: { out: (t) => out.push(t), err: (t) => err.push(t), progress: false },
        accessLog: new AccessRecorder(store),
        projections: () => openProjectionChecker(config),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      await store.close();
    }
  }

  it('replays a case as of a moment, before and after it closed', async () => {
    const now = await audit('replay', `case:${caseId}`);
    expect(now.code).toBe(EXIT.OK);
    expect(JSON.parse(now.out)).toMatchObject({ existed: true, revision: 2, state: { status: 'closed', flags: ['looked-after'] } });
    const before = await audit('replay', `case-${caseId}`, '--as-of', new Date(Date.parse(closedAt) - 1).toISOString());
    expect(JSON.parse(before.out)).toMatchObject({ revision: 1, state: { status: 'open' } });
    expect((await audit('replay', `case:${caseId}`, '--as-of', '2000-01-01T00:00:00Z')).code).toBe(EXIT.NOT_FOUND);
  });

  it('prints the trail with actor, agency, time and reason, and filters it', async () => {
    const trail = await audit('trail', `case:${caseId}`);
    expect(trail.code).toBe(EXIT.OK);
    const lines = trail.out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe([closedAt, 'change', 'CaseClosed', 'sw-9@bf-csc', 'Plan complete'].join('\t'));
    const json = JSON.parse((await audit('trail', `case:${caseId}`, '--type', 'CaseFlagSet', '--json')).out);
    expect(json.entries).toEqual([expect.objectContaining({ type: 'CaseFlagSet', actor: 'sw-9', agency: 'bf-csc' })]);
  });

  it('rebuilds every projection into a scratch copy and finds each equal to the live read model', async () => {
    const checked = await audit('projections-check', 'all');
    expect(checked.err).not.toMatch(/difference/);
    expect(checked.code).toBe(EXIT.OK);
    expect(checked.err).toMatch(/case-view: consistent \(1 rows\)/);
    // All sixteen, the police feed, retention reviews, sharing read models, the problem profile, the regional picture and the board's reports included.
    for (const name of ['police-feed', 'retention-reviews', 'sharing-outbound', 'sharing-inbox', 'sharing-refusals', 'analysis-profile', 'analysis-regional-picture', 'board-reports']) expect(checked.err).toMatch(new RegExp(`${name}: consistent`));
    expect(checked.err.match(/: consistent/g)).toHaveLength(16);
    expect((await audit('projections-check', 'no-such-view')).code).toBe(EXIT.USAGE);
  });

  it('exports an audit pack that verifies offline with the documented command, and fails at the exact event once edited', async () => {
    const pack = join(dir, 'pack');
    const exported = await audit('export', `case:${caseId}`, '--from', '2000-01-01T00:00:00Z', '--to', new Date().toISOString(), '--out', pack);
    expect(exported.code).toBe(EXIT.OK);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'case', recordId: caseId, chain: { firstRevision: 0, lastRevision: 2 }, files: { events: { lines: 3 } } });
    expect(manifest.verify).toBe(`npm run audit -- verify-pack <pack-directory> --key-id ${manifest.checkpoint.keyId}`);
    const report = readFileSync(join(pack, 'report.html'), 'utf8');
    expect(report).toContain('Plan complete');
    expect(report).toContain(manifest.checkpoint.rootHash);
    expect(report).toContain(manifest.verify.replace('<', '&lt;').replace('>', '&gt;'));
    // The trail holds the changes and the reads recorded while the case was worked.
    const trail = readFileSync(join(pack, 'trail.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(trail.filter((e) => e.entry === 'change').map((e) => e.type)).toEqual(['ReferralReceived', 'CaseFlagSet', 'CaseClosed']);

    // The documented command, exactly, with nothing but the pack: no settings, no database.
    const command = manifest.verify.replace('<pack-directory>', pack).split(' ');
    const offline = spawnSync(command[0], command.slice(1), { cwd: join(__dirname, '../..'), env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(offline.stderr).toMatch(/VERIFIED: 3 event\(s\)/);
    expect(offline.status).toBe(EXIT.OK);
    expect((await audit('verify-pack', pack, '--key-id', 'f'.repeat(64))).code).toBe(EXIT.FAILED);

    // Someone edits an event in the pack and even fixes the file's checksum in the manifest.
    const lines = readFileSync(join(pack, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    lines[1].metadata.actor.userId = 'someone-else';
    const edited = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    writeFileSync(join(pack, 'events.jsonl'), edited);
    const checked = await audit('verify-pack', pack);
    expect(checked.code).toBe(EXIT.FAILED);
    expect(checked.err).toMatch(/events.jsonl \(events\) was changed after export/);
    manifest.files.events.sha256 = createHash('sha256').update(edited, 'utf8').digest('hex');
    writeFileSync(join(pack, 'manifest.json'), JSON.stringify(manifest));
    const forged = await audit('verify-pack', pack);
    expect(forged.code).toBe(EXIT.FAILED);
    expect(JSON.parse(forged.out).firstBroken).toEqual({ revision: 1, eventId: lines[1].id });
  });

  it("lists one user's activity in a period", async () => {
    const all = await audit('activity', 'sw-9', '--from', '2000-01-01T00:00:00Z');
    expect(all.code).toBe(EXIT.OK);
    expect(JSON.parse(all.out).entries.filter((e: { entry: string }) => e.entry === 'change').map((e: { type: string }) => e.type)).toEqual(['ReferralReceived', 'CaseFlagSet', 'CaseClosed']);
    expect(JSON.parse((await audit('activity', 'nobody')).out).entries).toEqual([]);
    expect((await audit('activity')).code).toBe(EXIT.USAGE);
  });

  it('answers usage errors with exit code 2', async () => {
    expect((await audit('replay')).code).toBe(EXIT.USAGE);
    expect((await audit('replay', `child:${caseId}`)).code).toBe(EXIT.USAGE);
    expect((await audit('replay', 'case:')).code).toBe(EXIT.USAGE);
    expect((await audit('replay', `inbound-share:${caseId}`)).code).toBe(EXIT.NOT_FOUND);
    expect((await audit('replay', `case:${caseId}`, '--as-of', 'last tuesday')).code).toBe(EXIT.USAGE);
    expect((await audit('frobnicate')).code).toBe(EXIT.USAGE);
    expect((await audit('verify', '--bogus')).code).toBe(EXIT.USAGE);
  });

  it('verifies, checkpoints, proves consistency, and after a row is edited reports the exact event with exit code 1', async () => {
    const kept = join(dir, 'kept-checkpoint.json');
    const first = await audit('checkpoint', '--out', kept, '--reason', 'before the test edit');
    expect(first.code).toBe(EXIT.OK);
    expect(JSON.parse(first.out).treeSize).toBeGreaterThanOrEqual(3);

    // The real command, as an auditor types it.
    const npm = (...args: string[]) =>
      spawnSync('npm', ['run', '--silent', 'audit', '--', ...args], { cwd: join(__dirname, '../..'), env: { ...process.env, ...env }, encoding: 'utf8' });
    const verified = npm('verify');
    expect(verified.stderr).toMatch(/OK: \d+ events in \d+ stream\(s\) verified/);
    expect(verified.status).toBe(EXIT.OK);
    const consistent = await audit('checkpoint', '--since', kept);
    expect(consistent.err).toMatch(/CONSISTENT/);
    expect(consistent.code).toBe(EXIT.OK);

    const db = new Database(env.EVENT_STORE_SQLITE_PATH);
    const edited = db.prepare('SELECT event_id FROM es_events WHERE stream_id = ? AND revision = 1').get(`case-${caseId}`) as { event_id: string };
    db.prepare('UPDATE es_events SET data = ? WHERE event_id = ?').run(JSON.stringify({ caseId, flag: 'care-leaver' }), edited.event_id);
    db.close();

    const broken = npm('verify');
    expect(broken.status).toBe(EXIT.FAILED);
    expect(broken.stderr).toContain(`BROKEN: case-${caseId} revision 1 (event ${edited.event_id}`);
    const stream = await audit('verify', '--stream', `case-${caseId}`);
    expect(stream.code).toBe(EXIT.FAILED);
    expect(JSON.parse(stream.out).firstBroken).toMatchObject({ revision: 1, eventId: edited.event_id, problem: 'hash-mismatch' });
    const refused = await audit('checkpoint', '--since', kept);
    expect(refused.code).toBe(EXIT.FAILED);
    expect(refused.err).toMatch(new RegExp(`broken at case-${caseId} revision 1`));
  });

  it('refuses to run on a store that is not there (exit 4), rather than verify an empty one', async () => {
    const missing = spawnSync('npm', ['run', '--silent', 'audit', '--', 'verify'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, EVENT_STORE_SQLITE_PATH: join(dir, 'nowhere', 'events.sqlite') },
      encoding: 'utf8',
    });
    expect(missing.status).toBe(EXIT.ERROR);
    expect(missing.stderr).toMatch(/No event store at/);
    writeFileSync(join(dir, 'not-a-checkpoint.json'), 'nonsense');
    expect((await audit('checkpoint', '--since', join(dir, 'not-a-checkpoint.json'))).code).toBe(EXIT.USAGE);
  });
});

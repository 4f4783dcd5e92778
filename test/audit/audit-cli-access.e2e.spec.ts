import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bearer } from '@app/auth-testing';
import { EXIT } from '@app/audit';
import { referralBody } from '../support/http';
import { embeddedDefaultFiles } from '../support/embedded-files';
import { buildIfChanged } from '../support/processes';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });

/**
 * The auditor's command line records its own reads in the access log, as the HTTP API records an
 * auditor's (Data Protection Act 2018 s62): run through the real npm script on the embedded
 * default's SQLite files, then read back with `npm run audit -- trail`.
 */
describe('npm run audit records every read of a record in the access log', () => {
  let dir: string;
  let env: Record<string, string>;
  let caseId: string;
  let cleanup: () => Promise<void>;

  // `npm run audit` runs the compiled command: built here, once, rather than inside the first test.
  beforeAll(() => buildIfChanged('audit-service'), 300_000);

  beforeAll(async () => {
    const files = await embeddedDefaultFiles(
      async (http) => {
        const id = (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body.caseId as string;
        await http.post(`/cases/${id}/close`).set(csc).send({ reason: 'Plan complete' }).expect(200);
        return id;
      },
      { AUDIT_OPERATOR: 'auditor-7', AUDIT_OPERATOR_AGENCY: 'bf-audit' },
    );
    ({ dir, env, written: caseId } = files);
    cleanup = files.drop;
  });

  afterAll(async () => cleanup());

  /** The real command, as an auditor types it. */
  const npm = (args: string[], settings: Record<string, string> = {}) =>
    spawnSync('npm', ['run', '--silent', 'audit', '--', ...args], { cwd: join(__dirname, '../..'), env: { ...process.env, ...env, ...settings }, encoding: 'utf8' });

  /** What the store holds, read straight from the file. */
  function stored(): { events: number; accesses: { stream: string; type: string; data: Record<string, unknown>; actor: unknown }[] } {
    const db = new Database(env.EVENT_STORE_SQLITE_PATH, { readonly: true });
    try {
      const events = (db.prepare('SELECT count(*) AS n FROM es_events').get() as { n: number }).n;
      const rows = db.prepare("SELECT stream_id, type, data, metadata FROM es_events WHERE stream_id LIKE 'access-%' ORDER BY position").all() as {
        stream_id: string;
        type: string;
        data: string;
        metadata: string;
      }[];
      return { events, accesses: rows.map((r) => ({ stream: r.stream_id, type: r.type, data: JSON.parse(r.data), actor: JSON.parse(r.metadata).actor })) };
    } finally {
      db.close();
    }
  }

  it('records replay, diff and export with the operator, agency, purpose and record; trail shows them', () => {
    const replay = npm(['replay', `case:${caseId}`, '--purpose', 'Subject access request SAR-114']);
    expect(replay.status).toBe(EXIT.OK);
    expect(npm(['diff', `case:${caseId}`, '--from', '2000-01-01T00:00:00Z']).status).toBe(EXIT.OK);
    const pack = join(dir, 'pack');
    expect(npm(['export', `case:${caseId}`, '--from', '2000-01-01T00:00:00Z', '--to', new Date().toISOString(), '--out', pack]).status).toBe(EXIT.OK);

    const trail = npm(['trail', `case:${caseId}`, '--json', '--purpose', 'Quarterly access review']);
    expect(trail.status).toBe(EXIT.OK);
    const reads = JSON.parse(trail.stdout).entries.filter((e: { entry: string }) => e.entry === 'access');
    expect(reads).toEqual([
      expect.objectContaining({ type: 'RecordAccessed', actor: 'auditor-7', agency: 'bf-audit', purpose: 'Subject access request SAR-114', breakGlass: false, outcome: 'shown' }),
      expect.objectContaining({ type: 'RecordAccessed', actor: 'auditor-7', agency: 'bf-audit', purpose: 'audit: compare two moments', breakGlass: false }),
      expect.objectContaining({ type: 'RecordAccessed', actor: 'auditor-7', agency: 'bf-audit', purpose: 'audit: export an audit pack', breakGlass: false }),
    ]);

    // The trail itself was recorded too, after it was read: the same event the HTTP API appends for an auditor.
    const accesses = stored().accesses.filter((a) => a.stream === `access-case-${caseId}`);
    expect(accesses).toHaveLength(4);
    expect(accesses[3]).toEqual({
      stream: `access-case-${caseId}`,
      type: 'RecordAccessed',
      actor: { userId: 'auditor-7', agencyId: 'bf-audit' },
      data: expect.objectContaining({ kind: 'case', recordId: caseId, action: 'read', purpose: 'Quarterly access review', ground: 'auditor (read-only, command line)', roles: ['auditor'], breakGlass: false }),
    });
  });

  it('records nothing for verify-pack (offline), verify, a record not found, or a refused --purpose or operator setting', () => {
    const before = stored();

    // Offline, even with the store's settings at hand.
    const offline = npm(['verify-pack', join(dir, 'pack')]);
    expect(offline.stderr).toMatch(/VERIFIED/);
    expect(offline.status).toBe(EXIT.OK);

    expect(npm(['verify']).status).toBe(EXIT.OK);
    expect(npm(['replay', `case:${caseId}`, '--as-of', '2000-01-01T00:00:00Z']).status).toBe(EXIT.NOT_FOUND);

    const badPurpose = npm(['replay', `case:${caseId}`, '--purpose', 'x']);
    expect(badPurpose.status).toBe(EXIT.USAGE);
    expect(badPurpose.stderr).toMatch(/--purpose must be 3-200 characters/);
    expect(badPurpose.stdout).toBe('');

    const badAgency = npm(['replay', `case:${caseId}`], { AUDIT_OPERATOR_AGENCY: 'the board, really' });
    expect(badAgency.status).toBe(EXIT.ERROR);
    expect(badAgency.stderr).toMatch(/AUDIT_OPERATOR_AGENCY must be an agency id/);
    expect(badAgency.stdout).toBe('');

    expect(stored()).toEqual(before);
  });
});

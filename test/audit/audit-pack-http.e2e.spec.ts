/**
 * The audit pack over HTTP (GET /audit/records/:kind/:recordId/pack), as the console's auditor
 * page downloads it: a zip of the pack's four files that verifies offline, its export recorded as
 * the auditor's read of the record; auditors only.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { AUDIT_READ_PURPOSES, verifyAuditPack } from '@app/audit';
import { referralBody } from '../support/http';
import { startPlatform, TestPlatform } from '../support/platform-app';

const csc = bearer({ userId: 'sw-9', agencyId: 'bf-csc', roles: ['practitioner'] });
const auditor = bearer({ userId: 'aud-1', agencyId: 'bf-lscb', roles: ['auditor'] });

describe.each(['sqlite', 'postgres'] as const)('audit pack over HTTP (%s)', (database) => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    platform = await startPlatform(database, database === 'postgres' ? { AUDIT_SIGNING_KEY: key } : {});
    http = request(platform.app.getHttpServer());
  });

  afterAll(async () => {
    await platform.close();
  });

  const exportReads = async (caseId: string) =>
    (await http.get(`/audit/records/case/${caseId}/trail`).query({ entry: 'access' }).set(auditor).expect(200)).body.entries.filter(
      (e: { purpose?: string }) => e.purpose === AUDIT_READ_PURPOSES.export,
    );

  it("downloads a case's pack as a zip that verifies offline, and records the export as the auditor's read", async () => {
    const from = new Date().toISOString();
    const { caseId } = (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body as { caseId: string };
    await http.put(`/cases/${caseId}/flags/child-witness`).set(csc).send({ note: 'Registered intermediary in place' }).expect(200);

    const answer = await http.get(`/audit/records/case/${caseId}/pack`).query({ from, to: new Date().toISOString() }).set(auditor).responseType('blob').expect(200);
    expect(answer.headers['content-type']).toBe('application/zip');
    expect(answer.headers['content-disposition']).toBe(`attachment; filename="audit-pack-case-${caseId}.zip"`);
    const files = unzipSync(new Uint8Array(answer.body as Buffer));
    expect(Object.keys(files).sort()).toEqual(['events.jsonl', 'manifest.json', 'report.html', 'trail.jsonl']);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(manifest).toMatchObject({ kind: 'case', recordId: caseId, generatedBy: { userId: 'aud-1', agencyId: 'bf-lscb' }, chain: { firstRevision: 0, lastRevision: 1 } });

    const directory = mkdtempSync(join(tmpdir(), 'audit-pack-http-'));
    try {
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(directory, name), bytes);
      expect(verifyAuditPack(directory, [manifest.checkpoint.keyId])).toEqual({ ok: true, problems: [], eventsChecked: 2 });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }

    expect(await exportReads(caseId)).toEqual([expect.objectContaining({ entry: 'access', actor: 'aud-1', agency: 'bf-lscb', purpose: AUDIT_READ_PURPOSES.export })]);
  });

  it('refuses a practitioner, answers 422 for a period without events and 400 naming a bad moment, recording no export', async () => {
    const { caseId } = (await http.post('/referrals').set(csc).send(referralBody('bf-csc')).expect(201)).body as { caseId: string };
    const pack = `/audit/records/case/${caseId}/pack`;

    const refused = await http.get(pack).query({ from: '2000-01-01T00:00:00Z' }).set(csc).expect(403);
    expect(refused.body.message).toMatch(/auditor/);

    const empty = await http.get(pack).query({ from: '2000-01-01T00:00:00Z', to: '2000-12-31T00:00:00Z' }).set(auditor).expect(422);
    expect(empty.body.message).toMatch(/^No events of case/);
    expect(JSON.stringify(empty.body)).not.toMatch(/Testa/);

    const badFrom = await http.get(pack).query({ from: 'last tuesday' }).set(auditor).expect(400);
    expect(badFrom.body.errors).toEqual([{ field: 'query from', problems: [expect.stringMatching(/ISO 8601/)] }]);
    const backwards = await http.get(pack).query({ from: '2001-01-01T00:00:00Z', to: '2000-01-01T00:00:00Z' }).set(auditor).expect(400);
    expect(backwards.body.errors).toEqual([{ field: 'query to', problems: ['must not be before from'] }]);
    const badKind = await http.get(`/audit/records/child/${caseId}/pack`).query({ from: '2000-01-01T00:00:00Z' }).set(auditor).expect(400);
    expect(badKind.body.errors[0].field).toBe('path kind');

    expect(await exportReads(caseId)).toEqual([]);
  });
});

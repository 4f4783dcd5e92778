import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from '@app/auth-testing';
import { referralBody } from '../support/http';
import { startPlatform } from '../support/platform-app';

const school = bearer({ userId: 'dsl-17', agencyId: 'bf-school', roles: ['referrer'] });

/**
 * Issue 13 item 6: the embedded default kept children's names in read models readable by every
 * user of the host (0644); only the key files were 0600. Every data file and its folder is private.
 */
describe('the embedded default’s data files', () => {
  it('are created 0600 in a folder created 0700, the SQLite journals included', async () => {
    const root = mkdtempSync(join(tmpdir(), 'safeguard-modes-'));
    const data = join(root, 'data');
    const platform = await startPlatform('sqlite', {
      EVENT_STORE_SQLITE_PATH: join(data, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(data, 'read-models.sqlite'),
    });
    try {
      await request(platform.app.getHttpServer()).post('/referrals').set(school).send(referralBody('bf-school')).expect(201);
      const mode = (file: string) => (statSync(join(data, file)).mode & 0o777).toString(8);
      expect(mode('.')).toBe('700');
      for (const file of ['events.sqlite', 'events.keys.sqlite', 'read-models.sqlite', 'read-models.sqlite-wal']) expect([file, mode(file)]).toEqual([file, '600']);
    } finally {
      await platform.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

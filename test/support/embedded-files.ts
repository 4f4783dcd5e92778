import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { scratchSqlite } from '@app/event-store-testing';
import { TestPlatform, startPlatform } from './platform-app';

/**
 * The embedded default's SQLite files as an auditor finds them: written by a platform on its own
 * settings (`env`, for the command line to read the same files), then stopped.
 */
export async function embeddedDefaultFiles<T>(
  write: (http: ReturnType<typeof request>, platform: TestPlatform) => Promise<T>,
  settings: Record<string, string> = {},
): Promise<{ dir: string; env: Record<string, string>; written: T; drop(): Promise<void> }> {
  const files = scratchSqlite();
  const env = {
    EVENT_STORE_SQLITE_PATH: join(files.dir, 'events.sqlite'),
    READ_MODEL_SQLITE_PATH: join(files.dir, 'read-models.sqlite'),
    PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'),
    AUDIT_CHECKPOINT_INTERVAL_MINUTES: '0',
    ...settings,
  };
  const platform = await startPlatform('sqlite', env);
  try {
    const written = await write(request(platform.app.getHttpServer()), platform);
    return { dir: files.dir, env, written, drop: files.drop };
  } finally {
    await platform.close();
  }
}

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Store, SessionData } from 'express-session';
import { DataSource, LessThan } from 'typeorm';
import { upsertRows } from '@app/event-store';
import { ConsoleSessionEntity } from './console-session.entity';

/**
 * express-session's store on the read-model database, so that every console replica sees every
 * session and a restart signs nobody out. Rows are encrypted (AES-256-GCM, a key derived from the
 * session secret) and keyed by a hash of the cookie's id. Expired rows are never answered and are
 * deleted now and then.
 */
export class EncryptedSessionStore extends Store {
  private readonly key: Buffer;
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    secret: Buffer,
    private readonly idleMs: number,
  ) {
    super();
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'safeguard console session store', 32));
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    this.read(sid).then((session) => callback(null, session), (error) => callback(error));
  }

  override set(sid: string, session: SessionData, callback?: (error?: unknown) => void): void {
    this.write(sid, session).then(() => callback?.(), (error) => callback?.(error));
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.dataSource
      .getRepository(ConsoleSessionEntity)
      .delete({ id: hashOf(sid) })
      .then(() => callback?.(), (error) => callback?.(error));
  }

  override touch(sid: string, _session: SessionData, callback?: (error?: unknown) => void): void {
    this.dataSource
      .getRepository(ConsoleSessionEntity)
      .update({ id: hashOf(sid) }, { expires: Date.now() + this.idleMs })
      .then(() => callback?.(), (error) => callback?.(error));
  }

  private async read(sid: string): Promise<SessionData | null> {
    const row = await this.dataSource.getRepository(ConsoleSessionEntity).findOneBy({ id: hashOf(sid) });
    if (!row || row.expires <= Date.now()) return null;
    try {
      return JSON.parse(this.decrypt(row.data)) as SessionData;
    } catch {
      // Written under another secret, or tampered with: no session, so the user signs in again.
      return null;
    }
  }

  private async write(sid: string, session: SessionData): Promise<void> {
    const row = { id: hashOf(sid), data: this.encrypt(JSON.stringify(session)), expires: Date.now() + this.idleMs };
    await upsertRows(this.dataSource.manager, ConsoleSessionEntity, [row], ['id']);
    if (Date.now() - this.lastPurge > 60_000) {
      this.lastPurge = Date.now();
      await this.dataSource.getRepository(ConsoleSessionEntity).delete({ expires: LessThan(Date.now()) });
    }
  }

  private encrypt(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  private decrypt(data: string): string {
    const raw = Buffer.from(data, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

const hashOf = (sid: string) => createHash('sha256').update(sid).digest('hex');

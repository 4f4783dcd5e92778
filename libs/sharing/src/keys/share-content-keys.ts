import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EncryptedContent } from '../inbound-share/inbound-share.events';
import { ShareContentKeyEntity } from './share-content-key.entity';
import { SHARING_KEYS, SharingKeys } from './sharing-keys';

/**
 * Per-share content keys at the recipient (AES-256-GCM): the content of a received share is
 * stored only as ciphertext in its event; destroying the key on revocation makes it unreadable
 * everywhere, while the events that say it was shared and revoked stay as they are. Issue 6
 * generalises this to keys per data subject.
 */
@Injectable()
export class ShareContentKeys {
  constructor(
    @Inject(SHARING_KEYS) private readonly keys: SharingKeys,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The share's key, made now if it has none; refused once destroyed. */
  async keyFor(manager: EntityManager, shareId: string): Promise<Buffer> {
    const row = await manager.findOneBy(ShareContentKeyEntity, { shareId });
    if (row) {
      if (!row.wrappedKey) throw new Error(`The content key of share ${shareId} was destroyed`);
      return this.unwrap(shareId, row.wrappedKey);
    }
    const key = randomBytes(32);
    await manager.insert(ShareContentKeyEntity, { shareId, wrappedKey: this.wrap(shareId, key), createdAt: new Date().toISOString(), destroyedAt: null });
    return key;
  }

  /** The content, or undefined when its key was destroyed (revoked) or never existed here. */
  async read<T>(shareId: string, content: EncryptedContent): Promise<T | undefined> {
    const row = await this.dataSource.getRepository(ShareContentKeyEntity).findOneBy({ shareId });
    if (!row?.wrappedKey) return undefined;
    const key = this.unwrap(shareId, row.wrappedKey);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(content.iv, 'base64'));
    decipher.setAAD(Buffer.from(shareId));
    decipher.setAuthTag(Buffer.from(content.tag, 'base64'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(content.ciphertext, 'base64')), decipher.final()]).toString('utf8')) as T;
  }

  /** Destroys the key: the content can never be read again. */
  async destroy(manager: EntityManager, shareId: string, at: string): Promise<void> {
    const row = await manager.findOneBy(ShareContentKeyEntity, { shareId });
    if (!row) await manager.insert(ShareContentKeyEntity, { shareId, wrappedKey: null, createdAt: at, destroyedAt: at });
    else if (row.wrappedKey) await manager.update(ShareContentKeyEntity, { shareId }, { wrappedKey: null, destroyedAt: at });
  }

  /** The share's key state, for the inbox and the register. */
  async status(shareId: string): Promise<'readable' | 'destroyed' | 'missing'> {
    const row = await this.dataSource.getRepository(ShareContentKeyEntity).findOneBy({ shareId });
    return !row ? 'missing' : row.wrappedKey ? 'readable' : 'destroyed';
  }

  static encrypt(key: Buffer, shareId: string, value: unknown): EncryptedContent {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(shareId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return { alg: 'A256GCM', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
  }

  private wrap(shareId: string, key: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.masterKey, iv);
    cipher.setAAD(Buffer.from(`sharing-content-key:${shareId}`));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), wrapped]).toString('base64');
  }

  private unwrap(shareId: string, wrapped: string): Buffer {
    const bytes = Buffer.from(wrapped, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.keys.masterKey, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(`sharing-content-key:${shareId}`));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The key of one received share's content, wrapped with the board's master key. Not a read
 * model: no projection owns it and a rebuild never touches it. Revocation destroys the key
 * (`wrappedKey` null), which makes the ciphertext kept in the event unreadable for ever.
 */
@Entity({ name: 'sharing_content_key' })
export class ShareContentKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shareId: string;

  /** base64 of iv (12) | tag (16) | AES-256-GCM ciphertext of the 32-byte key; null once destroyed. */
  @Column({ type: 'text', nullable: true })
  wrappedKey: string | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  destroyedAt: string | null;
}

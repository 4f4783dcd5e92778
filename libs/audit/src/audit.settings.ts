import { dirname, join } from 'node:path';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { SigningKey, loadSigningKey } from './integrity/signing-key';

/** Audit settings, added to an app's config schema with `withAuditSettings` (validated at boot). */
export interface AuditSettings {
  /**
   * The Ed25519 key that signs checkpoints: PKCS#8 PEM or base64 DER. Required outside the
   * embedded default; keep it in a secret store, never in the repository.
   */
  AUDIT_SIGNING_KEY?: string;
  /** Where the embedded default keeps its generated development key (default: next to the SQLite event store). */
  AUDIT_SIGNING_KEY_FILE?: string;
  /** Publish a checkpoint this often, in minutes, when events were added since the last; 0 = on demand only. */
  AUDIT_CHECKPOINT_INTERVAL_MINUTES: number;
}

export const AUDIT_SETTINGS = Symbol('AUDIT_SETTINGS');

type Constructor<T = object> = new (...args: any[]) => T;

export function withAuditSettings<TBase extends Constructor>(Base: TBase) {
  class WithAuditSettings extends Base implements AuditSettings {
    @IsOptional()
    @IsString()
    AUDIT_SIGNING_KEY?: string;

    @IsOptional()
    @IsString()
    AUDIT_SIGNING_KEY_FILE?: string;

    @Type(() => Number)
    @IsInt()
    @Min(0)
    @Max(60 * 24 * 31)
    AUDIT_CHECKPOINT_INTERVAL_MINUTES = 60;
  }
  return WithAuditSettings;
}

/** The storage settings the signing-key default depends on. */
export interface AuditStorageSettings {
  EVENT_STORE_ADAPTER: string;
  EVENT_STORE_SQLITE_PATH?: string;
}

/**
 * The configured signing key; with none configured on the embedded default (SQLite), a
 * development key generated next to the event store file (under ./data, which git ignores).
 */
export function resolveSigningKey(settings: Partial<AuditSettings> & AuditStorageSettings): SigningKey {
  const besideStore =
    settings.EVENT_STORE_ADAPTER === 'sqlite' && settings.EVENT_STORE_SQLITE_PATH && settings.EVENT_STORE_SQLITE_PATH !== ':memory:'
      ? join(dirname(settings.EVENT_STORE_SQLITE_PATH), 'audit-signing-key.pem')
      : undefined;
  return loadSigningKey({ key: settings.AUDIT_SIGNING_KEY, file: settings.AUDIT_SIGNING_KEY_FILE ?? besideStore });
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed-in user's console session, server-side (issue 15): the browser holds only its random id
 * in a cookie. What it holds (who, the access token for the API, the form token) is encrypted at
 * rest with CONSOLE_SESSION_SECRET; it ends after CONSOLE_IDLE_TIMEOUT_MIN without a request.
 */
@Entity({ name: 'console_sessions' })
export class ConsoleSessionEntity {
  /** sha256 of the cookie's id: the table never holds an id someone could present. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** AES-256-GCM of the session's JSON: iv, tag and ciphertext, base64. */
  @Column({ type: 'text' })
  data: string;

  /** When it ends unless used before (milliseconds since the epoch). */
  @Index('idx_console_sessions_expires')
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  expires: number;
}

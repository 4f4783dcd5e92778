import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';

/**
 * Appends made by other processes, signalled through PostgreSQL's LISTEN/NOTIFY, so that a
 * projector in another process reads a new event at once instead of at its next poll (every
 * 250 ms by default): a user reading their own write across processes waits for the projection,
 * not for a timer.
 *
 * Sending: after an append commits, one `pg_notify` on the pool, never inside the append's
 * transaction (a NOTIFY takes a cluster-wide lock at commit: in every append it would queue
 * writers behind each other). At most one is in flight per process and one goes every 10 ms;
 * appends committed meanwhile are covered by the next. A lost signal costs only latency: readers
 * still poll.
 *
 * Listening: a connection of its own (the pool's settings, not one of its connections), held
 * while anyone listens, opened again after an error (with a growing pause). Signals this process sent itself are ignored: its own appends already
 * woke its readers.
 */
/** The least time between two signals a process sends. */
export const SIGNAL_INTERVAL_MS = 10;

export class PostgresAppendSignal {
  /** Who sent a signal: this process's signals come back to it and are dropped. */
  private readonly sender = randomUUID();
  private sending = false;
  /** Appends committed since the last signal was sent. */
  private due = false;
  private messagesToSignal = false;
  private lastSentAt = 0;
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private listening = false;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectDelayMs = 100;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    /** One channel per event store (its schema): stores side by side do not wake each other. */
    private readonly channel: string,
    /** Another process appended; `withMessages` when some of its appends stored outbox messages. */
    private readonly onSignal: (withMessages: boolean) => void,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new RangeError(`Unsafe channel name: ${channel}`);
  }

  /**
   * Tells other processes an append committed (`withMessages`: it stored outbox messages). Never
   * throws and never delays the caller. At most one signal is in flight and one is sent every
   * SIGNAL_INTERVAL_MS: under load one NOTIFY covers the appends of that time, not one each.
   */
  appended(withMessages: boolean): void {
    if (this.closed) return;
    this.messagesToSignal ||= withMessages;
    this.due = true;
    if (this.sending || this.timer) return;
    const wait = this.lastSentAt + SIGNAL_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.send();
      }, wait);
      this.timer.unref();
      return;
    }
    this.send();
  }

  private send(): void {
    if (this.closed || !this.due) return;
    this.sending = true;
    this.due = false;
    this.lastSentAt = Date.now();
    const payload = `${this.sender}:${this.messagesToSignal ? 'messages' : 'events'}`;
    this.messagesToSignal = false;
    this.pool
      .query('SELECT pg_notify($1, $2)', [this.channel, payload])
      .catch((error: Error) => this.onError(error))
      .finally(() => {
        this.sending = false;
        // Appends committed while this one was sent: one more signal, in its turn.
        if (this.due) this.appended(this.messagesToSignal);
      });
  }

  /** Starts listening (idempotent). */
  listen(): void {
    if (this.listening || this.closed) return;
    this.listening = true;
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.timer);
    const client = this.listener;
    this.listener = undefined;
    if (client) {
      client.removeAllListeners('notification');
      await client.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    if (!this.listening || this.closed) return;
    const client = new Client({ ...(this.pool as unknown as { options: object }).options, application_name: 'safeguard-append-signal' });
    try {
      // Errors before connect() resolves reject it; later ones (the server went away) come here.
      client.on('error', (error) => this.lost(client, error));
      await client.connect();
      client.on('notification', (message) => {
        const [sender, what] = (message.payload ?? '').split(':');
        if (message.channel === this.channel && sender !== this.sender) this.onSignal(what === 'messages');
      });
      await client.query(`LISTEN ${this.channel}`);
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.listener = client;
      // Appends made while no one listened were not signalled: the readers' poll finds them.
      this.reconnectDelayMs = 100;
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error: Error): void {
    if (this.listener !== undefined && this.listener !== client) return;
    this.listener = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    this.retry(error);
  }

  private retry(error: Error): void {
    if (this.closed || !this.listening) return;
    this.onError(error);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.reconnectDelayMs);
    this.reconnectTimer.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 10_000);
  }
}

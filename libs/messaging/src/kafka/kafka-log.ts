export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';
export type KafkaLogSink = (level: KafkaLogLevel, message: string) => void;

export interface KafkaLogFilterOptions {
  /** A line repeated within this long is counted, not written (default 60 s). */
  windowMs?: number;
  now?: () => number;
}

/** Lines kafkajs writes as errors or warnings in normal operation: debug. */
const CHATTER = [/group is rebalancing/i, /default partitioner/i];

/**
 * Lines that mean the broker cannot be reached or answered with a retriable failure: during an
 * outage kafkajs writes dozens a second (each retry of each client), all one state.
 */
const UNREACHABLE = /connect|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|socket|broker|coordinator|leader|Crash|Restarting|retries|timed? ?out|not available/i;

/** kafkajs's sign that a client is through to the broker again. */
const THROUGH = /has joined the group|Consumer has started|\bconnected\b/i;

/**
 * kafkajs's log lines turned into one line per state change, not one per retry: the first failure
 * is written ("Kafka is unreachable") and the rest of the outage counted, with a reminder once per
 * window; "Kafka is reachable again" when a client gets through (kafkajs says so, or the bus calls
 * `reachable()` after a publish, probe or subscription succeeds). Any other error is written once
 * per window, with the count of its repeats. Normal chatter (a rebalance at start and stop) goes to
 * debug. Pure: the caller gives it lines and a clock.
 */
export class KafkaLogFilter {
  private unreachableSince?: number;
  private readonly lastWritten = new Map<string, { at: number; suppressed: number }>();
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly sink: KafkaLogSink,
    options: KafkaLogFilterOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** One kafkajs log entry: its level, namespace (the client part), message and error, if any. */
  entry(level: KafkaLogLevel, namespace: string, message: string, error?: string): void {
    const text = `${namespace ? `${namespace}: ` : ''}${message}${error ? ` (${error})` : ''}`;
    if (CHATTER.some((pattern) => pattern.test(message))) return this.sink('debug', text);
    if (level === 'info' || level === 'debug') {
      if (THROUGH.test(message)) this.reachable();
      return this.sink('debug', text);
    }
    const unreachable = UNREACHABLE.test(text);
    if (unreachable && this.unreachableSince === undefined) {
      this.unreachableSince = this.now();
      this.lastWritten.set('unreachable', { at: this.now(), suppressed: 0 });
      return this.sink(level, `Kafka is unreachable: ${text}`);
    }
    this.once(unreachable ? 'unreachable' : text.replace(/\d+/g, '#'), level, unreachable ? `Kafka is still unreachable: ${text}` : text);
  }

  /** A client got through: ends an outage with one line (how long, how many lines were left out). */
  reachable(): void {
    if (this.unreachableSince === undefined) return;
    const seconds = ((this.now() - this.unreachableSince) / 1000).toFixed(1);
    const suppressed = this.lastWritten.get('unreachable')?.suppressed ?? 0;
    this.unreachableSince = undefined;
    this.lastWritten.clear();
    this.sink('info', `Kafka is reachable again after ${seconds} s${suppressed > 0 ? ` (${suppressed} repeated line(s) left out)` : ''}`);
  }

  /** Writes `text` unless a line of the same kind was written within the window; then counts it. */
  private once(key: string, level: KafkaLogLevel, text: string): void {
    const now = this.now();
    const last = this.lastWritten.get(key);
    if (last && now - last.at < this.windowMs) {
      last.suppressed++;
      return;
    }
    this.lastWritten.set(key, { at: now, suppressed: 0 });
    this.sink(level, last && last.suppressed > 0 ? `${text} (${last.suppressed} repeated line(s) left out)` : text);
  }
}

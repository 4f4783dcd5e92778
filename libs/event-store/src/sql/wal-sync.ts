import { close, fdatasync, open } from 'node:fs';

/**
 * Durable SQLite commits without blocking the event loop.
 *
 * better-sqlite3 is synchronous: with `synchronous = FULL` every COMMIT waits for its fsync of the
 * write-ahead log on the event loop (about 2 ms here), and nothing else in the process runs
 * meanwhile: at 300 appends a second that is most of the loop. Instead the database runs with
 * `synchronous = NORMAL` (in WAL mode a commit writes its frames to the log without syncing it;
 * the log is synced before every checkpoint and the database file after it) and the writer calls
 * `sync()` after its COMMIT: an fdatasync of the log file on libuv's thread pool (the data and the
 * file's size, as SQLite's own sync on Linux; the log is reused in place, so rarely more). What FULL adds to
 * NORMAL is exactly that fsync after each commit, so an append acknowledged after `sync()` is as
 * durable as under FULL: its frames are on disk in the log, or a checkpoint already synced the log
 * and then the database file holding them.
 *
 * One fsync runs at a time and covers every commit made before it started; commits that arrive
 * while one runs share the next (group commit). `sync()` resolves once an fsync that started after
 * the caller's commit has finished.
 */
export class WalSync {
  private running = false;
  private requested = 0;
  private waiters: { ticket: number; resolve(): void; reject(error: Error): void }[] = [];
  private closed = false;

  constructor(private readonly walPath: string) {}

  /** Resolves when everything committed before this call is on disk; rejects if the sync failed. */
  sync(): Promise<void> {
    const ticket = ++this.requested;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ ticket, resolve, reject });
      this.next();
    });
  }

  /** Waits for the commits already made to reach the disk; later syncs are refused. */
  async close(): Promise<void> {
    if (this.running || this.waiters.length > 0) await this.sync().catch(() => undefined);
    this.closed = true;
  }

  private next(): void {
    if (this.running || this.waiters.length === 0) return;
    if (this.closed) return this.settle(this.requested, new Error('The database was closed before its commit reached the disk'));
    this.running = true;
    const covers = this.requested;
    const done = (error: Error | undefined) => {
      this.running = false;
      this.settle(covers, error);
      this.next();
    };
    // Opened for each sync (the thread pool's work, like the sync): no descriptor is held between
    // them, so a store that is never closed leaks none. The log exists once a commit has been made.
    open(this.walPath, 'r', (openError, fd) => {
      if (openError) return done(openError);
      fdatasync(fd, (syncError) => close(fd, () => done(syncError ?? undefined)));
    });
  }

  private settle(covers: number, error: Error | undefined): void {
    const ready = this.waiters.filter((w) => w.ticket <= covers);
    this.waiters = this.waiters.filter((w) => w.ticket > covers);
    for (const waiter of ready) error ? waiter.reject(error) : waiter.resolve();
  }
}

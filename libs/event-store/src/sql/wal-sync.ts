import { close, closeSync, fdatasync, open } from 'node:fs';

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
 *
 * The log file is opened at the first sync (it exists once a commit has been made) and kept open
 * until `close()`: each sync is then one trip to the thread pool, not three (open, fdatasync,
 * close), and a trip's answer waits for the event loop, which is busiest when syncs are most
 * wanted. SQLite keeps the log in place while its connection is open (it removes the file only when
 * the last connection closes), so the descriptor stays the log's. A WalSync dropped without
 * `close()` has its descriptor closed when it is garbage-collected.
 */
export class WalSync {
  private running = false;
  private requested = 0;
  private waiters: { ticket: number; resolve(): void; reject(error: Error): void }[] = [];
  private closed = false;
  private fd: number | undefined;
  private readonly handle = {};

  private static readonly descriptors = new FinalizationRegistry<number>((fd) => {
    try {
      closeSync(fd);
    } catch {
      // Already closed: nothing to release.
    }
  });

  constructor(private readonly walPath: string) {}

  /** Resolves when everything committed before this call is on disk; rejects if the sync failed. */
  sync(): Promise<void> {
    const ticket = ++this.requested;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ ticket, resolve, reject });
      this.next();
    });
  }

  /** Waits for the commits already made to reach the disk, then lets the log file go; later syncs are refused. */
  async close(): Promise<void> {
    if (this.running || this.waiters.length > 0) await this.sync().catch(() => undefined);
    this.closed = true;
    this.release();
  }

  private next(): void {
    if (this.running || this.waiters.length === 0) return;
    if (this.closed) return this.settle(this.requested, new Error('The database was closed before its commit reached the disk'));
    this.running = true;
    const covers = this.requested;
    const done = (error: Error | undefined) => {
      this.running = false;
      // A failed sync may leave the descriptor unusable: the next one opens the log afresh.
      if (error) this.release();
      this.settle(covers, error);
      this.next();
    };
    const syncLog = (fd: number) => fdatasync(fd, (syncError) => done(syncError ?? undefined));
    if (this.fd !== undefined) return syncLog(this.fd);
    open(this.walPath, 'r', (openError, fd) => {
      if (openError) return done(openError);
      this.fd = fd;
      WalSync.descriptors.register(this, fd, this.handle);
      syncLog(fd);
    });
  }

  private release(): void {
    if (this.fd === undefined) return;
    WalSync.descriptors.unregister(this.handle);
    close(this.fd, () => undefined);
    this.fd = undefined;
  }

  private settle(covers: number, error: Error | undefined): void {
    const ready = this.waiters.filter((w) => w.ticket <= covers);
    this.waiters = this.waiters.filter((w) => w.ticket > covers);
    for (const waiter of ready) error ? waiter.reject(error) : waiter.resolve();
  }
}

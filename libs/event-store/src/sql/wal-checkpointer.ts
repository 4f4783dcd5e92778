import type { Database } from 'better-sqlite3';
import { Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';

/*
 * SQLite's WAL checkpoints on a thread of their own, off the event loop.
 *
 * In WAL mode a commit appends pages to the log; a checkpoint copies them back into the database
 * file, syncing the log before and the file after. SQLite runs one by itself when a commit leaves
 * the log over 1,000 pages, inside that COMMIT: better-sqlite3 is synchronous, so every request in
 * the process waited for the copy and its two fsyncs (5-10 ms here, every few seconds under load,
 * on each of the events', the keys' and the read models' files).
 *
 * Instead each file-backed connection adopted here leaves its checkpoints to one worker thread a
 * process, which holds a connection of its own to the same file and runs a PASSIVE checkpoint
 * every CHECKPOINT_INTERVAL_MS: PASSIVE never waits for a writer or reader and never holds one
 * back, and copies what no reader still needs. The writer then starts the log again from its
 * beginning, as before. The adopted connection keeps a checkpoint of its own for a log of
 * FALLBACK_PAGES pages, should the thread ever fall that far behind; and if the thread stops, every
 * adopted connection gets SQLite's default back, so a log never grows without bound.
 *
 * Durability is SQLite's own: the checkpointing connection runs `synchronous = FULL`, so the log is
 * on disk before its pages are copied and the file is synced before the log is reused.
 */
/**
 * A second: about as often as SQLite's own 1,000 pages came round at 300 referrals a second, each
 * checkpoint copying a page written many times in that second once. Every 200 ms made five times
 * the fsyncs of the database files, beside the commits' own syncs of their logs on the same disk.
 */
export const CHECKPOINT_INTERVAL_MS = 1000;
/** The adopted connection's own checkpoint, should the thread fall behind (about 40 MB of log). */
export const FALLBACK_PAGES = 10_000;
/** SQLite's default, given back to adopted connections when the thread stops. */
const SQLITE_DEFAULT_PAGES = 1000;

/** The worker's code: plain JavaScript, so it runs the same under ts-node, jest and the build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const open = new Map();
// Files whose last checkpoint failed: reported once, not every interval, until one succeeds.
const failing = new Set();
function checkpointAll() {
  for (const [path, db] of open) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      failing.delete(path);
    } catch (error) {
      if (!failing.has(path)) parentPort.postMessage({ kind: 'failed', path, message: String(error && error.message) });
      failing.add(path);
    }
  }
}
setInterval(checkpointAll, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.kind === 'add') {
    if (!open.has(message.path)) {
      try {
        const db = new Database(message.path, { fileMustExist: true });
        db.pragma('synchronous = FULL');
        open.set(message.path, db);
      } catch (error) {
        parentPort.postMessage({ kind: 'failed', path: message.path, message: String(error && error.message), unopened: true });
      }
    }
    parentPort.postMessage({ kind: 'done', id: message.id });
  } else if (message.kind === 'remove') {
    const db = open.get(message.path);
    open.delete(message.path);
    failing.delete(message.path);
    try {
      if (db) db.close();
    } catch (error) {
      parentPort.postMessage({ kind: 'failed', path: message.path, message: String(error && error.message) });
    }
    parentPort.postMessage({ kind: 'done', id: message.id });
  }
});
`;

/** What the checkpoint thread reports: a file it could not open or checkpoint, or the thread's end. */
export type CheckpointerProblem = { kind: 'failed'; path: string; message: string; unopened?: true } | { kind: 'stopped'; message: string };

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, () => void>();
/** The adopted connections, by file (a process may open one file more than once). */
const adopted = new Map<string, Set<Database>>();
const problemListeners = new Set<(problem: CheckpointerProblem) => void>();

function report(problem: CheckpointerProblem): void {
  // Never an outage: a file the thread cannot checkpoint is checkpointed by its own connection once
  // its log reaches FALLBACK_PAGES, and a stopped thread hands every file back at once.
  const logger = new Logger('SqliteCheckpoints');
  if (problem.kind === 'stopped') logger.warn(`The WAL checkpoint thread stopped (${problem.message}): each SQLite connection checkpoints by itself again`);
  else if (problem.unopened) logger.warn(`The WAL checkpoint thread could not open ${problem.path} (${problem.message}): its connections checkpoint it by themselves`);
  else logger.warn(`The WAL checkpoint thread could not checkpoint ${problem.path} (${problem.message}); its connections will at ${FALLBACK_PAGES} pages of log`);
  for (const listener of problemListeners) listener(problem);
}

/** Called on every problem the checkpoint thread has; returns the unsubscribe. */
export function onCheckpointerProblem(listener: (problem: CheckpointerProblem) => void): () => void {
  problemListeners.add(listener);
  return () => problemListeners.delete(listener);
}

function startWorker(): Worker {
  const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), intervalMs: CHECKPOINT_INTERVAL_MS } });
  started.on('message', (message: { kind: 'done'; id: number } | Extract<CheckpointerProblem, { kind: 'failed' }>) => {
    if (message.kind === 'done') {
      pending.get(message.id)?.();
      pending.delete(message.id);
      // Answered: the thread no longer holds the process open (see ask).
      if (pending.size === 0) started.unref();
      return;
    }
    // A file the thread cannot hold is checkpointed by its own connections, as SQLite does by default.
    if (message.unopened) for (const db of adopted.get(message.path) ?? []) checkpointByItself(db);
    report(message);
  });
  const stopped = (message: string) => {
    if (worker !== started) return;
    worker = undefined;
    for (const resolve of pending.values()) resolve();
    pending.clear();
    // Every connection still adopted checkpoints by itself again, as SQLite does by default.
    for (const dbs of adopted.values()) for (const db of dbs) checkpointByItself(db);
    if (adopted.size > 0) report({ kind: 'stopped', message });
  };
  started.on('error', (error) => stopped(error.message));
  started.on('exit', (code) => stopped(`exited with code ${code}`));
  // The thread never keeps the process alive: a process that ends without closing its stores ends.
  // (After the listeners: adding a 'message' listener refs the worker's port again.)
  started.unref();
  return started;
}

function checkpointByItself(db: Database): void {
  if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
}

function ask(message: { kind: 'add' | 'remove'; path: string }): Promise<void> {
  worker ??= startWorker();
  const id = ++nextId;
  const asked = worker;
  // While an answer is awaited the thread holds the process open, or a process with nothing else
  // to wait for would end in the middle of opening a store.
  asked.ref();
  return new Promise<void>((resolve) => {
    pending.set(id, resolve);
    asked.postMessage({ ...message, id });
  });
}

/**
 * Leaves the WAL checkpoints of `db` (a file-backed better-sqlite3 connection in WAL mode) to the
 * checkpoint thread. Resolves once the thread holds the file; the returned `release` gives the
 * connection its own checkpoints back (call it before closing the connection). An in-memory or
 * non-WAL connection is left as it is.
 */
export async function checkpointOffTheEventLoop(db: Database): Promise<() => Promise<void>> {
  const mode = db.pragma('journal_mode', { simple: true }) as string;
  if (db.memory || mode !== 'wal') return async () => undefined;
  const path = db.name;
  const dbs = adopted.get(path) ?? new Set<Database>();
  adopted.set(path, dbs.add(db));
  db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  await ask({ kind: 'add', path });
  return async () => {
    if (!dbs.delete(db)) return;
    checkpointByItself(db);
    if (dbs.size > 0 || adopted.get(path) !== dbs) return;
    adopted.delete(path);
    if (!worker) return;
    await ask({ kind: 'remove', path });
    // The last file released: the thread ends (a test run opens and closes stores by the hundred).
    // Not while another store's add or remove is still awaited: its answer would never come.
    if (adopted.size === 0 && pending.size === 0 && worker) {
      const ending = worker;
      worker = undefined;
      await ending.terminate();
    }
  };
}

/**
 * `checkpointOffTheEventLoop` for a TypeORM DataSource on better-sqlite3 (any other is returned as
 * it is): its connection's checkpoints go to the thread until `destroy()`, which gives them back first.
 */
export async function withCheckpointsOffTheEventLoop(dataSource: DataSource): Promise<DataSource> {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource;
  const db = (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  const release = await checkpointOffTheEventLoop(db);
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await release();
    await destroy();
  };
  return dataSource;
}

/** The checkpoint thread while one runs (none while no connection is adopted): for tests and diagnostics. */
export function checkpointThread(): Worker | undefined {
  return worker;
}

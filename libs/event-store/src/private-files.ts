import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Prepares a database file that holds children's data (events, read models, keys): its folder is
 * created 0700 and the file itself 0600, before SQLite opens it (SQLite then creates its -wal and
 * -shm files with the database file's permissions). An existing file or folder is narrowed to the
 * same: a read model of names left readable to every user of the host is a leak. `:memory:` is
 * left alone.
 */
export function privateDatabaseFile(path: string): void {
  if (path === ':memory:') return;
  const folder = dirname(path);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const [file, mode] of [
    [path, 0o600],
    [`${path}-wal`, 0o600],
    [`${path}-shm`, 0o600],
  ] as const) {
    // Not ours to change (another user's file): SQLite will say so when it opens it.
    if (existsSync(file)) chmodSafe(file, mode);
  }
}

/** A folder for private files (keys): created 0700. */
export function privateFolder(folder: string): void {
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
}

function chmodSafe(file: string, mode: number): void {
  try {
    chmodSync(file, mode);
  } catch {
    // See above.
  }
}

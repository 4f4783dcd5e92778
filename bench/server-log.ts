import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let path: string | undefined;
let fd: number | undefined;

/**
 * Where a bench's platform processes write their log: JSON lines (LOG_FORMAT=json, as in
 * production) appended to one file in the temporary folder, named once on stderr, so that the
 * figures are not mixed with a line per request and the servers pay what production pays for
 * logging, not for a terminal.
 */
export function serverLog(): number {
  if (fd === undefined) {
    path = join(tmpdir(), `safeguard-bench-${process.pid}.log`);
    fd = openSync(path, 'a', 0o600);
    process.stderr.write(`platform logs: ${path}\n`);
  }
  return fd;
}

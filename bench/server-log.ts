import { openSync, readFileSync } from 'node:fs';
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

/** One request line of the platform's log (libs/common/src/logging/logger.ts, requestLogging). */
export interface LoggedRequest {
  method: string;
  /** The route as declared (`/cases/:caseId`), or undefined where none matched. */
  route?: string;
  /** When the answer was sent (epoch ms), and how long the platform had the request. */
  endedAt: number;
  durationMs: number;
}

/**
 * The request lines the bench's platform processes have logged so far (none before serverLog()
 * opened the file). Other lines (startup, projections, warnings) are left out.
 */
export function loggedRequests(): LoggedRequest[] {
  if (path === undefined) return [];
  const requests: LoggedRequest[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.includes('"durationMs"')) continue;
    let entry: { method?: unknown; route?: unknown; time?: unknown; durationMs?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (typeof entry.method !== 'string' || typeof entry.durationMs !== 'number' || typeof entry.time !== 'string') continue;
    requests.push({ method: entry.method, route: typeof entry.route === 'string' ? entry.route : undefined, endedAt: Date.parse(entry.time), durationMs: entry.durationMs });
  }
  return requests;
}

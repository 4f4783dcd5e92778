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
  /** The answer's status; undefined where the connection closed before its headers went. */
  status?: number;
  /** When the answer was sent (epoch ms), and how long the platform had the request. */
  endedAt: number;
  durationMs: number;
}

/**
 * The request lines the bench's platform processes have logged so far (none before serverLog()
 * opened the file).
 */
export function loggedRequests(): LoggedRequest[] {
  return path === undefined ? [] : requestLines(readFileSync(path, 'utf8'));
}

/** The request lines of a JSON-lines log; other lines (startup, projections, warnings, GC traces) are left out. */
export function requestLines(log: string): LoggedRequest[] {
  const requests: LoggedRequest[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes('"durationMs"')) continue;
    let entry: { method?: unknown; route?: unknown; status?: unknown; time?: unknown; durationMs?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    const endedAt = typeof entry.time === 'string' ? Date.parse(entry.time) : NaN;
    if (typeof entry.method !== 'string' || typeof entry.durationMs !== 'number' || Number.isNaN(endedAt)) continue;
    requests.push({
      method: entry.method,
      route: typeof entry.route === 'string' ? entry.route : undefined,
      status: typeof entry.status === 'number' ? entry.status : undefined,
      endedAt,
      durationMs: entry.durationMs,
    });
  }
  return requests;
}

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time spent by processes of this machine, from /proc (Linux): user and system time of every
 * thread, so garbage collection and libuv's thread pool count too. Benches print it per request or
 * per event beside their latencies: a machine whose cores are slower or shared moves every latency,
 * while the CPU one request costs moves mostly with the code (about ±10 % between runs on a shared
 * machine). Undefined where /proc cannot be read.
 */
let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Seconds of CPU of process `pid` so far (fields 14 and 15 of /proc/pid/stat), undefined if it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields after it follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/**
 * Seconds of CPU of every PostgreSQL server process on this machine so far: the backends serving
 * the bench's connections, and the WAL writer, checkpointer and autovacuum they keep busy.
 * Undefined where there is no /proc or no local server; a backend that exits between two readings
 * takes its time with it (the platforms' pools keep theirs open).
 */
export function postgresCpuSeconds(): number | undefined {
  let total = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let comm: string;
    try {
      comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm !== 'postgres') continue;
    const seconds = processCpuSeconds(Number(entry));
    if (seconds === undefined) continue;
    total += seconds;
    found = true;
  }
  return found ? total : undefined;
}

/** What a stretch of work cost: CPU seconds of the named parts from when the meter is made until `stop()`. */
export function cpuMeter(parts: Record<string, () => number | undefined>) {
  const read = () => Object.fromEntries(Object.entries(parts).map(([name, probe]) => [name, probe()]));
  const before = read();
  return {
    /** CPU seconds of each part since the meter was made (undefined for a part that could not be read). */
    stop(): Record<string, number | undefined> {
      const after = read();
      return Object.fromEntries(
        Object.keys(parts).map((name) => [name, before[name] === undefined || after[name] === undefined ? undefined : after[name]! - before[name]!]),
      );
    },
  };
}

import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { hash } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { TEST_POSTGRES_URL } from '@app/event-store-testing';

/**
 * What the machine itself can do, measured at the start of a bench run and printed with its
 * figures: the same code has rebuilt the case view at 23,000 and 54,000 events/s on two machines
 * of the same kind, whose SQLite log syncs took p99 14 ms under load on the first and 1 ms (this
 * probe) on the second, so a figure without the machine's own speed cannot be compared with
 * another run's.
 *
 * - cpu: one core's time for a fixed piece of work like the store's (canonical JSON, SHA-256,
 *   parsing), best of five: lower is faster.
 * - fdatasync: a 4 KB write and fdatasync of a file where the SQLite scratch databases go (the
 *   disk the embedded store waits for on every commit).
 * - PostgreSQL commit: a one-row INSERT in autocommit, its commit waiting for the WAL flush (the
 *   server's disk and its round trip).
 */
export interface MachineCalibration {
  cpus: number;
  cpuModel: string | undefined;
  node: string;
  cpuMs: number;
  fdatasync: { p50Ms: number; p99Ms: number; maxMs: number };
  postgresCommit?: { p50Ms: number; p99Ms: number; maxMs: number; version: string };
  postgresError?: string;
}

const SAMPLES = 200;

function spread(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50Ms: at(50), p99Ms: at(99), maxMs: sorted[sorted.length - 1] };
}

function cpuWork(): number {
  const document = {
    referral: { id: 'REF-2026000001', child: { givenName: 'Amelia', familyName: 'Smith', dateOfBirth: '2012-03-14' } },
    indicators: ['CSE-01', 'CSE-04', 'MISS-02'],
    narrative: 'Returned at 06:40 by an unknown adult in a grey hatchback; new phone and gifts unexplained. '.repeat(6),
  };
  const start = performance.now();
  let sink = 0;
  for (let i = 0; i < 20_000; i++) {
    const text = JSON.stringify({ ...document, n: i });
    sink += hash('sha256', text, 'buffer')[0];
    sink += (JSON.parse(text) as { n: number }).n & 1;
  }
  if (sink < 0) throw new Error('unreachable');
  return performance.now() - start;
}

function fdatasyncLatencies(): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'safeguard-bench-disk-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 7);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      writeSync(fd, block, 0, block.length, (i % 16) * block.length);
      fdatasyncSync(fd);
      latencies.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return latencies;
}

async function postgresCommits(): Promise<{ latencies: number[]; version: string }> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    // Not a temporary table: its rows are not WAL-logged, and the commit would not wait for the disk.
    const table = `bench_commit_probe_${process.pid}`;
    await client.query(`CREATE TABLE IF NOT EXISTS public.${table} (n int)`);
    const latencies: number[] = [];
    try {
      for (let i = 0; i < SAMPLES; i++) {
        const start = performance.now();
        await client.query({ name: 'probe', text: `INSERT INTO public.${table} (n) VALUES ($1)`, values: [i] });
        latencies.push(performance.now() - start);
      }
    } finally {
      await client.query(`DROP TABLE IF EXISTS public.${table}`);
    }
    return { latencies, version };
  } finally {
    await client.end();
  }
}

export async function calibrateMachine({ postgres = true }: { postgres?: boolean } = {}): Promise<MachineCalibration> {
  const cpuMs = Math.min(...Array.from({ length: 5 }, cpuWork));
  const result: MachineCalibration = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    cpuMs,
    fdatasync: spread(fdatasyncLatencies()),
  };
  if (postgres) {
    try {
      const { latencies, version } = await postgresCommits();
      result.postgresCommit = { ...spread(latencies), version };
    } catch (error) {
      result.postgresError = (error as Error).message;
    }
  }
  return result;
}

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

/** One line for the top of a bench report. */
export function describeMachine(m: MachineCalibration): string {
  const parts = [
    `${m.cpus} × ${m.cpuModel ?? 'unknown CPU'}, Node ${m.node}`,
    `cpu work ${m.cpuMs.toFixed(0)} ms (lower is faster)`,
    `fdatasync p50 ${ms(m.fdatasync.p50Ms)} / p99 ${ms(m.fdatasync.p99Ms)} / max ${ms(m.fdatasync.maxMs)} ms`,
  ];
  if (m.postgresCommit) {
    parts.push(`PostgreSQL ${m.postgresCommit.version} commit p50 ${ms(m.postgresCommit.p50Ms)} / p99 ${ms(m.postgresCommit.p99Ms)} / max ${ms(m.postgresCommit.maxMs)} ms`);
  } else if (m.postgresError) {
    parts.push(`PostgreSQL commit not measured (${m.postgresError})`);
  }
  return `machine: ${parts.join('; ')}`;
}

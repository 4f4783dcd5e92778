import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '@app/common';
import { ProjectionsService, StoredProjectionStatus } from '@app/event-store';
import { ProjectorConfig } from './projector.config';
import { ProjectorModule } from './projector.module';

const USAGE = `Usage: npm run projections -- <command>
  list                 the projections and their versions
  status [--json]      each projection's checkpoint, how far behind the log it is, which process runs it,
                       and, when it is failing, the event it cannot apply and the error (exit 3 when one is)
  rebuild <name|all>   drop a read model and replay every event into it (takes it over from a live runner meanwhile)
Settings come from the environment and .env, as for the apps (see .env.example).`;

/** Exit codes: 0 done, 1 failed, 2 usage, 3 (status) a projection is failing. */
async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  if (command !== 'list' && command !== 'rebuild' && command !== 'status') {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(ProjectorConfig);
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot(config, false), { logger: ['error', 'warn'] });
  try {
    const projections = app.get(ProjectionsService);
    if (command === 'list') {
      for (const status of projections.status()) console.log(`${status.name}\tversion ${status.version}`);
      return 0;
    }
    if (command === 'status') {
      const statuses = await projections.storedStatus();
      if (name === '--json') console.log(JSON.stringify(statuses, null, 2));
      else for (const status of statuses) console.log(describeStatus(status));
      const failing = statuses.filter((s) => s.failure);
      if (failing.length > 0) console.error(`${failing.length} projection(s) failing: ${failing.map((s) => s.name).join(', ')}`);
      return failing.length > 0 ? 3 : 0;
    }
    if (!name) {
      console.error(USAGE);
      return 2;
    }
    const names = name === 'all' ? projections.names() : [name];
    for (const projection of names) {
      const bar = new SingleBar({ format: `${projection} [{bar}] {percentage}% | {value}/{total} events | {eta_formatted} left` }, Presets.shades_classic);
      const started = Date.now();
      let barStarted = false;
      const handled = await projections.rebuild(projection, ({ handled: done, total }) => {
        if (!barStarted) {
          bar.start(Math.max(total, 1), 0);
          barStarted = true;
        }
        bar.setTotal(Math.max(total, done, 1));
        bar.update(done);
      });
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      console.log(`${projection}: rebuilt from ${handled} events in ${seconds.toFixed(1)} s (${Math.round(handled / Math.max(seconds, 0.001))} events/s)`);
    }
    return 0;
  } finally {
    await app.close();
  }
}

/** One line per projection: what an operator needs to see first. */
function describeStatus(status: StoredProjectionStatus): string {
  const state = status.failure ? 'FAILING' : status.behind === 0 ? 'up to date' : 'catching up';
  const parts = [
    status.name.padEnd(28),
    state.padEnd(11),
    `behind ${status.behindAtLeast ? '≥' : ''}${status.behind} event(s)`,
    `checkpoint ${status.checkpoint || 'start'}`,
    status.runner ? `run by ${status.runner}` : 'not running',
  ];
  if (status.failure) {
    const { event, error, since, attempts } = status.failure;
    parts.push(`${event ? `cannot apply event ${event.id} (${event.type}) at ${event.position}` : 'failing'} since ${since}, ${attempts} attempt(s): ${error}`);
  }
  return parts.join('  ');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  },
);

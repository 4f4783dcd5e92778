import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '@app/common';
import { ProjectionsService } from '@app/event-store';
import { ProjectorConfig } from './projector.config';
import { ProjectorModule } from './projector.module';

const USAGE = `Usage: npm run projections -- <command>
  list                 the projections and their checkpoints
  rebuild <name|all>   drop a read model and replay every event into it (takes it over from a live runner meanwhile)
Settings come from the environment and .env, as for the apps (see .env.example).`;

/** Exit codes: 0 done, 1 failed, 2 usage. */
async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  if (command !== 'list' && command !== 'rebuild') {
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`${error.name}: ${error.message}`);
    process.exit(1);
  },
);

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap;
interface YamlMap {
  [key: string]: YamlValue;
}

/**
 * docker-compose.yml against the repository: every app that runs on its own has a service that
 * runs its build output with settings it reads, documented in .env.example; secrets and the
 * identity provider come from the environment, never from the file. Docker itself is not needed.
 */
const ROOT = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const composeText = read('docker-compose.yml');
// Compose reads YAML 1.1 merge keys (`<<: *anchor`).
const compose = parse(composeText, { merge: true }) as YamlMap;
const services = compose.services as YamlMap;
const envExample = read('.env.example');

const asMap = (value: YamlValue | undefined): YamlMap => (value && typeof value === 'object' && !Array.isArray(value) ? value : {});
const environment = (name: string): Record<string, string> => asMap(asMap(services[name]).environment) as Record<string, string>;
/** Services built from this repository that run an app (the rest are images, and the one-shot `migrate`). */
const built = Object.keys(services).filter((name) => 'build' in asMap(services[name]) && name !== 'migrate');
/** Apps that run as a process of their own: a main.ts. */
const apps = readdirSync(join(ROOT, 'apps')).filter((app) => existsSync(join(ROOT, 'apps', app, 'src/main.ts')));
const servesHttp = (app: string) => read(`apps/${app}/src/main.ts`).includes('bootstrapHttpApp(');
const httpServices = built.filter(servesHttp);
/** The settings an app's loadConfig reads: the keys of its config schema (libs/common loadConfig). */
const settingsOf = (app: string): string[] => {
  const exports = require(join(ROOT, 'apps', app, 'src', `${app}.config`)) as Record<string, new () => object>;
  const schema = Object.entries(exports).find(([name]) => name.endsWith('Config'))![1];
  return Object.keys(new schema());
};
const SECRET = /(_KEY|PASSWORD|SECRET|TOKEN|CREDENTIALS?)$/;
const required = (name: string) => new RegExp(`^\\$\\{${name}:\\?[^}]{10,}\\}$`);

describe('docker-compose.yml, the distributed deployment', () => {
  it('runs every app that runs on its own, except the platform (every context in one process, the embedded default)', () => {
    expect(apps).toEqual(expect.arrayContaining(['platform', 'cases-service', 'intelligence-service', 'analysis-service', 'sharing-service', 'audit-service', 'projector', 'console']));
    expect([...built].sort()).toEqual(apps.filter((app) => app !== 'platform').sort());
  });

  it('runs each app from the dist path its build writes, and the image builds every one', () => {
    const nestCli = JSON.parse(read('nest-cli.json')) as { projects: Record<string, { type: string; entryFile: string; compilerOptions: { tsConfigPath: string } }> };
    const buildScript = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.build;
    const dockerfile = read('deploy/Dockerfile');
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    for (const app of built) {
      expect([app, asMap(services[app]).command]).toEqual([app, ['node', `dist/apps/${app}/apps/${app}/src/main.js`]]);
      const project = nestCli.projects[app];
      expect([app, project?.type, project?.entryFile]).toEqual([app, 'application', 'main']);
      // The app's tsconfig writes under dist/apps/<app>; tsc mirrors apps/<app>/src/main.ts below it.
      const tsconfig = JSON.parse(read(project.compilerOptions.tsConfigPath)) as { compilerOptions: { outDir: string } };
      expect([app, resolve(ROOT, `apps/${app}`, tsconfig.compilerOptions.outDir)]).toEqual([app, join(ROOT, 'dist/apps', app)]);
      expect([app, buildScript.split('&&').map((step) => step.trim())]).toEqual([app, expect.arrayContaining([`nest build ${app}`])]);
    }
  });

  it('runs npm run audit, projections and migrate from the build, in the image too (the script that builds first comes with it)', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const buildSteps = scripts.build.split('&&').map((step) => step.trim());
    const dockerfile = read('deploy/Dockerfile');
    expect(dockerfile).toMatch(/^COPY deploy\/scripts\/build-if-changed\.js \.\/deploy\/scripts\/build-if-changed\.js$/m);
    for (const name of ['audit', 'projections', 'migrate']) {
      const [, app, compiled] = /^node deploy\/scripts\/build-if-changed\.js ([a-z-]+) --quiet && node (dist\/\S+\.js)$/.exec(scripts[name]) ?? [];
      expect([name, buildSteps]).toEqual([name, expect.arrayContaining([`nest build ${app}`])]);
      // What the app's build writes for one of its sources (tsc mirrors apps/<app>/src below dist/apps/<app>).
      expect([name, compiled]).toEqual([name, expect.stringMatching(new RegExp(`^dist/apps/${app}/apps/${app}/src/`))]);
      const source = compiled.replace(`dist/apps/${app}/`, '').replace(/\.js$/, '.ts');
      expect([name, existsSync(join(ROOT, source))]).toEqual([name, true]);
    }
  });

  it('gives each service only settings its app reads (a misspelt one would be ignored)', () => {
    for (const app of built) {
      // NODE_ENV is read from the process's environment too (the event store: no generated master key in production).
      const known = new Set([...settingsOf(app), 'NODE_ENV']);
      expect([app, Object.keys(environment(app)).filter((name) => !known.has(name))]).toEqual([app, []]);
    }
  });

  it('documents in .env.example every setting it sets or asks for', () => {
    const documented = new Set([...envExample.matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const named = new Set([
      ...built.flatMap((app) => Object.keys(environment(app))),
      // ${VAR...} anywhere: what whoever runs compose supplies (or leaves to its default).
      ...[...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
    ]);
    expect([...named].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('holds no secret: each comes from the environment, required with a message (the local PostgreSQL password aside)', () => {
    const values = Object.keys(services).flatMap((name) => Object.entries(environment(name)));
    const secrets = values.filter(([name]) => SECRET.test(name));
    expect(secrets.map(([name]) => name)).toEqual(expect.arrayContaining(['PERSONAL_DATA_MASTER_KEY', 'SHARING_SIGNING_KEY', 'AUDIT_SIGNING_KEY', 'POSTGRES_PASSWORD']));
    for (const [name, value] of secrets) {
      if (name === 'POSTGRES_PASSWORD') expect(value).toBe('${POSTGRES_PASSWORD:-change-me}');
      else expect([name, value]).toEqual([name, expect.stringMatching(required(name))]);
    }
    // Passwords inside URLs are the same variable, not a copy of its value.
    for (const [name, value] of values.filter(([, value]) => /:\/\/[^/@\s]+@/.test(value))) {
      expect([name, value]).toEqual([name, expect.stringContaining('://safeguard:${POSTGRES_PASSWORD:-change-me}@')]);
    }
  });

  it('runs every service in production, every HTTP service trusting the one identity provider the environment names', () => {
    expect([...httpServices].sort()).toEqual(['analysis-service', 'audit-service', 'cases-service', 'console', 'intelligence-service', 'sharing-service']);
    for (const app of built) expect([app, environment(app).NODE_ENV]).toEqual([app, 'production']);
    const identity = (app: string) => Object.fromEntries(Object.entries(environment(app)).filter(([name]) => name.startsWith('AUTH_')));
    for (const app of httpServices) {
      expect([app, identity(app)]).toEqual([
        app,
        expect.objectContaining({
          AUTH_ISSUER: expect.stringMatching(required('AUTH_ISSUER')),
          AUTH_AUDIENCE: expect.stringMatching(required('AUTH_AUDIENCE')),
          AUTH_JWKS_URL: expect.stringMatching(required('AUTH_JWKS_URL')),
          AUTH_DEV_ISSUER: 'false',
        }),
      ]);
      expect([app, identity(app)]).toEqual([app, identity(httpServices[0])]);
    }
  });

  it('gives the sharing and analysis services and the projector the same board identity and signing key', () => {
    const sharing = (app: string) => Object.fromEntries(Object.entries(environment(app)).filter(([name]) => name.startsWith('SHARING_')));
    expect(sharing('sharing-service')).toEqual(expect.objectContaining({ SHARING_BOARD_ID: expect.stringMatching(required('SHARING_BOARD_ID')) }));
    expect(sharing('projector')).toEqual(sharing('sharing-service'));
    // The regional picture's profiles go over the sharing channel, signed with the same key.
    expect(sharing('analysis-service')).toEqual(sharing('sharing-service'));
    // The projector relays the signed share and profile messages and consumes their topics: over Kafka, as the services.
    expect(environment('projector').KAFKA_BROKERS).toBe(environment('sharing-service').KAFKA_BROKERS);
    expect(environment('analysis-service').KAFKA_BROKERS).toBe(environment('sharing-service').KAFKA_BROKERS);
  });

  it("gives every process that runs, reads or checks the problem profile the board's same wards and schools", () => {
    const places = (app: string) => Object.fromEntries(Object.entries(environment(app)).filter(([name]) => ['PROFILE_AREAS', 'PROFILE_SCHOOLS'].includes(name)));
    expect(places('analysis-service')).toEqual({ PROFILE_AREAS: '${PROFILE_AREAS:-}', PROFILE_SCHOOLS: '${PROFILE_SCHOOLS:-}' });
    for (const app of ['projector', 'audit-service']) expect([app, places(app)]).toEqual([app, places('analysis-service')]);
  });

  it('publishes each HTTP service on the port it listens on, no two alike', () => {
    const ports = httpServices.map((app) => environment(app).PORT);
    for (const app of httpServices) expect([app, asMap(services[app]).ports]).toEqual([app, [`${environment(app).PORT}:${environment(app).PORT}`]]);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('migrates the databases once, with the storage settings, before any app starts', () => {
    const migrate = asMap(services.migrate);
    expect(migrate.build).toEqual(asMap(services[built[0]]).build);
    // The command `npm run migrate` runs (apps/projector/src/migrations/migrate.ts, compiled by the projector's build).
    expect(migrate.command).toEqual(['node', 'dist/apps/projector/apps/projector/src/migrations/migrate.js']);
    expect(existsSync(join(ROOT, 'apps/projector/src/migrations/migrate.ts'))).toBe(true);
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.migrate).toBe(
      'node deploy/scripts/build-if-changed.js projector --quiet && node dist/apps/projector/apps/projector/src/migrations/migrate.js',
    );
    // Every storage setting the apps have, so it migrates the databases they use.
    expect(environment('migrate')).toEqual(expect.objectContaining(Object.fromEntries(Object.entries(environment('projector')).filter(([name]) => /^(EVENT_STORE|EVENTSTORE|READ_MODEL|PERSONAL_DATA_KEYS)_/.test(name)))));
    for (const app of built) {
      expect([app, asMap(asMap(services[app]).depends_on).migrate]).toEqual([app, { condition: 'service_completed_successfully' }]);
    }
  });

  it('has Prometheus scrape /metrics of every service and projector replica, and Grafana show each series the code exposes', () => {
    const prometheus = parse(read('deploy/observability/prometheus.yml')) as { scrape_configs: { job_name: string; metrics_path: string; dns_sd_configs: { names: string[]; type: string; port: number }[] }[] };
    const port = (app: string) => Number(environment(app).PORT ?? environment(app).PROJECTOR_HTTP_PORT);
    const jobs = Object.fromEntries(prometheus.scrape_configs.map((job) => [job.job_name, job]));
    for (const app of built) {
      // Found by Docker's DNS: every replica of a scaled-out service (two projectors) is scraped.
      expect([app, jobs[app]]).toEqual([app, { job_name: app, metrics_path: '/metrics', dns_sd_configs: [{ names: [app], type: 'A', port: port(app) }] }]);
    }
    const volumesOf = (name: string) => (asMap(services[name]).volumes as string[] | undefined) ?? [];
    expect(volumesOf('prometheus')).toContain('./deploy/observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(volumesOf('grafana')).toEqual(
      expect.arrayContaining(['./deploy/observability/grafana/provisioning:/etc/grafana/provisioning:ro', './deploy/observability/grafana/dashboards:/var/lib/grafana/dashboards:ro']),
    );
    const provider = parse(read('deploy/observability/grafana/provisioning/dashboards/safeguard.yml')) as { providers: { options: { path: string } }[] };
    expect(provider.providers[0].options.path).toBe('/var/lib/grafana/dashboards');
    expect((parse(read('deploy/observability/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { url: string }[] }).datasources[0].url).toBe('http://prometheus:9090');

    // Every series the dashboard plots is one the code registers (a renamed metric would be an empty panel), and the reverse.
    const dashboard = read('deploy/observability/grafana/dashboards/safeguard.json');
    const plotted = new Set([...dashboard.matchAll(/\b(safeguard_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g)].map((m) => m[1]));
    const source = readdirSync(join(ROOT, 'libs'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => read(join('libs', file)))
      .join('\n');
    const registered = new Set([...source.matchAll(/name: '(safeguard_[a-z_]+)'/g)].map((m) => m[1]));
    expect([...plotted].filter((name) => !registered.has(name))).toEqual([]);
    expect([...registered].filter((name) => !plotted.has(name))).toEqual([]);
  });
});

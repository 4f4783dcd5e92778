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
/** Services built from this repository (the rest are images: EventStoreDB, PostgreSQL, Kafka). */
const built = Object.keys(services).filter((name) => 'build' in asMap(services[name]));
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
    expect(apps).toEqual(expect.arrayContaining(['platform', 'cases-service', 'intelligence-service', 'sharing-service', 'audit-service', 'projector']));
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
    expect([...httpServices].sort()).toEqual(['audit-service', 'cases-service', 'intelligence-service', 'sharing-service']);
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

  it('gives the sharing service and the projector the same board identity and signing key', () => {
    const sharing = (app: string) => Object.fromEntries(Object.entries(environment(app)).filter(([name]) => name.startsWith('SHARING_')));
    expect(sharing('sharing-service')).toEqual(expect.objectContaining({ SHARING_BOARD_ID: expect.stringMatching(required('SHARING_BOARD_ID')) }));
    expect(sharing('projector')).toEqual(sharing('sharing-service'));
    // The projector relays the signed share messages and consumes the share topic: over Kafka, as the sharing service.
    expect(environment('projector').KAFKA_BROKERS).toBe(environment('sharing-service').KAFKA_BROKERS);
  });

  it('publishes each HTTP service on the port it listens on, no two alike', () => {
    const ports = httpServices.map((app) => environment(app).PORT);
    for (const app of httpServices) expect([app, asMap(services[app]).ports]).toEqual([app, [`${environment(app).PORT}:${environment(app).PORT}`]]);
    expect(new Set(ports).size).toBe(ports.length);
  });
});

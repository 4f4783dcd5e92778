/**
 * A dependency that cannot be reached at start-up, said in words an operator can act on: which
 * setting points at it, where, and the network error; never a URL's password. Anything else is
 * passed through as its message (configuration errors are ours to word already).
 */

/** Settings that hold the address of something a process connects to at start-up, and what it is. */
const ADDRESSES: readonly { setting: string; what: string }[] = [
  { setting: 'EVENT_STORE_POSTGRES_URL', what: "the event store's PostgreSQL" },
  { setting: 'READ_MODEL_POSTGRES_URL', what: "the read models' PostgreSQL" },
  { setting: 'EVENTSTORE_CONNECTION_STRING', what: 'EventStoreDB' },
  { setting: 'KAFKA_BROKERS', what: 'Kafka' },
  { setting: 'AUTH_JWKS_URL', what: "the identity provider's keys" },
];

const DEFAULT_PORTS: Record<string, string> = {
  EVENT_STORE_POSTGRES_URL: '5432',
  READ_MODEL_POSTGRES_URL: '5432',
  EVENTSTORE_CONNECTION_STRING: '2113',
  AUTH_JWKS_URL: '443',
};

/** Network and database errors that mean "not reachable" or "not let in", with what they mean. */
const MEANINGS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved just now',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'the host is unreachable',
  ECONNRESET: 'the connection was closed',
  '28P01': 'the password was refused',
  '28000': 'the user may not connect',
  '3D000': 'the database does not exist',
};

interface NetworkError {
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  errors?: unknown;
}

/** The host:port pairs a setting's value names (a URL, or a comma-separated broker list). */
function endpoints(value: string): { host: string; port: string }[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      try {
        const url = new URL(part.includes('://') ? part : `tcp://${part}`);
        return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port };
      } catch {
        return { host: part, port: '' };
      }
    });
}

export function describeStartupError(error: unknown, settings: object): string {
  const failure = (error ?? {}) as Error & NetworkError;
  // AggregateError (several addresses tried, e.g. ::1 and 127.0.0.1): the first says enough.
  const inner = Array.isArray(failure.errors) && failure.errors.length > 0 ? (failure.errors[0] as NetworkError) : failure;
  const code = typeof failure.code === 'string' ? failure.code : typeof inner.code === 'string' ? inner.code : undefined;
  const message = typeof failure.message === 'string' && failure.message ? failure.message : String(error);
  if (!code || !(code in MEANINGS)) return message;
  const host = String(inner.address ?? inner.hostname ?? '');
  const port = inner.port === undefined ? '' : String(inner.port);
  const values = settings as Record<string, unknown>;
  const configured = ADDRESSES.filter(({ setting }) => typeof values[setting] === 'string' && values[setting] !== '');
  // The settings whose address has the failing port (a URL without one: its scheme's default).
  const matching = configured.filter(({ setting }) => endpoints(values[setting] as string).some((e) => !port || (e.port || DEFAULT_PORTS[setting] || '') === port));
  // A database error (password, database name) carries no address: every PostgreSQL setting is a suspect.
  const suspects = /^[0-9A-Z]{5}$/.test(code) ? configured.filter(({ setting }) => setting.endsWith('POSTGRES_URL')) : matching.length > 0 ? matching : configured;
  const where = host ? ` at ${host}${port ? `:${port}` : ''}` : '';
  if (suspects.length === 0) return `Cannot reach a dependency${where} (${code}: ${MEANINGS[code]})`;
  return `Cannot reach ${suspects.map((s) => s.what).join(' or ')}${where} (${code}: ${MEANINGS[code]}): check ${suspects.map((s) => s.setting).join(' / ')} (see .env.example)`;
}

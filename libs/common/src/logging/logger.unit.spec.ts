import { createRootLogger, logFormatOf, logLevelOf } from './logger';
import { acceptedTraceId, runInRequestContext } from './request-context';

/** A JSON logger writing into an array, as an operator's log shipper would read it. */
function capture(level = 'info' as const) {
  const written: string[] = [];
  const logger = createRootLogger({ LOG_FORMAT: 'json', LOG_LEVEL: level }, { write: (line: string) => void written.push(line) });
  return { logger, written, lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the root logger', () => {
  it('names the request and correlation ids of the work in hand on every line, once each', () => {
    const { logger, written, lines } = capture();
    logger.info('outside');
    runInRequestContext({ requestId: 'req-1', correlationId: 'corr-1' }, () => {
      logger.info('inside');
      // A request's own logger (pino-http's) binds the request id already.
      logger.child({ requestId: 'req-1' }).info('bound');
    });
    runInRequestContext({ correlationId: 'corr-2' }, () => logger.warn('a consumed message'));
    expect(lines().map(({ msg, requestId, correlationId, level }) => ({ msg, requestId, correlationId, level }))).toEqual([
      { msg: 'outside', requestId: undefined, correlationId: undefined, level: 'info' },
      { msg: 'inside', requestId: 'req-1', correlationId: 'corr-1', level: 'info' },
      { msg: 'bound', requestId: 'req-1', correlationId: 'corr-1', level: 'info' },
      { msg: 'a consumed message', requestId: undefined, correlationId: 'corr-2', level: 'warn' },
    ]);
    expect(written[2].match(/"requestId"/g)).toHaveLength(1);
  });

  it('writes errors as class and message, and never credentials, bodies or query strings', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new TypeError('Cannot read the case'), { detail: { childName: 'Zephyrine' } });
    logger.error({ err: error }, 'failed');
    logger.info({ headers: { authorization: 'Bearer abc', cookie: 's=1', 'user-agent': 'curl' }, body: { childName: 'Zephyrine' }, query: { name: 'Zephyrine' } }, 'request');
    expect(lines()[0].err).toEqual({ type: 'TypeError', message: 'Cannot read the case' });
    expect(lines()[1]).toMatchObject({ headers: { authorization: '[redacted]', cookie: '[redacted]', 'user-agent': 'curl' }, body: '[redacted]', query: '[redacted]' });
    expect(JSON.stringify(lines())).not.toMatch(/Zephyrine|Bearer|stack/);
  });
});

describe('log settings', () => {
  it('defaults to info (warn under jest), accepts Nest’s level names, and to JSON in production only', () => {
    expect(logLevelOf({}, {})).toBe('info');
    expect(logLevelOf({}, { JEST_WORKER_ID: '1' })).toBe('warn');
    expect(logLevelOf({ LOG_LEVEL: 'log' }, {})).toBe('info');
    expect(logLevelOf({ LOG_LEVEL: 'verbose' }, {})).toBe('trace');
    expect(logLevelOf({ LOG_LEVEL: 'debug' }, { JEST_WORKER_ID: '1' })).toBe('debug');
    expect(logFormatOf({}, {})).toBe('text');
    expect(logFormatOf({}, { NODE_ENV: 'production' })).toBe('json');
    expect(logFormatOf({}, { APP_ENV: 'production' })).toBe('json');
    expect(logFormatOf({ LOG_FORMAT: 'text' }, { NODE_ENV: 'production' })).toBe('text');
  });

  it('accepts a client’s trace id of 1-100 letters, digits and . _ : - only', () => {
    expect(acceptedTraceId('abc-1.2_3:4')).toBe('abc-1.2_3:4');
    expect(acceptedTraceId('x'.repeat(100))).toBe('x'.repeat(100));
    for (const bad of ['', 'x'.repeat(101), 'has space', 'a;b', 'line\nbreak', 'ünï', undefined, 42]) expect(acceptedTraceId(bad)).toBeUndefined();
  });
});

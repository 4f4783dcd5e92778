import { EventEmitter } from 'node:events';
import { createRootLogger, logFormatOf, logLevelOf, requestLogging } from './logger';
import { acceptedTraceId, runInRequestContext } from './request-context';

/** A JSON logger writing into an array, as an operator's log shipper would read it. */
function capture(level: 'info' | 'debug' = 'info') {
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
      // A child logger that binds the request id already (as a request's own once did).
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

/** What requestLogging reads of a request and an answer: Express's fields on node's objects, with the events an answer emits. */
function exchange(request: { method: string; url: string; id?: string; correlationId?: string; route?: string }) {
  const req = { method: request.method, url: request.url, originalUrl: request.url, id: request.id, correlationId: request.correlationId, baseUrl: '', route: request.route ? { path: request.route } : undefined };
  const res = Object.assign(new EventEmitter(), { statusCode: 200 });
  return { req, res };
}

describe('the request line', () => {
  const mount = (level: 'info' | 'debug' = 'info') => {
    const log = capture(level);
    const middleware = requestLogging(log.logger);
    const send = (request: Parameters<typeof exchange>[0], status: number, events: string[] = ['finish', 'close']) => {
      const { req, res } = exchange(request);
      let nextCalled = false;
      middleware(req as never, res as never, () => (nextCalled = true));
      expect(nextCalled).toBe(true);
      res.statusCode = status;
      for (const event of events) res.emit(event);
      return req;
    };
    return { ...log, send };
  };

  it('is one line per answer with the ids, method, route as declared, path without its query string, status and duration', () => {
    const { send, lines, written } = mount();
    send({ method: 'GET', url: '/cases/c-123?name=Zephyrine', id: 'req-1', correlationId: 'corr-1', route: '/cases/:caseId' }, 200);
    expect(lines()).toHaveLength(1);
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', requestId: 'req-1', correlationId: 'corr-1', method: 'GET', route: '/cases/:caseId', path: '/cases/c-123', status: 200 });
    expect(typeof line.durationMs).toBe('number');
    expect(line.msg).toBe(`GET /cases/:caseId 200 ${line.durationMs}ms`);
    expect(written.join('')).not.toContain('Zephyrine');
  });

  it('logs refusals at warn (by path where no route matched), faults at error with no detail, health probes at debug, and a dropped connection once', () => {
    const { send, lines } = mount();
    send({ method: 'POST', url: '/referrals', id: 'req-2', correlationId: 'req-2' }, 413);
    send({ method: 'GET', url: '/cases/c-1', id: 'req-3', route: '/cases/:caseId' }, 500);
    send({ method: 'GET', url: '/health/ready', id: 'req-4', route: '/health/ready' }, 200);
    send({ method: 'GET', url: '/cases/c-2', id: 'req-5', route: '/cases/:caseId' }, 200, ['close', 'close']);
    expect(lines().map(({ level, requestId, status, msg, err }) => ({ level, requestId, status, msg, err }))).toEqual([
      { level: 'warn', requestId: 'req-2', status: 413, msg: expect.stringMatching(/^POST \/referrals 413 \d+ms$/), err: undefined },
      { level: 'error', requestId: 'req-3', status: 500, msg: 'GET /cases/:caseId 500', err: { type: 'Error', message: 'failed with status code 500' } },
      { level: 'warn', requestId: 'req-5', status: undefined, msg: expect.stringMatching(/^GET \/cases\/:caseId aborted after \d+ms$/), err: undefined },
    ]);
    expect(lines()[2].aborted).toBe(true);
  });

  it('marks a connection closed before its answer as aborted, with the status only where the headers had been sent', () => {
    const log = capture();
    const line = (headersSent: boolean) => {
      const { req, res } = exchange({ method: 'POST', url: '/referrals', id: `req-${headersSent}`, route: '/referrals' });
      requestLogging(log.logger)(req as never, res as never, () => undefined);
      Object.assign(res, { statusCode: 201, headersSent });
      res.emit('close');
    };
    line(false);
    line(true);
    expect(log.lines().map(({ level, status, aborted, msg }) => ({ level, status, aborted, msg }))).toEqual([
      { level: 'warn', status: undefined, aborted: true, msg: expect.stringMatching(/^POST \/referrals aborted after \d+ms$/) },
      { level: 'warn', status: 201, aborted: true, msg: expect.stringMatching(/^POST \/referrals aborted after \d+ms$/) },
    ]);
  });

  it('writes an answer that failed to send as an error with its class and message, once', () => {
    const log = capture();
    const { req, res } = exchange({ method: 'GET', url: '/cases/c-9', id: 'req-9', route: '/cases/:caseId' });
    requestLogging(log.logger)(req as never, res as never, () => undefined);
    res.emit('error', new RangeError('write after end'));
    res.emit('close');
    expect(log.lines()).toEqual([
      expect.objectContaining({ level: 'error', requestId: 'req-9', status: 200, msg: 'GET /cases/:caseId 200', err: { type: 'RangeError', message: 'write after end' } }),
    ]);
  });

  it('names a request the id middleware did not see with an id of its own, and writes health probes when asked for debug', () => {
    const { send, lines } = mount('debug');
    const req = send({ method: 'GET', url: '/health/live' }, 200);
    expect(req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines()).toEqual([expect.objectContaining({ level: 'debug', requestId: req.id, path: '/health/live' })]);
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

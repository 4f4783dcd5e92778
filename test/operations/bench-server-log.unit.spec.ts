import { EventEmitter } from 'node:events';
import { createRootLogger, requestLogging } from '@app/common';
import { requestLines } from '../../bench/server-log';

/**
 * bench:http reads the platform's own request lines back from its log to print the p99 the platform
 * logged beside the client's (bench/server-log.ts). It must read what the real logger writes: were
 * a field renamed there, the column would go blank without a word.
 */
describe("bench:http's reading of the platform's log", () => {
  function platformLog(): string {
    const written: string[] = [];
    const logger = createRootLogger({ LOG_FORMAT: 'json', LOG_LEVEL: 'info' }, { write: (line: string) => void written.push(line) });
    logger.info({ context: 'NestApplication' }, 'Nest application successfully started');
    const answer = (method: string, url: string, route: string | undefined, status: number, events: string[]) => {
      const req = { method, url, originalUrl: url, id: `req-${written.length}`, baseUrl: '', route: route ? { path: route } : undefined };
      const res = Object.assign(new EventEmitter(), { statusCode: status, headersSent: false });
      requestLogging(logger)(req as never, res as never, () => undefined);
      for (const event of events) res.emit(event);
    };
    answer('POST', '/referrals', '/referrals', 201, ['finish', 'close']);
    answer('GET', '/cases/c-1?name=x', '/cases/:caseId', 200, ['finish', 'close']);
    answer('POST', '/referrals', '/referrals', 201, ['close']); // the connection went before the answer
    answer('GET', '/nowhere', undefined, 404, ['finish', 'close']);
    // What else reaches the file: a V8 trace line (--trace-gc), a blank line.
    return [...written, '[123:0x1]    62303 ms: pause=5.3 mutator=718.2 gc=s', ''].join('\n');
  }

  it('finds every request line, with method, route as declared, status, end and duration, and nothing else', () => {
    const before = Date.now();
    const lines = requestLines(platformLog());
    expect(lines.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: 'POST', route: '/referrals', status: 201 },
      { method: 'GET', route: '/cases/:caseId', status: 200 },
      { method: 'POST', route: '/referrals', status: undefined },
      { method: 'GET', route: undefined, status: 404 },
    ]);
    for (const line of lines) {
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
      expect(line.endedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(line.endedAt).toBeLessThanOrEqual(Date.now());
    }
  });

  it('gives nothing for a log with no request lines, or a line cut short', () => {
    expect(requestLines('')).toEqual([]);
    expect(requestLines('{"level":"info","method":"GET","durationMs":3,"time":"2026-12-04T15:06:47.155Z"')).toEqual([]);
  });
});

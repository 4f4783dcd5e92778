import { cachedFor, Metrics } from './metrics';
import { EventEmitter } from 'node:events';
import { ABORTED_STATUS, HttpMetricsMiddleware, routeLabel, UNMATCHED_ROUTE } from './http-metrics';
import { newFailedAttempts } from './projection-metrics';

describe('metrics helpers', () => {
  it('labels a request by its route template, never by its URL', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/cases/:caseId' } })).toBe('/cases/:caseId');
    expect(routeLabel({ baseUrl: '/api', route: { path: '/x/:id' } })).toBe('/api/x/:id');
    expect(routeLabel({})).toBe(UNMATCHED_ROUTE);
  });

  it('counts a request once, even where mounted twice: by its status when answered, as aborted when its connection closed first', async () => {
    const metrics = new Metrics();
    const middleware = new HttpMetricsMiddleware(metrics);
    const exchange = (status: number, events: string[]) => {
      const request = { method: 'POST', baseUrl: '', route: { path: '/referrals' } };
      const response = Object.assign(new EventEmitter(), { statusCode: status });
      middleware.use(request as never, response as never, () => undefined);
      for (const event of events) response.emit(event);
    };
    exchange(201, ['finish', 'close']);
    exchange(200, ['close']);
    exchange(201, ['close', 'finish']);
    // Mounted twice (before the body parsers, and per route): counted once.
    const request = { method: 'POST', baseUrl: '', route: { path: '/referrals' } };
    const response = Object.assign(new EventEmitter(), { statusCode: 201 });
    let nexts = 0;
    middleware.use(request as never, response as never, () => nexts++);
    middleware.use(request as never, response as never, () => nexts++);
    response.emit('finish');
    response.emit('close');
    expect(nexts).toBe(2);
    const { text } = await metrics.exposition();
    expect(text).toContain('safeguard_http_requests_total{method="POST",route="/referrals",status="201"} 2');
    expect(text).toContain(`safeguard_http_requests_total{method="POST",route="/referrals",status="${ABORTED_STATUS}"} 2`);
    expect(text).not.toContain('status="200"');
  });

  it('computes a value at most once per period, and again after a failure', async () => {
    let clock = 0;
    let calls = 0;
    const value = cachedFor(1000, async () => ++calls, () => clock);
    expect(await value()).toBe(1);
    clock = 999;
    expect(await value()).toBe(1);
    clock = 1000;
    expect(await value()).toBe(2);
    let fail = true;
    const flaky = cachedFor(1000, async () => (fail ? Promise.reject(new Error('down')) : 'up'), () => clock);
    await expect(flaky()).rejects.toThrow('down');
    fail = false;
    expect(await flaky()).toBe('up');
  });

  it('counts each failed attempt of a projection once across scrapes', () => {
    expect(newFailedAttempts(undefined, undefined)).toBe(0);
    expect(newFailedAttempts(undefined, { since: 'a', attempts: 3 })).toBe(3);
    expect(newFailedAttempts({ since: 'a', attempts: 3 }, { since: 'a', attempts: 5 })).toBe(2);
    expect(newFailedAttempts({ since: 'a', attempts: 5 }, { since: 'b', attempts: 1 })).toBe(1);
    expect(newFailedAttempts({ since: 'a', attempts: 5 }, undefined)).toBe(0);
  });

  it('gives the same metric for the same name, in a registry of the app’s own', async () => {
    const one = new Metrics();
    const other = new Metrics();
    const counter = one.counter({ name: 'safeguard_test_total', help: 'test', labelNames: ['kind'] });
    expect(one.counter({ name: 'safeguard_test_total', help: 'test', labelNames: ['kind'] })).toBe(counter);
    other.counter({ name: 'safeguard_test_total', help: 'test' });
    counter.inc({ kind: 'a' });
    expect((await one.exposition()).text).toContain('safeguard_test_total{kind="a"} 1');
    expect((await other.exposition()).text).toContain('safeguard_test_total 0');
    expect(() => one.gauge({ name: 'safeguard_test_total', help: 'test' })).toThrow(/another kind/);
  });
});

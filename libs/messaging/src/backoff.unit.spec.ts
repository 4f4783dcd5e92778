import { backoffDelay } from './backoff';

describe('exponential back-off', () => {
  it('starts at the base delay, doubles per failure, and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, 200, 5000))).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
    expect(backoffDelay(0, 200, 5000)).toBe(0);
    expect(backoffDelay(10_000, 200, 30_000)).toBe(30_000);
  });
});

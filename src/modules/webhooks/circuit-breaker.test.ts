import { describe, expect, it } from '@jest/globals';
import { admission, applyOutcome, type Circuit } from './circuit-breaker.js';

const settings = { threshold: 3, cooldownMs: 1000 };
const closed: Circuit = { state: 'CLOSED', consecutiveFailures: 0, openedAt: null, retryAt: null };
const t0 = new Date('2026-11-11T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures and waits out the cool-down', () => {
    let c = applyOutcome(closed, { successes: 0, failures: 2 }, t0, settings);
    expect(c).toMatchObject({ state: 'CLOSED', consecutiveFailures: 2 });
    c = applyOutcome(c, { successes: 0, failures: 1 }, t0, settings);
    expect(c).toMatchObject({ state: 'OPEN', consecutiveFailures: 3, retryAt: at(1000) });
    expect(admission(c, at(999))).toBe('wait');
    expect(admission(c, at(1000))).toBe('probe');
  });

  it('a success anywhere in a batch resets the count and closes the circuit', () => {
    const two = applyOutcome(closed, { successes: 0, failures: 2 }, t0, settings);
    expect(applyOutcome(two, { successes: 1, failures: 5 }, t0, settings)).toEqual(closed);
  });

  it('a failed probe reopens for another cool-down; a successful one closes', () => {
    const probing: Circuit = { state: 'HALF_OPEN', consecutiveFailures: 3, openedAt: t0, retryAt: at(1000) };
    expect(applyOutcome(probing, { successes: 0, failures: 1 }, at(1500), settings)).toMatchObject({ state: 'OPEN', retryAt: at(2500) });
    expect(applyOutcome(probing, { successes: 1, failures: 0 }, at(1500), settings)).toEqual(closed);
  });

  it('lets everything through while closed and leaves it alone on an empty batch', () => {
    expect(admission(closed, t0)).toBe('deliver');
    expect(applyOutcome(closed, { successes: 0, failures: 0 }, t0, settings)).toBe(closed);
  });
});

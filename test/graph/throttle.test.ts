/**
 * The client-side limits, on a clock the test moves: the per-mailbox semaphore, the sliding-window budget, and
 * Retry-After pauses.
 */
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../graph/graph-requests.js';
import { MailboxThrottle, Semaphore, SlidingWindowLimiter } from '../../graph/throttle.js';
import { manualClock } from './manual-clock.js';

describe('Semaphore', () => {
  it('serves waiters in order, each taking several permits at once', async () => {
    const s = new Semaphore(4);
    const order: string[] = [];
    const a = await s.acquire(3);
    const b = s.acquire(2).then((r) => (order.push('b'), r));
    const c = s.acquire(1).then((r) => (order.push('c'), r));
    await Promise.resolve();
    // One permit is free, but c queues behind b: first come, first served.
    expect(order).toEqual([]);
    expect(s.inUse).toBe(3);
    a();
    a(); // a second release gives nothing back
    const [rb, rc] = await Promise.all([b, c]);
    expect(order).toEqual(['b', 'c']);
    expect(s.inUse).toBe(3);
    rb();
    rc();
    expect(s.inUse).toBe(0);
    expect(s.maxInUse).toBe(3);
    await expect(s.acquire(5)).rejects.toBeInstanceOf(RangeError);
  });
});

describe('SlidingWindowLimiter', () => {
  it('lets `limit` requests through per window and makes the next wait until the oldest leaves it', async () => {
    const clock = manualClock(10_000);
    const limiter = new SlidingWindowLimiter(3, 1000, clock);
    await limiter.take();
    await limiter.take(2);
    expect(clock.slept).toEqual([]);
    await limiter.take();
    expect(clock.now()).toBe(11_001);
    expect(limiter.inWindow()).toBe(1);
    await limiter.take(2);
    expect(clock.now()).toBe(11_001);
    await limiter.take();
    expect(clock.now()).toBe(12_002);
  });

  it('holds 10,000 per 10 minutes, as Outlook counts per mailbox', async () => {
    const clock = manualClock();
    const limiter = new SlidingWindowLimiter(10_000, 600_000, clock);
    for (let i = 0; i < 10_000; i += 1) await limiter.take();
    expect(clock.now()).toBe(0);
    await limiter.take();
    expect(clock.now()).toBe(600_001);
  });
});

describe('MailboxThrottle', () => {
  it('keeps each mailbox to its concurrency, case-insensitively, and a batch takes several permits at once', async () => {
    const throttle = new MailboxThrottle({ concurrency: 4 }, manualClock());
    const releases = [];
    for (let i = 0; i < 3; i += 1) releases.push(await throttle.acquire(new Map([['Sam@example.org', 1]])));
    let batchIn = false;
    const batch = throttle.acquire(new Map([['sam@example.org', 2], ['alex@example.org', 4]])).then((r) => ((batchIn = true), r));
    // Every pending promise callback has run (no timer involved): the batch is still waiting for permits.
    await new Promise((done) => setImmediate(done));
    expect(batchIn).toBe(false);
    releases[0]!();
    (await batch)();
    expect(batchIn).toBe(true);
    expect(throttle.maxInFlight()).toEqual({ 'sam@example.org': 4, 'alex@example.org': 4 });
  });

  it('waits out a Retry-After pause on the mailbox before sending', async () => {
    const clock = manualClock(1000);
    const throttle = new MailboxThrottle({}, clock);
    throttle.block('sam@example.org', 3500);
    throttle.block('sam@example.org', 2000); // never shortened
    (await throttle.acquire(new Map([['alex@example.org', 1]])))();
    expect(clock.now()).toBe(1000);
    (await throttle.acquire(new Map([['SAM@example.org', 1]])))();
    expect(clock.now()).toBe(3500);
  });

  it('spends the request budget per mailbox', async () => {
    const clock = manualClock();
    const throttle = new MailboxThrottle({ budget: { requests: 2, windowMs: 100 } }, clock);
    for (let i = 0; i < 2; i += 1) (await throttle.acquire(new Map([['a@x.org', 1]])))();
    (await throttle.acquire(new Map([['b@x.org', 1]])))();
    expect(clock.now()).toBe(0);
    (await throttle.acquire(new Map([['a@x.org', 1]])))();
    expect(clock.now()).toBe(101);
  });
});

describe('Retry-After', () => {
  it('reads seconds, fractions and HTTP dates', () => {
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs('0.25', 0)).toBe(250);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:58Z'))).toBe(2000);
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
});

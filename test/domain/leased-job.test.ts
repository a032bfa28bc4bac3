import { describe, expect, it } from 'vitest';
import { LeasedJob, type LeasedJobOptions, type LeasedWork } from '../../jobs/leased-job.js';
import type { SweepLog } from '../../jobs/delivery-sweep.js';
import type { Leases } from '../../workflow/ports.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { InMemoryLeases } from '../fakes/in-memory-leases.js';
import { pause } from '../fakes/support.js';

const TENANT = 'tenant-1';
/** The domain clock's term of a lease; the timers' interval (real time) is set per test, below it. */
const TTL = 3_600_000;
/** Timer tests wait on the work's own signals; if the timer stopped, they fail here rather than after a minute. */
const TIMER_TEST = { timeout: 10_000 };

class RecordingLog implements SweepLog {
  readonly entries: { level: 'info' | 'error'; event: string; fields?: Record<string, unknown> }[] = [];
  info(event: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'info', event, fields });
  }
  error(event: string, fields?: Record<string, unknown>): void {
    this.entries.push({ level: 'error', event, fields });
  }
  events(level: 'info' | 'error'): string[] {
    return this.entries.filter((e) => e.level === level).map((e) => e.event);
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Counts runs of the work across jobs, and whether two were ever in progress at once. */
class Tally {
  running = 0;
  maxRunning = 0;
  readonly runs = new Map<string, number>();
  private readonly waiters: { total: number; reached(): void }[] = [];

  /** A work function for `holder` that takes a few turns (a few store round trips), renewing between them. */
  work(holder: string, step: (keepAlive: () => Promise<boolean>) => Promise<void> = async () => {}): LeasedWork {
    return async (keepAlive) => {
      this.running += 1;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        await pause();
        await keepAlive();
        await pause();
        await step(keepAlive);
      } finally {
        this.running -= 1;
        this.runs.set(holder, (this.runs.get(holder) ?? 0) + 1);
        for (const w of this.waiters.filter((w) => this.total() >= w.total)) w.reached();
      }
    };
  }

  total(): number {
    return [...this.runs.values()].reduce((a, b) => a + b, 0);
  }

  /** Resolves once the work has finished `total` runs in all. */
  reached(total: number): Promise<void> {
    return new Promise((reached) => (this.total() >= total ? reached() : this.waiters.push({ total, reached })));
  }
}

function aJob(deps: { leases: Leases; clock: FakeClock }, holder: string, work: LeasedWork, options: Partial<LeasedJobOptions> = {}): LeasedJob {
  return new LeasedJob(
    deps,
    { tenantId: TENANT, name: 'chase', holder, ttlMs: TTL, intervalMs: 1_800_000, log: new RecordingLog(), ...options },
    work,
  );
}

describe('LeasedJob: one instance at a time', () => {
  it('two jobs on one lease: the first to take it leads and keeps leading, the other never runs', async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const tally = new Tally();
    const a = aJob(deps, 'bot-a', tally.work('bot-a'));
    const b = aJob(deps, 'bot-b', tally.work('bot-b'));

    const first = await Promise.all([a.runOnce(), b.runOnce()]);
    expect([...first].sort()).toEqual(['not-leader', 'ran']);
    const [leader, follower] = first[0] === 'ran' ? ['bot-a', 'bot-b'] : ['bot-b', 'bot-a'];

    for (let round = 0; round < 10; round += 1) {
      deps.clock.advance(TTL / 2); // within the term the leader's last acquire renewed
      const results = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      expect(results.filter((r) => r === 'ran')).toHaveLength(2);
    }

    expect(tally.maxRunning).toBe(1);
    expect(tally.runs.get(leader)).toBe(21);
    expect(tally.runs.get(follower)).toBeUndefined();
    expect(deps.leases.current(TENANT, 'chase')).toMatchObject({ holder: leader });
  });

  it('started on timers, two jobs on one lease never both run', TIMER_TEST, async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const tally = new Tally();
    const a = aJob(deps, 'bot-a', tally.work('bot-a'), { intervalMs: 1 });
    const b = aJob(deps, 'bot-b', tally.work('bot-b'), { intervalMs: 1 });

    a.start();
    b.start();
    await tally.reached(20);
    await Promise.all([a.stop(), b.stop()]);

    expect(tally.maxRunning).toBe(1);
    expect(tally.runs.size).toBe(1);
  });

  it('after the leader stops renewing and the TTL passes, the other takes over; the old leader is then refused', async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const tally = new Tally();
    const log = new RecordingLog();
    const a = aJob(deps, 'bot-a', tally.work('bot-a'), { log });
    const b = aJob(deps, 'bot-b', tally.work('bot-b'));
    expect(await a.runOnce()).toBe('ran');

    // bot-a has crashed: no more runs, no release. Its last renewal was inside the work, at the start.
    deps.clock.advance(TTL - 1);
    expect(await b.runOnce()).toBe('not-leader');
    deps.clock.advance(1);
    expect(await b.runOnce()).toBe('ran');

    expect(await a.runOnce()).toBe('not-leader');
    expect(tally.runs).toEqual(
      new Map([
        ['bot-a', 1],
        ['bot-b', 1],
      ]),
    );
    expect(log.events('info')).toEqual(['leased-job-leader', 'leased-job-lost-lease']);
  });

  it('keepAlive renews the lease, so long work keeps it past the TTL of its first acquire', async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const seen: (boolean | string)[] = [];
    const b = aJob(deps, 'bot-b', async () => {});
    const a = aJob(deps, 'bot-a', async (keepAlive) => {
      deps.clock.advance(TTL - 1);
      seen.push(await keepAlive());
      deps.clock.advance(TTL - 1);
      seen.push(await b.runOnce());
      seen.push(await keepAlive());
    });

    expect(await a.runOnce()).toBe('ran');

    expect(seen).toEqual([true, 'not-leader', true]);
  });

  it('keepAlive answers false once another instance has taken over, and stays false for the rest of the run', async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const seen: boolean[] = [];
    const firstStep = deferred();
    const carryOn = deferred();
    const a = aJob(deps, 'bot-a', async (keepAlive) => {
      seen.push(await keepAlive());
      firstStep.resolve();
      await carryOn.promise; // stuck (a slow call, a GC pause) past its TTL
      seen.push(await keepAlive());
      seen.push(await keepAlive());
    });
    const b = aJob(deps, 'bot-b', async () => {});

    const run = a.runOnce();
    await firstStep.promise;
    deps.clock.advance(TTL);
    expect(await b.runOnce()).toBe('ran');
    carryOn.resolve();

    expect(await run).toBe('ran');
    expect(seen).toEqual([true, false, false]);
    expect(deps.leases.current(TENANT, 'chase')).toMatchObject({ holder: 'bot-b' });
  });

  it('an error in the work is logged and the run still resolves; the instance stays leader', async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const log = new RecordingLog();
    const a = aJob(
      deps,
      'bot-a',
      async () => {
        throw new Error('Graph said no');
      },
      { log },
    );
    const b = aJob(deps, 'bot-b', async () => {});

    expect(await a.runOnce()).toBe('ran');

    expect(log.entries).toContainEqual({
      level: 'error',
      event: 'leased-job-failed',
      fields: { job: 'chase', holder: 'bot-a', error: 'Graph said no' },
    });
    expect(await b.runOnce()).toBe('not-leader');
  });

  it('errors in the work do not stop the timer', TIMER_TEST, async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const log = new RecordingLog();
    const tally = new Tally();
    const job = aJob(
      deps,
      'bot-a',
      tally.work('bot-a', async () => {
        throw new Error(`failure ${tally.total() + 1}`);
      }),
      { log, intervalMs: 1 },
    );

    job.start();
    await tally.reached(3);
    await job.stop();

    expect(log.events('error').filter((e) => e === 'leased-job-failed').length).toBeGreaterThanOrEqual(3);
    expect(log.entries.find((e) => e.level === 'error')!.fields).toMatchObject({ error: 'failure 1' });
  });

  it('a store failure while acquiring counts as not leader, is logged, and does not stop the timer', TIMER_TEST, async () => {
    const clock = new FakeClock();
    const log = new RecordingLog();
    const real = new InMemoryLeases();
    let failures = 2;
    const flaky: Leases = {
      acquire: (...args) => (failures-- > 0 ? Promise.reject(new Error('503 from the store')) : real.acquire(...args)),
      release: (...args) => real.release(...args),
    };
    const tally = new Tally();
    const job = aJob({ leases: flaky, clock }, 'bot-a', tally.work('bot-a'), { log, intervalMs: 1 });

    expect(await job.runOnce()).toBe('not-leader');
    job.start();
    await tally.reached(1);
    await job.stop();

    expect(log.events('error').slice(0, 2)).toEqual(['leased-job-lease-failed', 'leased-job-lease-failed']);
  });
});

describe('LeasedJob: within one instance', () => {
  it('kicks during a run coalesce into one more run, and runs never overlap', TIMER_TEST, async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const tally = new Tally();
    const gate = deferred();
    let started = 0;
    const firstStarted = deferred();
    const job = aJob(
      deps,
      'bot-a',
      tally.work('bot-a', async () => {
        started += 1;
        firstStarted.resolve();
        await gate.promise;
      }),
    );

    job.kick(); // not started: ignored
    expect(started).toBe(0);
    job.start(); // the interval is half an hour: only kicks run it here
    job.kick();
    await firstStarted.promise;
    job.kick();
    job.kick();
    job.kick();
    gate.resolve();
    await tally.reached(2);
    await job.stop();

    expect(tally.runs.get('bot-a')).toBe(2);
    expect(tally.maxRunning).toBe(1);
  });

  it('runOnce called during a run waits for it and then runs', async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const tally = new Tally();
    const job = aJob(deps, 'bot-a', tally.work('bot-a'));

    expect(await Promise.all([job.runOnce(), job.runOnce(), job.runOnce()])).toEqual(['ran', 'ran', 'ran']);

    expect(tally.maxRunning).toBe(1);
    expect(tally.runs.get('bot-a')).toBe(3);
  });

  it('stop waits for the run in flight (keepAlive then answers false), then releases so another takes over at once', async () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    const seen: boolean[] = [];
    const inWork = deferred();
    const carryOn = deferred();
    let finished = false;
    const a = aJob(deps, 'bot-a', async (keepAlive) => {
      inWork.resolve();
      await carryOn.promise;
      seen.push(await keepAlive());
      finished = true;
    });
    const b = aJob(deps, 'bot-b', async () => {});
    a.start();
    a.kick();
    await inWork.promise;

    const stopping = a.stop();
    expect(await b.runOnce()).toBe('not-leader'); // still bot-a's while its run is in flight
    carryOn.resolve();
    await stopping;

    expect(finished).toBe(true);
    expect(seen).toEqual([false]);
    expect(deps.leases.current(TENANT, 'chase')).toBeUndefined();
    expect(await b.runOnce()).toBe('ran');
  });

  it('refuses a TTL that would lapse between runs', () => {
    const deps = { leases: new InMemoryLeases(), clock: new FakeClock() };
    expect(() => aJob(deps, 'bot-a', async () => {}, { ttlMs: 1_000, intervalMs: 1_000 })).toThrow(RangeError);
  });
});

/**
 * Outlook's limits per app per mailbox, kept on the client side: at most 4 requests in flight and 10,000 requests
 * per 10 minutes for each mailbox, plus a pause for a mailbox that was just answered 429/503 with Retry-After.
 *
 * Everything here belongs to one `MailboxThrottle` instance (one per Graph adapter), never to the module. Note that
 * the limits are per app, so several bot instances share them: give each instance its share (e.g. 2 concurrent
 * requests each for 2 instances) or rely on the server's 429s, which are honoured anyway.
 */

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((done) => setTimeout(done, Math.max(0, ms))),
});

/** A counting semaphore; waiters are served first come, first served, each taking 1 or more permits at once. */
export class Semaphore {
  private available: number;
  private readonly queue: { n: number; grant: () => void }[] = [];
  private highWater = 0;

  constructor(readonly permits: number) {
    if (!Number.isInteger(permits) || permits < 1) throw new RangeError(`A semaphore needs at least 1 permit (got ${permits}).`);
    this.available = permits;
  }

  /** Waits for `n` permits and returns the function that gives them back (once). */
  async acquire(n = 1): Promise<() => void> {
    if (!Number.isInteger(n) || n < 1 || n > this.permits) throw new RangeError(`Cannot take ${n} of ${this.permits} permits.`);
    if (this.queue.length === 0 && this.available >= n) this.take(n);
    else await new Promise<void>((grant) => this.queue.push({ n, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.available += n;
      this.drain();
    };
  }

  private take(n: number): void {
    this.available -= n;
    this.highWater = Math.max(this.highWater, this.permits - this.available);
  }

  private drain(): void {
    while (this.queue.length > 0 && this.available >= this.queue[0]!.n) {
      const next = this.queue.shift()!;
      this.take(next.n);
      next.grant();
    }
  }

  get inUse(): number {
    return this.permits - this.available;
  }

  /** The most permits ever held at once. */
  get maxInUse(): number {
    return this.highWater;
  }
}

/**
 * At most `limit` requests in any window of `windowMs` (a sliding window over the send times). Takers wait in
 * order; a taker that would go over waits until enough of the oldest sends have left the window.
 */
export class SlidingWindowLimiter {
  private readonly times: number[] = [];
  private head = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!Number.isInteger(limit) || limit < 1 || !(windowMs > 0)) throw new RangeError('A rate limit needs a limit of 1 or more and a window above 0 ms.');
  }

  /** Waits until `n` more requests fit in the window, and counts them as sent now. */
  take(n = 1): Promise<void> {
    if (!Number.isInteger(n) || n < 1 || n > this.limit) return Promise.reject(new RangeError(`Cannot take ${n} of a limit of ${this.limit}.`));
    const turn = this.tail.then(() => this.takeInOrder(n));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async takeInOrder(n: number): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.times.length) {
        this.times.splice(0, this.head);
        this.head = 0;
      }
      const inWindow = this.times.length - this.head;
      if (inWindow + n <= this.limit) {
        for (let i = 0; i < n; i += 1) this.times.push(now);
        return;
      }
      // The send that must leave the window before n more fit.
      const leaving = this.times[this.head + (inWindow + n - this.limit) - 1]!;
      await this.clock.sleep(leaving + this.windowMs - now + 1);
    }
  }

  /** Requests counted in the window now. */
  inWindow(): number {
    const now = this.clock.now();
    let count = 0;
    for (let i = this.head; i < this.times.length; i += 1) if (this.times[i]! > now - this.windowMs) count += 1;
    return count;
  }
}

export interface MailboxLimits {
  /** Requests in flight per mailbox. Default 4 (Outlook's limit). */
  readonly concurrency?: number;
  /** Requests per mailbox per window. Default 10,000 per 10 minutes (Outlook's limit). */
  readonly budget?: { readonly requests: number; readonly windowMs: number };
}

interface MailboxState {
  readonly semaphore: Semaphore;
  readonly limiter: SlidingWindowLimiter;
  blockedUntil: number;
}

/** Per-mailbox concurrency, request budget and Retry-After pauses. Mailboxes are keyed case-insensitively. */
export class MailboxThrottle {
  readonly concurrency: number;
  private readonly budget: { readonly requests: number; readonly windowMs: number };
  private readonly mailboxes = new Map<string, MailboxState>();

  constructor(
    limits: MailboxLimits = {},
    private readonly clock: Clock = realClock,
  ) {
    this.concurrency = limits.concurrency ?? 4;
    this.budget = limits.budget ?? { requests: 10_000, windowMs: 600_000 };
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`Concurrency per mailbox is 1 or more (got ${this.concurrency}).`);
  }

  private state(mailbox: string): MailboxState {
    const key = mailbox.trim().toLowerCase();
    let s = this.mailboxes.get(key);
    if (!s) {
      s = { semaphore: new Semaphore(this.concurrency), limiter: new SlidingWindowLimiter(this.budget.requests, this.budget.windowMs, this.clock), blockedUntil: 0 };
      this.mailboxes.set(key, s);
    }
    return s;
  }

  /** Until when the mailbox is paused by a Retry-After (0 or a past time: not paused). */
  blockedUntil(mailbox: string): number {
    return this.mailboxes.get(mailbox.trim().toLowerCase())?.blockedUntil ?? 0;
  }

  /** Pauses the mailbox until `untilMs` (never shortens a pause already set). */
  block(mailbox: string, untilMs: number): void {
    const s = this.state(mailbox);
    s.blockedUntil = Math.max(s.blockedUntil, untilMs);
  }

  /**
   * Takes permits for one HTTP request: `n` for each mailbox it touches (a `$batch` touches several). Waits out
   * pauses, then takes the mailboxes' permits in a fixed order (so two batches never deadlock), then their
   * budget. Returns the release.
   */
  async acquire(counts: ReadonlyMap<string, number>): Promise<() => void> {
    const merged = new Map<string, number>();
    for (const [mailbox, n] of counts) {
      const key = mailbox.trim().toLowerCase();
      merged.set(key, (merged.get(key) ?? 0) + n);
    }
    const keys = [...merged.keys()].sort();
    const pauses = async () => {
      for (;;) {
        const now = this.clock.now();
        const until = Math.max(0, ...keys.map((k) => this.blockedUntil(k)));
        if (until <= now) return;
        await this.clock.sleep(until - now);
      }
    };
    await pauses();
    const releases: (() => void)[] = [];
    try {
      for (const key of keys) releases.push(await this.state(key).semaphore.acquire(merged.get(key)!));
      // A 429 may have paused a mailbox while this request waited for its turn: the pause still holds.
      await pauses();
      for (const key of keys) await this.state(key).limiter.take(merged.get(key)!);
    } catch (e) {
      for (const r of releases) r();
      throw e;
    }
    return () => {
      for (const r of releases) r();
    };
  }

  /** The most requests this throttle ever let through at once, per mailbox. */
  maxInFlight(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, s] of this.mailboxes) out[key] = s.semaphore.maxInUse;
    return out;
  }
}

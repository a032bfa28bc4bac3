import type { Clock, Leases } from '../workflow/ports.js';
import type { SweepLog } from './sweep-log.js';

/** How long stopping waits for a run in flight. */
const STOP_GRACE_MS = 3000;

export interface LeasedJobOptions {
  readonly tenantId: string;
  /** The lease's name: every instance running this job uses the same one. */
  readonly name: string;
  /** This instance's id; unique per running process. */
  readonly holder: string;
  /** How long a lease lasts without renewal: how long a crashed leader keeps the others waiting. */
  readonly ttlMs: number;
  /** Time between runs; shorter than `ttlMs`, so the leader renews before its lease lapses. */
  readonly intervalMs: number;
  readonly log: SweepLog;
}

/**
 * The unit of work. `keepAlive()` renews the lease and resolves false when it is lost (taken over after it
 * expired, the store unreachable, or the job stopping): long work calls it between steps and returns when false.
 */
export type LeasedWork = (keepAlive: () => Promise<boolean>) => Promise<void>;

export type LeasedRun = 'ran' | 'not-leader';

/**
 * Runs `work` on a timer, and soon when kicked, only while this instance holds the lease, so of all the bot's
 * instances one does it at a time. The lease is kept between runs (renewed by each run's acquire), so the
 * leader stays leader while it is alive; when it dies the others take over once `ttlMs` has passed.
 * Runs never overlap within an instance. A lease is not a lock: work that neither finishes nor calls
 * `keepAlive` within `ttlMs` can overlap the next leader's, so each step must be safe to repeat.
 */
export class LeasedJob {
  private timer: NodeJS.Timeout | undefined;
  /** The run in flight, whoever started it; runs queue behind it. */
  private running: Promise<LeasedRun> | undefined;
  private cycling = false;
  private again = false;
  private stopped = true;
  /** Set by stop() only (not before start), so tests driving runOnce() alone keep their keepAlive. */
  private stopping = false;
  private leader = false;

  constructor(
    private readonly deps: { leases: Leases; clock: Clock },
    private readonly options: LeasedJobOptions,
    private readonly work: LeasedWork,
  ) {
    const { ttlMs, intervalMs } = options;
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new RangeError(`intervalMs must be positive (got ${intervalMs})`);
    if (!Number.isFinite(ttlMs) || ttlMs <= intervalMs) {
      throw new RangeError(`ttlMs (${ttlMs}) must exceed intervalMs (${intervalMs}), or the leader's lease lapses between runs`);
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.schedule();
  }

  /** Runs soon; a kick during a run makes one more run after it. Ignored until started. */
  kick(): void {
    if (this.stopped) return;
    if (this.cycling) this.again = true;
    else this.cycle();
  }

  /**
   * Takes (or renews) the lease, and runs the work if it got it. Keeps the lease afterwards, so this instance
   * stays leader between runs. Never rejects: a failure to reach the store means 'not-leader', and the work's
   * error is logged. Called while a run is in flight, it waits for that run and then runs.
   */
  runOnce(): Promise<LeasedRun> {
    const previous = this.running ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.lead());
    this.running = run;
    const settled = () => {
      if (this.running === run) this.running = undefined;
    };
    run.then(settled, settled);
    return run;
  }

  /**
   * Stops the timer, makes `keepAlive` answer false, and waits a little for a run in flight. If none is left,
   * it releases the lease so another instance takes over at once; a run still going keeps it until it expires,
   * so its work never overlaps the next leader's by our doing.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise<void>((resolve) => (timeout = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timeout);
    if (this.running) return;
    const { tenantId, name, holder } = this.options;
    try {
      await this.deps.leases.release(tenantId, name, holder);
      this.leader = false;
    } catch (error) {
      this.options.log.error('leased-job-release-failed', { job: name, holder, error: messageOf(error) });
    }
  }

  private async lead(): Promise<LeasedRun> {
    const { name, holder, log } = this.options;
    if (!(await this.renew('leased-job-lease-failed'))) {
      if (this.leader) log.info('leased-job-lost-lease', { job: name, holder });
      this.leader = false;
      return 'not-leader';
    }
    if (!this.leader) log.info('leased-job-leader', { job: name, holder });
    this.leader = true;
    let lost = false;
    let done = false;
    // Once lost, lost for the rest of this run, even if a later renewal would succeed: the work's view is stale.
    const keepAlive = async (): Promise<boolean> => {
      if (lost || done || this.stopping) return false;
      lost = !(await this.renew('leased-job-keep-alive-failed'));
      return !lost;
    };
    try {
      await this.work(keepAlive);
    } catch (error) {
      log.error('leased-job-failed', { job: name, holder, error: messageOf(error) });
    } finally {
      done = true;
    }
    return 'ran';
  }

  /** True when the lease is ours until `now + ttlMs`; a store error is logged and counts as not ours. */
  private async renew(failureEvent: string): Promise<boolean> {
    const { tenantId, name, holder, ttlMs, log } = this.options;
    try {
      return (await this.deps.leases.acquire(tenantId, name, holder, ttlMs, this.deps.clock.now())) !== undefined;
    } catch (error) {
      log.error(failureEvent, { job: name, holder, error: messageOf(error) });
      return false;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.cycle(), this.options.intervalMs);
  }

  private cycle(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.stopped) return;
    this.cycling = true;
    void this.runOnce()
      .catch((error: unknown) => this.options.log.error('leased-job-failed', { job: this.options.name, error: messageOf(error) }))
      .finally(() => {
        this.cycling = false;
        if (this.again) {
          this.again = false;
          this.cycle();
        } else this.schedule();
      });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

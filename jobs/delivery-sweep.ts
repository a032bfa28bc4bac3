import { deliverMessages } from '../workflow/use-cases/deliver-messages.js';
import type { Audits, Clock, Conversations, Messenger } from '../workflow/ports.js';

/** How long stopping waits for a sweep in flight. */
const STOP_GRACE_MS = 3000;

export interface SweepLog {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/**
 * Drains outboxes on a timer, and at once when kicked (a user's action just enqueued a card). Runs never
 * overlap within an instance; across instances the per-message claim under ETag keeps sends single.
 */
export class DeliverySweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly deps: { audits: Audits; conversations: Conversations; messenger: Messenger; clock: Clock },
    private readonly tenantId: string,
    private readonly intervalMs: number,
    private readonly log: SweepLog,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Ignored until started: tests that drive `runOnce()` themselves stay deterministic. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.run();
  }

  /**
   * One full sweep; resolves when it is done (tests use this). Delivering can enqueue follow-ups (a held
   * card tells the coordinator), so it passes again while the last pass did something, a few times at most.
   */
  async runOnce(): Promise<void> {
    for (let pass = 0; pass < 5; pass += 1) {
      const tally = await deliverMessages(this.deps).execute({ tenantId: this.tenantId, limit: 100 });
      if (tally.sent + tally.held + tally.retrying + tally.dead === 0) return;
      this.log.info('delivery-sweep', { ...tally });
      if (tally.sent + tally.held + tally.dead === 0) return;
    }
  }

  /**
   * Stops the timer and waits a little for a sweep in flight. A send stuck on an unreachable connector is not
   * waited for: its claim expires and another run (or instance) sends it, so stopping never loses it.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise<void>((resolve) => (timeout = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timeout);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.run(), this.intervalMs);
  }

  private run(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.stopped) return;
    this.running = this.runOnce()
      .catch((error: unknown) => this.log.error('delivery-sweep-failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.run();
        } else this.schedule();
      });
  }
}

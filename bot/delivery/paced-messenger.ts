/**
 * Keeps the sender within Teams' limits (see pacing.ts) by pacing every `deliver` of the Messenger it wraps.
 *
 * Waiting for the tenant's window (50 a second) is brief and holds up every send alike, so it sleeps. A busy
 * conversation is different: its own windows can ask for up to an hour, and sleeping would hold up everyone
 * else's cards behind one person's. So once a conversation would wait longer than `maxBlockMs` the message goes
 * back to the outbox as a `retry` marked `paced` (see `isPacedRetry`). Nothing was sent, so the
 * caller should not count it as a failed attempt (nor give up on it after MAX_ATTEMPTS of them).
 */
import type { OutboxMessage } from '../../workflow/outbox.js';
import type { Conversation, DeliveryResult, Messenger, OutboxHolder } from '../../workflow/ports.js';
import { Pacer } from './pacing.js';

/** Monotonic time in ms, and a way to wait; injected so tests move time themselves. */
export interface Timer {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = Object.freeze({
  nowMs: () => performance.now(),
  sleep: (ms: number) => new Promise<void>((done) => setTimeout(done, Math.max(0, ms))),
});

/** A retry the pacer asked for before sending anything: not a failed attempt. */
export function isPacedRetry(result: DeliveryResult): boolean {
  return result.outcome === 'retry' && result.paced === true;
}

/** The Teams conversation id when the stored reference has one, else the person (one 1:1 chat each). */
export function conversationKey(conversation: Conversation): string {
  const inner = conversation.reference['conversation'];
  const id = typeof inner === 'object' && inner !== null ? (inner as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : conversation.personId;
}

export interface PacedMessengerOptions {
  /**
   * The longest a send waits for its own conversation's windows before it is handed back instead. Default 1.5 s:
   * the 1 s and 2 s windows never ask for more than 1,001 ms (8 sends within 1 s would break the 1 s one), so a
   * burst rides them out, while the 30 s and hourly windows, which ask for more, hand the message back.
   */
  readonly maxBlockMs?: number;
  /**
   * The longest it waits for the tenant: its window never asks for more than a second, but a tenant-wide pause
   * may, and a claimed message should not sit out a long pause while its claim runs down. Default 10 s.
   */
  readonly maxTenantBlockMs?: number;
}

/** Rechecks after a sleep (another send may have taken the slot); a timer that never moves time ends here. */
const MAX_WAITS = 16;

export class PacedMessenger implements Messenger {
  private readonly maxBlockMs: number;
  private readonly maxTenantBlockMs: number;

  constructor(
    private readonly inner: Messenger,
    private readonly pacer: Pacer = new Pacer(),
    private readonly timer: Timer = realTimer,
    options: PacedMessengerOptions = {},
  ) {
    this.maxBlockMs = options.maxBlockMs ?? 1_500;
    this.maxTenantBlockMs = options.maxTenantBlockMs ?? 10_000;
  }

  async deliver(message: OutboxMessage, holder: OutboxHolder, conversation: Conversation, earlier?: { activityId: string; conversationId: string }): Promise<DeliveryResult> {
    const key = conversationKey(conversation);
    for (let waits = 0; ; waits += 1) {
      const now = this.timer.nowMs();
      const own = this.pacer.conversationWaitMs(key, now);
      const tenant = this.pacer.tenantWaitMs(now);
      if (own > this.maxBlockMs) return paced(own, 'this conversation is at Teams\u2019 limit for one chat');
      if (tenant > this.maxTenantBlockMs) return paced(tenant, 'the tenant is held back by Teams');
      const wait = Math.max(own, tenant);
      if (wait <= 0) break;
      if (waits >= MAX_WAITS) return paced(wait, 'still no room after waiting');
      await this.timer.sleep(wait);
    }
    // Counted before the request goes: Teams counts requests, whatever it answers, and so must a concurrent caller.
    this.pacer.record(key, this.timer.nowMs());
    const result = await this.inner.deliver(message, holder, conversation, earlier);
    if (result.outcome === 'retry' && result.reason.includes('429') && !isPacedRetry(result)) {
      this.pacer.pause(key, this.timer.nowMs() + result.afterMs);
    }
    return result;
  }
}

function paced(waitMs: number, why: string): DeliveryResult {
  const afterMs = Math.ceil(waitMs);
  return { outcome: 'retry', afterMs, paced: true, reason: `paced: ${why}; nothing sent, may send in ${afterMs} ms` };
}

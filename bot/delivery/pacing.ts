/**
 * Teams' limits for a bot's proactive messages, kept on the sender's side so the connector seldom has to answer
 * 429. Pure: time is given to every call (a monotonic clock such as `performance.now()`, in ms), nothing here
 * sleeps, and all state belongs to one `Pacer`. There is one leased sender per tenant, so one `Pacer` per tenant
 * sees every send the tenant makes and needs no shared store.
 *
 * A send at `t` counts against a window of `perMs` until `t + perMs` inclusive, so no closed interval of `perMs`
 * ever holds more than `count` sends: a millisecond more cautious than a half-open window, and unambiguous.
 */

export interface RateLimit {
  readonly count: number;
  readonly perMs: number;
}

const limits = (...items: RateLimit[]): readonly RateLimit[] => Object.freeze(items.map((l) => Object.freeze({ ...l })));

/** Per bot and conversation (Microsoft's "rate limiting for bots"): every send or update counts. */
export const TEAMS_CONVERSATION_LIMITS: readonly RateLimit[] = limits(
  { count: 7, perMs: 1_000 },
  { count: 8, perMs: 2_000 },
  { count: 60, perMs: 30_000 },
  { count: 1_800, perMs: 3_600_000 },
);

/** Per app and tenant, across all its conversations. */
export const TEAMS_TENANT_LIMITS: readonly RateLimit[] = limits({ count: 50, perMs: 1_000 });

/** What `pause` takes instead of a conversation id to hold back every conversation of the tenant (so no conversation may be keyed so). */
export const WHOLE_TENANT = 'tenant';

export interface PacerOptions {
  readonly conversationLimits?: readonly RateLimit[];
  readonly tenantLimits?: readonly RateLimit[];
}

/** First index of the sorted `times` at or after `from`. */
function firstAtOrAfter(times: readonly number[], from: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How long until one more send fits every limit, given the sorted send times; 0 when it fits now. */
function windowWaitMs(limitsToKeep: readonly RateLimit[], times: readonly number[], nowMs: number): number {
  let wait = 0;
  for (const { count, perMs } of limitsToKeep) {
    const inWindow = times.length - firstAtOrAfter(times, nowMs - perMs);
    if (inWindow < count) continue;
    // The send that has to leave the window before one more fits; it leaves 1 ms after `perMs` (see above).
    const leaving = times[times.length - count]!;
    wait = Math.max(wait, leaving + perMs + 1 - nowMs);
  }
  return wait;
}

/** Adds `at` to the sorted `times` (at the end, unless a caller's clock went backwards) and drops what is older than `horizonMs`. */
function remember(times: number[], at: number, horizonMs: number): void {
  const i = firstAtOrAfter(times, at + 1);
  if (i === times.length) times.push(at);
  else times.splice(i, 0, at);
  const keepFrom = firstAtOrAfter(times, times[times.length - 1]! - horizonMs);
  if (keepFrom > 0) times.splice(0, keepFrom);
}

const longest = (ls: readonly RateLimit[]): number => Math.max(0, ...ls.map((l) => l.perMs));

function checked(ls: readonly RateLimit[], what: string): readonly RateLimit[] {
  for (const l of ls) {
    if (!Number.isInteger(l.count) || l.count < 1 || !(l.perMs > 0)) throw new RangeError(`A ${what} limit needs a count of 1 or more and a window above 0 ms.`);
  }
  return ls;
}

/**
 * Sliding windows over the send times of each conversation and of the tenant, plus Retry-After pauses.
 *
 * Memory stays bounded by what the limits can matter for: a conversation keeps only the send times of its longest
 * window (an hour), and a conversation with no send in that hour is forgotten altogether. Conversations are kept
 * in the order they last sent, so forgetting is a walk from the front that stops at the first recent one.
 */
export class Pacer {
  private readonly conversationLimits: readonly RateLimit[];
  private readonly tenantLimits: readonly RateLimit[];
  private readonly conversationHorizonMs: number;
  private readonly tenantHorizonMs: number;
  /** Send times per conversation, oldest first; the map itself is ordered by each conversation's last send. */
  private readonly conversations = new Map<string, number[]>();
  private readonly tenant: number[] = [];
  private readonly pauses = new Map<string, number>();
  private tenantPausedUntil = -Infinity;
  /** Expired pauses are swept once the map grows past this, so a storm of 429s cannot pile them up. */
  private pauseSweepAt = 64;

  constructor(options: PacerOptions = {}) {
    this.conversationLimits = checked(options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS, 'conversation');
    this.tenantLimits = checked(options.tenantLimits ?? TEAMS_TENANT_LIMITS, 'tenant');
    this.conversationHorizonMs = longest(this.conversationLimits);
    this.tenantHorizonMs = longest(this.tenantLimits);
  }

  /** How long until the conversation may send, by its own windows and pause only (the tenant's aside). */
  conversationWaitMs(conversationId: string, nowMs: number): number {
    const byWindows = windowWaitMs(this.conversationLimits, this.conversations.get(conversationId) ?? [], nowMs);
    const paused = (this.pauses.get(conversationId) ?? -Infinity) - nowMs;
    return Math.max(0, byWindows, paused);
  }

  /** How long until the tenant may send to anyone, by its window and pause. */
  tenantWaitMs(nowMs: number): number {
    return Math.max(0, windowWaitMs(this.tenantLimits, this.tenant, nowMs), this.tenantPausedUntil - nowMs);
  }

  /** 0 when a send to the conversation may go now; otherwise how long until all its limits and the tenant's allow it. */
  waitMs(conversationId: string, nowMs: number): number {
    return Math.max(this.conversationWaitMs(conversationId, nowMs), this.tenantWaitMs(nowMs));
  }

  /** A send (or an update) to the conversation was made at `nowMs`: it counts whatever the connector answered. */
  record(conversationId: string, nowMs: number): void {
    const times = this.conversations.get(conversationId) ?? [];
    // Re-inserting moves the conversation to the back, keeping the map in order of last send.
    this.conversations.delete(conversationId);
    remember(times, nowMs, this.conversationHorizonMs);
    this.conversations.set(conversationId, times);
    remember(this.tenant, nowMs, this.tenantHorizonMs);
    if ((this.pauses.get(conversationId) ?? Infinity) <= nowMs) this.pauses.delete(conversationId);
    this.forget(nowMs);
  }

  /**
   * Holds back a conversation, or the whole tenant (`WHOLE_TENANT`), until `untilMs`: after a 429, until its
   * Retry-After has passed. Never shortens a pause already set.
   */
  pause(target: string, untilMs: number): void {
    if (target === WHOLE_TENANT) {
      this.tenantPausedUntil = Math.max(this.tenantPausedUntil, untilMs);
      return;
    }
    this.pauses.set(target, Math.max(this.pauses.get(target) ?? -Infinity, untilMs));
  }

  /** What the pacer holds, for tests and metrics. */
  footprint(): { conversations: number; sendTimes: number; pauses: number } {
    let sendTimes = this.tenant.length;
    for (const times of this.conversations.values()) sendTimes += times.length;
    return { conversations: this.conversations.size, sendTimes, pauses: this.pauses.size };
  }

  private forget(nowMs: number): void {
    for (const [id, times] of this.conversations) {
      if (nowMs - times[times.length - 1]! <= this.conversationHorizonMs) break;
      this.conversations.delete(id);
    }
    if (this.pauses.size > this.pauseSweepAt) {
      for (const [id, until] of this.pauses) if (until <= nowMs) this.pauses.delete(id);
      this.pauseSweepAt = Math.max(64, 2 * this.pauses.size);
    }
  }
}

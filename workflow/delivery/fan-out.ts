/**
 * A long fan-out (a cycle's allocation cards going out, hundreds at once) shows its progress on one card to the
 * coordinator who started it, updated in place: "Sent 340 of 812 · 2 failed". The fan-out is its own small
 * document, made before the audits it follows, so a crash half-way through a load still leaves it to report.
 * Counts are read from the audits' own outboxes, never kept by adding up sends, so they cannot drift.
 */
import { enqueue, findMessage, type HasOutbox, type MessageState } from '../outbox.js';
import type { PersonId } from '../people.js';

export interface FanOutCounts {
  readonly total: number;
  readonly sent: number;
  /** Dead: the recipient blocked the bot, or delivery gave up. */
  readonly failed: number;
  /** Held: the recipient has not installed the app yet. */
  readonly waiting: number;
}

export interface FanOut extends HasOutbox {
  readonly id: string;
  readonly tenantId: string;
  readonly type: 'fanout';
  readonly cycle: string;
  readonly coordinatorId: PersonId;
  /** The audits whose allocation cards it follows. */
  readonly auditIds: readonly string[];
  readonly createdAt: string;
  readonly counts: FanOutCounts;
  /** False once every card is sent, failed or waiting: nothing more to follow (an indexed flag for `active`). */
  readonly following: boolean;
  readonly completedAt?: string;
  /** How many in-place updates have been queued (the key of the next one). */
  readonly updates: number;
  readonly updatedAt?: string;
}

/** Loads smaller than this go out in a moment; the load report says enough. */
export const FAN_OUT_PROGRESS_FROM = 20;

export const PROGRESS_KEY = (id: string) => `fanout:${id}`;

/** At most one update every so often while cards go out, so the coordinator's chat is not flooded. */
export const UPDATE_EVERY_MS = 3000;

export function newFanOut(input: { tenantId: string; cycle: string; coordinatorId: PersonId; auditIds: readonly string[]; at: string }): FanOut {
  const id = `fanout-${input.cycle}-${input.auditIds[0] ?? 'none'}-${input.auditIds.length}`;
  const fanOut: FanOut = {
    id,
    tenantId: input.tenantId,
    type: 'fanout',
    cycle: input.cycle,
    coordinatorId: input.coordinatorId,
    auditIds: [...input.auditIds],
    createdAt: input.at,
    counts: { total: input.auditIds.length, sent: 0, failed: 0, waiting: 0 },
    updates: 0,
    following: input.auditIds.length > 0,
    outbox: [],
  };
  return enqueue(fanOut, { key: PROGRESS_KEY(id), kind: 'fanout-progress', to: input.coordinatorId }, input.at);
}

/** One allocation card's state, as the audits report it. */
export interface CardState {
  readonly auditId: string;
  readonly state: MessageState;
}

/**
 * Counts the fan-out's cards. The total is every audit it follows, whether or not its audit is stored yet (the
 * fan-out is made before its audits), less cards superseded before they were shown; a card not found is pending.
 */
export function countCards(fanOut: FanOut, cards: readonly CardState[]): FanOutCounts {
  const mine = new Set(fanOut.auditIds);
  const counts = { total: fanOut.auditIds.length, sent: 0, failed: 0, waiting: 0 };
  for (const c of cards) {
    if (!mine.has(c.auditId)) continue;
    if (c.state === 'cancelled') counts.total -= 1; // a card superseded before it was shown
    else if (c.state === 'sent') counts.sent += 1;
    else if (c.state === 'dead') counts.failed += 1;
    else if (c.state === 'held') counts.waiting += 1;
  }
  return counts;
}

export const settled = (c: FanOutCounts) => c.sent + c.failed + c.waiting >= c.total;
const same = (a: FanOutCounts, b: FanOutCounts) => a.total === b.total && a.sent === b.sent && a.failed === b.failed && a.waiting === b.waiting;

/**
 * Records the latest counts and queues an in-place update of the progress card when they changed, unless the last
 * update is still to be sent or was queued less than UPDATE_EVERY_MS ago (the final one always goes).
 */
export function recordProgress(fanOut: FanOut, counts: FanOutCounts, now: Date): FanOut {
  if (fanOut.completedAt || same(fanOut.counts, counts)) return fanOut;
  const at = now.toISOString();
  const done = settled(counts);
  const last = fanOut.updates > 0 ? findMessage(fanOut, `${PROGRESS_KEY(fanOut.id)}:u${fanOut.updates}`) : undefined;
  const lastPending = last !== undefined && last.state !== 'sent' && last.state !== 'dead' && last.state !== 'cancelled';
  const recent = fanOut.updatedAt !== undefined && now.getTime() - Date.parse(fanOut.updatedAt) < UPDATE_EVERY_MS;
  if (!done && (lastPending || recent)) return fanOut;
  const updates = fanOut.updates + 1;
  const next: FanOut = { ...fanOut, counts, updates, updatedAt: at, ...(done ? { following: false, completedAt: at } : {}) };
  return enqueue(next, { key: `${PROGRESS_KEY(fanOut.id)}:u${updates}`, kind: 'fanout-progress', to: fanOut.coordinatorId, replaces: PROGRESS_KEY(fanOut.id) }, at);
}

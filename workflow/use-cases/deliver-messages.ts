import { enqueue, findMessage, isDeliverable, updateMessage, type OutboxMessage } from '../outbox.js';
import { outboxStoresOf, type AppInstaller, type Conversation, type Audits, type Clock, type Conversations, type DeliveryCheck, type Digests, type FanOuts, type Messenger, type OutboxHolder, type OutboxStore } from '../ports.js';

export const MAX_ATTEMPTS = 8;

/** How many messages a pass handles between renewals of the sender's lease (a paced send can take a second). */
const LEADER_CHECK_EVERY = 10;

export interface DeliveryTally {
  sent: number;
  held: number;
  retrying: number;
  dead: number;
  /** Proactive installations that failed (who, why): the cards stay held; the sender logs these. */
  installFailures: { personId: string; error: string }[];
}

/** Thrown inside an update to abandon it: someone else claimed or finished the message. */
class NotOurs extends Error {}

/**
 * Whether the QA coordinator is told of held and failed cards: for audits. A digest is only a day's news, and a
 * fan-out's progress card goes to the coordinator already.
 */
function tellsCoordinator(holder: OutboxHolder): holder is OutboxHolder & { coordinatorId: string } {
  return !('type' in holder);
}

/** When a message must wait (a nudge outside its recipient's working hours), the instant it may go. */
export type HoldUntil = (message: OutboxMessage, now: Date) => Promise<Date | undefined>;

/**
 * Drains the outboxes of one tenant's audits, digests and fan-outs. A message is claimed (state "sending") under
 * the document's ETag before it is sent, so two instances never send the same one; its outcome is then recorded
 * the same way. People with no conversation yet have their cards held, and the QA coordinator is told once per
 * card. A claim whose outcome was never recorded (the sender died) is settled with `deliveryCheck` if there is one.
 */
export function deliverMessages(deps: { audits: Audits; digests?: Digests; fanOuts?: FanOuts; conversations: Conversations; messenger: Messenger; clock: Clock; installer?: AppInstaller; holdUntil?: HoldUntil; deliveryCheck?: DeliveryCheck }) {
  return {
    /**
     * `stillLeader` is asked every few messages (it renews the sender's lease): a long pass that has lost the lease
     * stops, so two instances never send at once for long.
     */
    async execute(input: { tenantId: string; limit: number; stillLeader?: () => Promise<boolean> }): Promise<DeliveryTally> {
      const tally: DeliveryTally = { sent: 0, held: 0, retrying: 0, dead: 0, installFailures: [] };
      const installing = new Set<string>();
      for (const store of outboxStoresOf(deps)) if (!(await drain(store, deps, input, tally, installing))) break;
      return tally;
    },
  };
}

async function drain<Holder extends OutboxHolder>(
  store: OutboxStore<Holder>,
  deps: { conversations: Conversations; messenger: Messenger; clock: Clock; installer?: AppInstaller; holdUntil?: HoldUntil; deliveryCheck?: DeliveryCheck },
  input: { tenantId: string; limit: number; stillLeader?: () => Promise<boolean> },
  tally: DeliveryTally,
  /** People already asked to be installed for in this pass: once each, however many of their cards are held. */
  installing: Set<string>,
): Promise<boolean> {
  const nowIso = () => deps.clock.now().toISOString();

  /** Claims the message; `inDoubt` when an earlier claim never recorded its outcome (its sender died mid-send). */
  async function claim(holder: Holder, key: string): Promise<{ claimed: Holder; inDoubt?: string } | undefined> {
    try {
      let inDoubt: string | undefined;
      const claimed = await store.update(holder.tenantId, holder.id, (current) => {
        const message = findMessage(current, key);
        if (!message || !isDeliverable(message, deps.clock.now())) throw new NotOurs();
        // From the first claim that never recorded an outcome: a second dead sender must not narrow the search.
        inDoubt = message.state === 'sending' ? (message.inDoubtSince ?? message.claimedAt) : message.inDoubtSince;
        return updateMessage(current, key, (m) => ({ ...m, state: 'sending', claimedAt: nowIso(), attempts: m.attempts + 1, ...(inDoubt ? { inDoubtSince: inDoubt } : {}) }));
      });
      return { claimed, ...(inDoubt ? { inDoubt } : {}) };
    } catch (error) {
      if (error instanceof NotOurs) return undefined;
      throw error;
    }
  }

  function record(holder: Holder, key: string, change: (current: Holder, m: OutboxMessage) => Holder): Promise<Holder> {
    return store.update(holder.tenantId, holder.id, (current) => {
      const message = findMessage(current, key);
      return message ? change(current, message) : current;
    });
  }

  /** Returns a claimed message to the queue after an unexpected failure, with backoff; dead once out of attempts. */
  function giveBack(holder: Holder, key: string, error: unknown): Promise<Holder> {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    return record(holder, key, (a, m) => {
      if (m.state !== 'sending') return a;
      if (m.attempts >= MAX_ATTEMPTS) return updateMessage(a, key, (x) => ({ ...x, state: 'dead', lastError: reason }));
      const notBefore = new Date(deps.clock.now().getTime() + Math.min(300_000, 1000 * 2 ** m.attempts)).toISOString();
      return updateMessage(a, key, (x) => ({ ...x, state: 'pending', notBefore, lastError: reason }));
    });
  }

  /** Sends one message: claimed first, then each reason not to send it now is settled in turn. */
  async function deliverOne(holder: Holder, key: string, tally: DeliveryTally): Promise<void> {
    const claiming = await claim(holder, key);
    if (!claiming) return;
    const { claimed, inDoubt } = claiming;
    const message = findMessage(claimed, key)!;
    if (await droppedAsExpired(claimed, message)) return;
    if (await settledAsUnshownUpdate(claimed, message)) return;
    const conversation = await deps.conversations.get(claimed.tenantId, message.to);
    if (!conversation) return holdForInstall(claimed, message, tally);
    const doubt = await settleDoubt(claimed, message, conversation, inDoubt, tally);
    if (doubt === 'found') return;
    if (await heldForQuietHours(claimed, message, doubt === 'still')) return;
    await send(claimed, message, conversation, tally);
  }

  /** Past its use (a digest held past its day, its manager had no chat yet): dropped, not sent late. */
  async function droppedAsExpired(claimed: Holder, message: OutboxMessage): Promise<boolean> {
    if (!message.expiresAt || deps.clock.now().getTime() < Date.parse(message.expiresAt)) return false;
    await record(claimed, message.key, (a) => updateMessage(a, message.key, (m) => ({ ...m, state: 'cancelled', lastError: 'expired before it could be delivered' })));
    return true;
  }

  /** An update to a card never shown: done, as that card renders the current state when it is shown. */
  async function settledAsUnshownUpdate(claimed: Holder, message: OutboxMessage): Promise<boolean> {
    if (!message.replaces) return false;
    const earlier = findMessage(claimed, message.replaces);
    if (earlier?.activityId && earlier.conversationId) return false;
    await record(claimed, message.key, (a) => updateMessage(a, message.key, (m) => ({ ...m, state: 'sent', sentAt: nowIso() })));
    return true;
  }

  /**
   * No conversation with the person yet: the card is held (the QA coordinator told once per card), and where
   * allowed the bot is installed for them; Teams then tells us their chat and held cards are released. A failed
   * install only leaves the card held, as it would be without the setting.
   */
  async function holdForInstall(claimed: Holder, message: OutboxMessage, tally: DeliveryTally): Promise<void> {
    tally.held += 1;
    if (deps.installer && !installing.has(message.to)) {
      installing.add(message.to);
      await deps.installer.install(claimed.tenantId, message.to).catch((error: unknown) => {
        tally.installFailures.push({ personId: message.to, error: (error instanceof Error ? error.message : String(error)).slice(0, 300) });
      });
    }
    await record(claimed, message.key, (a, m) => {
      const held = updateMessage(a, message.key, (x) => ({ ...x, state: 'held' }));
      // Updates to cards never shown, and notices to the coordinator themselves, need no notice.
      if (!tellsCoordinator(a) || m.to === a.coordinatorId || m.replaces) return held;
      return enqueue(held, { key: `delivery-held:${message.key}`, kind: 'delivery-held', to: a.coordinatorId, reportsOn: message.key }, nowIso());
    });
  }

  /**
   * In doubt (an earlier sender died mid-send), the card may be in the chat already: asks the channel before sending
   * again (updates in place are idempotent). 'found': recorded as sent; 'still': the channel could not say.
   */
  async function settleDoubt(claimed: Holder, message: OutboxMessage, conversation: Conversation, inDoubt: string | undefined, tally: DeliveryTally): Promise<'none' | 'found' | 'still'> {
    if (inDoubt === undefined || message.replaces) return 'none';
    if (!deps.deliveryCheck) return 'still';
    const found = await deps.deliveryCheck.findDelivered(message, claimed.tenantId, conversation, new Date(Date.parse(inDoubt) - 60_000));
    if (found === 'absent') return 'none';
    if (found === 'unknown') return 'still';
    tally.sent += 1;
    await record(claimed, message.key, (a) => updateMessage(a, message.key, ({ inDoubtSince: _d, ...m }) => ({ ...m, state: 'sent', sentAt: nowIso(), activityId: found.activityId, conversationId: found.conversationId })));
    return 'found';
  }

  /** Checked when sending too, not only when queued: a nudge queued at 16:59 may come round again after hours. */
  async function heldForQuietHours(claimed: Holder, message: OutboxMessage, stillInDoubt: boolean): Promise<boolean> {
    const hold = await deps.holdUntil?.(message, deps.clock.now());
    if (!hold) return false;
    // Not an attempt: it waits for the morning (still in doubt only if the channel could not say).
    await record(claimed, message.key, (a) =>
      updateMessage(a, message.key, ({ inDoubtSince, ...m }) => ({ ...m, state: 'pending', notBefore: hold.toISOString(), attempts: Math.max(0, m.attempts - 1), ...(stillInDoubt && inDoubtSince ? { inDoubtSince } : {}) })),
    );
    return true;
  }

  /** Sends (or updates in place) and records the outcome: sent, paced, dead (QA told), or retried with backoff. */
  async function send(claimed: Holder, message: OutboxMessage, conversation: Conversation, tally: DeliveryTally): Promise<void> {
    const key = message.key;
    const at = nowIso();
    const earlier = message.replaces ? findMessage(claimed, message.replaces) : undefined;
    const result = await deps.messenger.deliver(
      message,
      claimed,
      conversation,
      earlier?.activityId && earlier.conversationId ? { activityId: earlier.activityId, conversationId: earlier.conversationId } : undefined,
    );
    if (result.outcome === 'sent') {
      tally.sent += 1;
      await record(claimed, key, (a) =>
        updateMessage(a, key, ({ inDoubtSince: _d, ...m }) => ({ ...m, state: 'sent', sentAt: at, activityId: result.activityId, conversationId: result.conversationId })),
      );
    } else if (result.outcome === 'retry' && result.paced) {
      // Held back by Teams' rate limits before anything was sent: not an attempt, and not an error.
      const notBefore = new Date(deps.clock.now().getTime() + result.afterMs).toISOString();
      await record(claimed, key, (a) => updateMessage(a, key, (m) => ({ ...m, state: 'pending', notBefore, attempts: Math.max(0, m.attempts - 1) })));
    } else if (result.outcome !== 'retry' || message.attempts >= MAX_ATTEMPTS) {
      tally.dead += 1;
      const why =
        result.outcome === 'blocked'
          ? 'blocked: the person has blocked or removed the bot'
          : result.outcome === 'failed'
            ? result.reason
            : `gave up after ${message.attempts} attempts: ${result.reason}`;
      await record(claimed, key, (a, m) => {
        const dead = updateMessage(a, key, (x) => ({ ...x, state: 'dead', lastError: why }));
        return !tellsCoordinator(a) || m.to === a.coordinatorId ? dead : enqueue(dead, { key: `delivery-failed:${key}`, kind: 'delivery-failed', to: a.coordinatorId, reportsOn: key }, at);
      });
    } else {
      tally.retrying += 1;
      const notBefore = new Date(deps.clock.now().getTime() + result.afterMs).toISOString();
      await record(claimed, key, (a) => updateMessage(a, key, (m) => ({ ...m, state: 'pending', notBefore, lastError: result.reason })));
    }
  }

  let handled = 0;
  for (const holder of await store.withDeliveryDue(input.tenantId, deps.clock.now(), input.limit)) {
    for (const message of holder.outbox.filter((m) => isDeliverable(m, deps.clock.now()))) {
      handled += 1;
      if (handled % LEADER_CHECK_EVERY === 0 && input.stillLeader && !(await input.stillLeader())) return false;
      try {
        await deliverOne(holder, message.key, tally);
      } catch (error) {
        // One message failing (a card that cannot be rendered, a store hiccup) must not hold up the rest.
        tally.retrying += 1;
        await giveBack(holder, message.key, error).catch(() => undefined);
      }
    }
  }
  return true;
}

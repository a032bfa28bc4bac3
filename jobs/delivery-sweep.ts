import { deliverMessages, type HoldUntil } from '../workflow/use-cases/deliver-messages.js';
import type { AppInstaller, Audits, DeliveryCheck, Clock, Conversations, Digests, FanOuts, Leases, Messenger } from '../workflow/ports.js';
import { trackFanOuts } from '../workflow/use-cases/track-fan-outs.js';
import { LeasedJob } from './leased-job.js';
import type { SweepLog } from './sweep-log.js';

export type { SweepLog } from './sweep-log.js';

export interface DeliverySweepOptions {
  readonly tenantId: string;
  /** This instance's id (one per process). */
  readonly holder: string;
  readonly intervalMs: number;
  readonly log: SweepLog;
}

/** A leader that stops renewing is replaced after this long (at least a few intervals). */
export function deliveryLeaseMs(intervalMs: number): number {
  return Math.max(30_000, intervalMs * 5);
}

/**
 * Drains the outboxes on a timer, and at once when kicked (a user's action just enqueued a card). Of all the
 * bot's instances only the one holding the `delivery` lease sends, so Teams' per-tenant limit (50 requests/s for
 * the whole app) is kept by that one sender's pacing; the per-message claim under ETag still keeps a send single
 * when a lease changes hands mid-send.
 */
export class DeliverySweep extends LeasedJob {
  constructor(deps: DeliveryDeps, options: DeliverySweepOptions) {
    super(
      { leases: deps.leases, clock: deps.clock },
      { tenantId: options.tenantId, name: 'delivery', holder: options.holder, ttlMs: deliveryLeaseMs(options.intervalMs), intervalMs: options.intervalMs, log: options.log },
      (keepAlive) => drain(deps, options, keepAlive),
    );
  }
}

type DeliveryDeps = { audits: Audits; digests?: Digests; fanOuts?: FanOuts; conversations: Conversations; messenger: Messenger; clock: Clock; leases: Leases; installer?: AppInstaller; holdUntil?: HoldUntil; deliveryCheck?: DeliveryCheck };

/**
 * Delivering can enqueue follow-ups (a held card tells the coordinator), so it passes again while the last pass
 * did something, renewing the lease between passes; a long fan-out goes on for as many passes as it needs.
 * Stopping never loses a send stuck on an unreachable connector: its claim expires and another run sends it.
 */
async function drain(deps: DeliveryDeps, options: DeliverySweepOptions, keepAlive: () => Promise<boolean>): Promise<void> {
  const { fanOuts } = deps;
  for (let pass = 0; pass < 1000; pass += 1) {
    const tally = await deliverMessages(deps).execute({ tenantId: options.tenantId, limit: 100, stillLeader: keepAlive });
    // Progress of long fan-outs, counted after each pass; an update queued means one more pass to send it.
    const updates = fanOuts ? await trackFanOuts({ audits: deps.audits, fanOuts, clock: deps.clock }).execute({ tenantId: options.tenantId }) : 0;
    if (tally.sent + tally.held + tally.retrying + tally.dead + updates === 0) return;
    if (tally.sent + tally.held + tally.retrying + tally.dead > 0) options.log.info('delivery-sweep', { sent: tally.sent, held: tally.held, retrying: tally.retrying, dead: tally.dead });
    for (const failure of tally.installFailures) options.log.error('proactive-install-failed', failure);
    if (tally.sent + tally.held + tally.dead + updates === 0) return;
    if (!(await keepAlive())) return;
  }
}

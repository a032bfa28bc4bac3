import type { PolicyProfile } from '../workflow/policy/profile.js';
import type { Audits, Clock, Digests, Directory, Leases } from '../workflow/ports.js';
import { chaseAudits } from '../workflow/use-cases/chase-audits.js';
import { scheduleUnchasedAudits } from '../workflow/use-cases/schedule-unchased-audits.js';
import { LeasedJob } from './leased-job.js';
import type { SweepLog } from './sweep-log.js';

export interface ChaseSweepOptions {
  readonly tenantId: string;
  readonly holder: string;
  readonly intervalMs: number;
  readonly log: SweepLog;
  /** Called when the sweep enqueued messages, so the sender goes at once. */
  readonly onMessages: () => void;
}

const BATCH = 100;

/**
 * Chases overdue actions and runs the Inadequate clocks on a timer, on one instance at a time (the `chase`
 * lease). Each pass reads only audits whose `nextChaseAt` has come; every message it enqueues has a deterministic
 * key, so a pass repeated by another instance after a lost lease sends nothing twice.
 */
export class ChaseSweep extends LeasedJob {
  constructor(deps: ChaseDeps, options: ChaseSweepOptions) {
    super(
      { leases: deps.leases, clock: deps.clock },
      { tenantId: options.tenantId, name: 'chase', holder: options.holder, ttlMs: Math.max(60_000, options.intervalMs * 3), intervalMs: options.intervalMs, log: options.log },
      chaseWork(deps, options),
    );
  }

  /** Starts the timer and runs once soon, so what fell due while no instance ran is chased at start-up. */
  override start(): void {
    super.start();
    this.kick();
  }
}

type ChaseDeps = { audits: Audits; digests: Digests; directory: Directory; clock: Clock; leases: Leases; profile: PolicyProfile; quietHours: boolean };

function chaseWork(deps: ChaseDeps, options: ChaseSweepOptions): (keepAlive: () => Promise<boolean>) => Promise<void> {
  /** Whether this instance has put audits from before chasing on the schedule (once per process is enough). */
  let backfilled = false;
  return async (keepAlive) => {
    if (!backfilled) {
      const scheduled = await scheduleUnchasedAudits(deps).execute({ tenantId: options.tenantId });
      if (scheduled > 0) options.log.info('chase-scheduled-earlier-audits', { scheduled });
      backfilled = true;
    }
    let changed = 0;
    // Each pass moves every audit it read past `now`, so passes end once fewer than a batch are due.
    for (let pass = 0; pass < 1000; pass += 1) {
      const tally = await chaseAudits(deps).execute({ tenantId: options.tenantId, limit: BATCH });
      changed += tally.changed + tally.digests + tally.reaudits;
      if (tally.read > 0) options.log.info('chase-sweep', { read: tally.read, changed: tally.changed, digests: tally.digests, reaudits: tally.reaudits });
      for (const failure of tally.failed) options.log.error('chase-failed', failure);
      if (tally.read < BATCH || !(await keepAlive())) break;
    }
    if (changed > 0) options.onMessages();
  };
}

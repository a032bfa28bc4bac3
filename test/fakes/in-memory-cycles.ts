import type { SubmissionDraw } from '../../workflow/moderation/sampling.js';
import type { Cycles, Ids } from '../../workflow/ports.js';
import { pause } from './support.js';

interface CycleState {
  readonly seed: string;
  readonly ordinals: Map<string, number>;
}

/**
 * The `Cycles` port in memory, with the Cosmos adapter's semantics: one record per tenant and cycle, its seed
 * made once (from `ids`, or preset with `withSeed`), ordinals 1, 2, … in the order audits first ask, and the
 * same ordinal again for an audit that asks twice.
 */
export class InMemoryCycles implements Cycles {
  private readonly cycles = new Map<string, CycleState>();
  private readonly presetSeeds = new Map<string, string>();

  constructor(private readonly ids: Ids) {}

  async nextSubmission(tenantId: string, cycle: string, auditId: string): Promise<SubmissionDraw> {
    await pause();
    const key = `${tenantId}/${cycle}`;
    let state = this.cycles.get(key);
    if (!state) {
      state = { seed: this.presetSeeds.get(key) ?? this.ids.next(), ordinals: new Map() };
      this.cycles.set(key, state);
    }
    let ordinal = state.ordinals.get(auditId);
    if (ordinal === undefined) {
      ordinal = state.ordinals.size + 1;
      state.ordinals.set(auditId, ordinal);
    }
    return { ordinal, seed: state.seed };
  }

  // ---- test helpers ----

  /** The seed a cycle will get when its first submission arrives. */
  withSeed(tenantId: string, cycle: string, seed: string): this {
    this.presetSeeds.set(`${tenantId}/${cycle}`, seed);
    return this;
  }

  /** How many submissions a cycle has had. */
  submissions(tenantId: string, cycle: string): number {
    return this.cycles.get(`${tenantId}/${cycle}`)?.ordinals.size ?? 0;
  }
}

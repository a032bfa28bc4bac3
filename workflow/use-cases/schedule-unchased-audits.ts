import { chaseSoon } from '../chasing/chase-audit.js';
import type { Audits, Clock } from '../ports.js';

/**
 * Puts audits whose actions were recorded before chasing existed on the chase sweep's schedule (`nextChaseAt`
 * now), so their open actions are reminded, nudged and listed in digests like any other. Safe to run on every
 * start of every instance: an audit once scheduled is not found again.
 */
export function scheduleUnchasedAudits(deps: { audits: Audits; clock: Clock }) {
  return {
    async execute(input: { tenantId: string }): Promise<number> {
      const at = deps.clock.now().toISOString();
      let scheduled = 0;
      for (const audit of await deps.audits.withUnscheduledChase(input.tenantId)) {
        await deps.audits.update(input.tenantId, audit.id, (c) => (c.nextChaseAt === undefined ? chaseSoon(c, at) : c));
        scheduled += 1;
      }
      return scheduled;
    },
  };
}

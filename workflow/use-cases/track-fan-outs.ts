import { countCards, recordProgress } from '../delivery/fan-out.js';
import type { Audits, Clock, FanOuts } from '../ports.js';

/**
 * After each delivery pass: for every fan-out still following its cards, count them from the audits' outboxes
 * (one small query per cycle) and queue an in-place update of the coordinator's progress card when they moved.
 * Returns how many updates were queued, so the sender knows to pass again.
 */
export function trackFanOuts(deps: { audits: Audits; fanOuts: FanOuts; clock: Clock }) {
  return {
    async execute(input: { tenantId: string }): Promise<number> {
      let queued = 0;
      const cardsOf = new Map<string, Awaited<ReturnType<Audits['allocationCards']>>>();
      for (const fanOut of await deps.fanOuts.active(input.tenantId)) {
        if (!cardsOf.has(fanOut.cycle)) cardsOf.set(fanOut.cycle, await deps.audits.allocationCards(input.tenantId, fanOut.cycle));
        const counts = countCards(fanOut, cardsOf.get(fanOut.cycle)!);
        const updated = await deps.fanOuts.update(input.tenantId, fanOut.id, (current) => recordProgress(current, counts, deps.clock.now()));
        if (updated.updates !== fanOut.updates) queued += 1;
      }
      return queued;
    },
  };
}

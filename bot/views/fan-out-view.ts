import { FAN_OUT_MAX_PROBLEMS, renderFanOut } from '../../cards/fan-out.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { countCards, settled, type FanOut } from '../../workflow/delivery/fan-out.js';
import type { Services } from '../services.js';
import { displayName } from './people-names.js';

/**
 * The fan-out's progress, counted afresh from the audits (so a card rendered late is never behind), and with
 * `showProblems` the cards not delivered: case reference, reviewer and why. Only the coordinator sees it.
 */
export async function fanOutCard(s: Services, fanOut: FanOut, options: { showProblems?: boolean } = {}): Promise<AdaptiveCard> {
  const cards = await s.audits.allocationCards(s.tenantId, fanOut.cycle);
  const counts = countCards(fanOut, cards);
  let problems: string[] | undefined;
  if (options.showProblems) {
    const mine = new Set(fanOut.auditIds);
    const stuck = cards.filter((c) => mine.has(c.auditId) && (c.state === 'dead' || c.state === 'held')).slice(0, FAN_OUT_MAX_PROBLEMS + 1);
    problems = [];
    for (const c of stuck) {
      const audit = await s.audits.get(s.tenantId, c.auditId);
      const message = audit?.outbox.find((m) => m.kind === 'allocation' && m.state === c.state);
      const who = displayName(audit ? await s.directory.get(s.tenantId, audit.reviewerId) : undefined);
      const why = c.state === 'held' ? 'waiting: has not opened the app yet' : `failed: ${message?.lastError ?? 'delivery gave up'}`;
      problems.push(`${audit?.caseRef ?? c.auditId} · ${who} · ${why}`);
    }
  }
  return renderFanOut({
    ref: s.signer.fanOut(fanOut.id),
    cycle: fanOut.cycle,
    ...counts,
    settled: settled(counts),
    ...(problems ? { problems } : {}),
  });
}

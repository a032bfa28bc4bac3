import { FAN_OUT_MAX_PROBLEMS, renderFanOut } from '../../cards/fan-out.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { countCards, settled, type CardState, type FanOut } from '../../workflow/delivery/fan-out.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, type ViewContext } from './view-context.js';
import type { Audit } from '../../workflow/audit.js';

/**
 * The fan-out's progress, counted afresh from the audits (so a card rendered late is never behind), and with
 * `showProblems` the cards not delivered: case reference, reviewer and why. Only the coordinator sees it.
 */
export function fanOutView(v: ViewContext, fanOut: FanOut, cards: readonly CardState[], stuck?: readonly { readonly card: CardState; readonly audit: Audit | undefined }[]): AdaptiveCard {
  const counts = countCards(fanOut, cards);
  const problems = stuck?.map(({ card: c, audit }) => {
    const message = audit?.outbox.find((m) => m.kind === 'allocation' && m.state === c.state);
    const why = c.state === 'held' ? 'waiting: has not opened the app yet' : `failed: ${message?.lastError ?? 'delivery gave up'}`;
    return `${audit?.caseRef ?? c.auditId} · ${nameIn(v, audit?.reviewerId)} · ${why}`;
  });
  return renderFanOut({
    ref: v.signer.fanOut(fanOut.id),
    cycle: fanOut.cycle,
    ...counts,
    settled: settled(counts),
    ...(problems ? { problems } : {}),
  });
}

/**
 * Reads the cycle's allocation cards (and, with `showProblems`, the audits of those not delivered) and what the
 * card needs, once, then renders it.
 */
export async function fanOutCard(s: Services, fanOut: FanOut, options: { showProblems?: boolean } = {}): Promise<AdaptiveCard> {
  const [v, cards] = await Promise.all([readViewContext(s, fanOut.coordinatorId), s.audits.allocationCards(s.tenantId, fanOut.cycle)]);
  if (!options.showProblems) return fanOutView(v, fanOut, cards);
  const mine = new Set(fanOut.auditIds);
  const stuck = cards.filter((c) => mine.has(c.auditId) && (c.state === 'dead' || c.state === 'held')).slice(0, FAN_OUT_MAX_PROBLEMS + 1);
  return fanOutView(v, fanOut, cards, await Promise.all(stuck.map(async (card) => ({ card, audit: await s.audits.get(s.tenantId, card.auditId) }))));
}

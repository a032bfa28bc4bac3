import type { FanOutVerb } from '../../cards/fan-out.js';
import { NotFound, NotPermitted } from '../../workflow/errors.js';
import { FanOutData, readCardData } from '../card-data.js';
import type { Services } from '../services.js';
import { fanOutCard } from '../views/fan-out-view.js';
import type { CardActionHandler } from './card-action.js';

/** The coordinator's fan-out progress card: Refresh, and View failed (which cards, to whom, why). */
export function fanOutHandlers(s: Services): Record<FanOutVerb, CardActionHandler> {
  async function open(actorId: string, raw: unknown) {
    const data = readCardData(FanOutData, raw, s.signer, 'fanout');
    const fanOut = await s.fanOuts.get(s.tenantId, data.auditId);
    if (!fanOut) throw new NotFound('The progress on this card');
    if (fanOut.coordinatorId !== actorId) throw new NotPermitted(actorId, 'see the delivery of a case list someone else loaded');
    return fanOut;
  }
  return {
    'fanout.refresh': async (actorId, raw) => fanOutCard(s, await open(actorId, raw)),
    'fanout.failed': async (actorId, raw) => fanOutCard(s, await open(actorId, raw), { showProblems: true }),
  };
}

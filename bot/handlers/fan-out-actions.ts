import type { FAN_OUT_ACTIONS } from '../../cards/fan-out.js';
import { openFanOut } from '../../workflow/use-cases/open-fan-out.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { fanOutCard } from '../views/fan-out-view.js';

/** The coordinator's fan-out progress card: Refresh, and View failed (which cards, to whom, why). */
export function fanOutHandlers(s: Services): CardActionHandlers<typeof FAN_OUT_ACTIONS> {
  const open = (actorId: string, fanOutId: string) => openFanOut(s).execute({ tenantId: s.tenantId, fanOutId, viewerId: actorId });
  return {
    'fanout.refresh': async ({ actorId, data }) => fanOutCard(s, await open(actorId, data.fanOutId)),
    'fanout.failed': async ({ actorId, data }) => fanOutCard(s, await open(actorId, data.fanOutId), { showProblems: true }),
  };
}

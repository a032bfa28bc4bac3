import type { REALLOCATION_ACTIONS } from '../../cards/reallocation.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import { openReallocation } from '../../workflow/use-cases/open-reallocation.js';
import { reallocateAudit } from '../../workflow/use-cases/reallocate-audit.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { reallocationCard } from '../views/reallocation-view.js';

/** The QA coordinator's card for a declined audit: choose another reviewer. */
export function reallocationHandlers(s: Services): CardActionHandlers<typeof REALLOCATION_ACTIONS> {
  const open = (actorId: string, auditId: string) => openReallocation(s).execute({ tenantId: s.tenantId, auditId, viewerId: actorId });
  return {
    'reallocation.refresh': async ({ actorId, data }) => reallocationCard(s, await open(actorId, data.auditId), data.round, actorId),

    'reallocation.submit': async ({ actorId, data, recover }) => {
      const audit = await open(actorId, data.auditId);
      recover({
        invalid: (e) => reallocationCard(s, audit, data.round, actorId, { error: Object.values(e.fields).join(' '), ...(data.newReviewerId ? { chosen: data.newReviewerId } : {}) }),
        outOfDate: async () => reallocationCard(s, await loadAudit(s.audits, s.tenantId, audit.id), data.round, actorId, { banner: 'Nothing changed: this decline had already been dealt with.' }),
      });
      const result = await reallocateAudit(s).execute({ tenantId: s.tenantId, auditId: data.auditId, round: data.round, actorId, newReviewerId: data.newReviewerId ?? '' });
      if (!result.alreadyDone) s.kickDelivery();
      return reallocationCard(s, result.audit, data.round, actorId, result.alreadyDone ? { banner: 'This was already reallocated. Nothing changed.' } : {});
    },
  };
}

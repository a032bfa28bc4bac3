import type { ALLOCATION_ACTIONS, AllocationData, AllocationInputs } from '../../cards/allocation.js';
import { acceptAllocation } from '../../workflow/use-cases/accept-allocation.js';
import { declineAllocation } from '../../workflow/use-cases/decline-allocation.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import { openAllocation } from '../../workflow/use-cases/open-allocation.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { allocationCard } from '../views/allocation-view.js';

const OUT_OF_DATE = 'Nothing changed: that card was out of date. This is where the audit stands now.';

/** What was typed on the card, and in the view being left (accept ⇄ decline). */
function inputsOf(data: AllocationData): AllocationInputs {
  return {
    ...data.keep,
    ...(data.practitionerConfirmed ? { practitionerConfirmed: data.practitionerConfirmed === 'true' } : {}),
    ...(data.accessConfirmed ? { accessConfirmed: data.accessConfirmed === 'true' } : {}),
    ...(data.reason !== undefined ? { reason: data.reason } : {}),
  };
}

export function allocationHandlers(s: Services): CardActionHandlers<typeof ALLOCATION_ACTIONS> {
  const open = (actorId: string, data: AllocationData) => openAllocation(s).execute({ tenantId: s.tenantId, auditId: data.auditId, viewerId: actorId, round: data.round });
  /** Stale copies and second clicks change nothing: show the current state and say so. */
  const current = async (auditId: string, actorId: string) => allocationCard(s, await loadAudit(s.audits, s.tenantId, auditId), actorId, { banner: OUT_OF_DATE });

  return {
    'allocation.refresh': async ({ actorId, data }) => allocationCard(s, (await open(actorId, data)).audit, actorId),

    'allocation.accept': async ({ actorId, data, recover }) => {
      const { audit } = await open(actorId, data);
      const inputs = inputsOf(data);
      recover({ invalid: (e) => allocationCard(s, audit, actorId, { inputs, errors: e.fields }), outOfDate: () => current(audit.id, actorId) });
      const result = await acceptAllocation(s).execute({
        tenantId: s.tenantId,
        auditId: data.auditId,
        round: data.round,
        actorId,
        practitionerConfirmed: inputs.practitionerConfirmed ?? false,
        accessConfirmed: inputs.accessConfirmed ?? false,
      });
      return allocationCard(s, result.audit, actorId, result.alreadyDone ? { banner: 'You had already accepted this audit. Nothing changed.' } : {});
    },

    'allocation.decline': async ({ actorId, data }) => {
      const { audit, mayDecline } = await open(actorId, data);
      return allocationCard(s, audit, actorId, mayDecline ? { declining: true, inputs: inputsOf(data) } : { banner: OUT_OF_DATE });
    },

    'allocation.cancelDecline': async ({ actorId, data }) => allocationCard(s, (await open(actorId, data)).audit, actorId, { inputs: inputsOf(data) }),

    'allocation.confirmDecline': async ({ actorId, data, recover }) => {
      const { audit } = await open(actorId, data);
      const inputs = inputsOf(data);
      recover({ invalid: (e) => allocationCard(s, audit, actorId, { declining: true, inputs, errors: e.fields }), outOfDate: () => current(audit.id, actorId) });
      const result = await declineAllocation(s).execute({ tenantId: s.tenantId, auditId: data.auditId, round: data.round, actorId, reason: inputs.reason ?? '' });
      if (!result.alreadyDone) s.kickDelivery();
      return allocationCard(s, result.audit, actorId, result.alreadyDone ? { banner: 'You had already declined this audit. Nothing changed.' } : {});
    },
  };
}

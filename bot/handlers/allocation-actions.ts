import type { AllocationInputs, AllocationVerb } from '../../cards/allocation.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { IllegalTransition, InvalidInput, NotFound, NotPermitted, StaleCard } from '../../workflow/errors.js';
import { acceptAllocation } from '../../workflow/use-cases/accept-allocation.js';
import { declineAllocation } from '../../workflow/use-cases/decline-allocation.js';
import { AllocationData, readCardData } from '../card-data.js';
import type { Services } from '../services.js';
import { allocationCard } from '../views/allocation-view.js';
import type { CardActionHandler } from './card-action.js';

const OUT_OF_DATE = 'Nothing changed: that card was out of date. This is where the audit stands now.';

async function open(s: Services, actorId: string, raw: unknown): Promise<{ data: AllocationData; audit: Audit; inputs: AllocationInputs }> {
  const data = readCardData(AllocationData, raw, s.signer, 'allocation');
  const audit = await s.audits.get(s.tenantId, data.auditId);
  if (!audit) throw new NotFound('The audit on this card');
  if (audit.reviewerId !== actorId && !audit.previousReviewerIds.includes(actorId)) {
    throw new NotPermitted(actorId, 'act on an allocation sent to someone else');
  }
  const inputs: AllocationInputs = {
    ...data.keep,
    ...(data.practitionerConfirmed ? { practitionerConfirmed: data.practitionerConfirmed === 'true' } : {}),
    ...(data.accessConfirmed ? { accessConfirmed: data.accessConfirmed === 'true' } : {}),
    ...(data.reason !== undefined ? { reason: data.reason } : {}),
  };
  return { data, audit, inputs };
}

/** Stale copies and second clicks change nothing: show the current state and say so. */
async function currentState(s: Services, auditId: string, actorId: string, notice: string): Promise<AdaptiveCard> {
  const audit = await s.audits.get(s.tenantId, auditId);
  if (!audit) throw new NotFound('The audit on this card');
  return allocationCard(s, audit, actorId, { notice });
}

const isOutOfDate = (error: unknown) => error instanceof StaleCard || error instanceof IllegalTransition;

export function allocationHandlers(s: Services): Record<AllocationVerb, CardActionHandler> {
  return {
    'allocation.refresh': async (actorId, raw) => {
      const { audit } = await open(s, actorId, raw);
      return allocationCard(s, audit, actorId);
    },

    'allocation.accept': async (actorId, raw) => {
      const { data, audit, inputs } = await open(s, actorId, raw);
      try {
        const result = await acceptAllocation(s).execute({
          tenantId: s.tenantId,
          auditId: data.auditId,
          round: data.round,
          actorId,
          practitionerConfirmed: inputs.practitionerConfirmed ?? false,
          accessConfirmed: inputs.accessConfirmed ?? false,
        });
        return allocationCard(s, result.audit, actorId, result.alreadyDone ? { notice: 'You had already accepted this audit. Nothing changed.' } : {});
      } catch (error) {
        if (error instanceof InvalidInput) return allocationCard(s, audit, actorId, { inputs, errors: error.fields });
        if (isOutOfDate(error)) return currentState(s, data.auditId, actorId, OUT_OF_DATE);
        throw error;
      }
    },

    'allocation.decline': async (actorId, raw) => {
      const { data, audit, inputs } = await open(s, actorId, raw);
      if (audit.status !== 'allocated' || audit.round !== data.round || audit.reviewerId !== actorId) {
        return allocationCard(s, audit, actorId, { notice: OUT_OF_DATE });
      }
      return allocationCard(s, audit, actorId, { declining: true, inputs });
    },

    'allocation.cancelDecline': async (actorId, raw) => {
      const { audit, inputs } = await open(s, actorId, raw);
      return allocationCard(s, audit, actorId, { inputs });
    },

    'allocation.confirmDecline': async (actorId, raw) => {
      const { data, audit, inputs } = await open(s, actorId, raw);
      try {
        const result = await declineAllocation(s).execute({
          tenantId: s.tenantId,
          auditId: data.auditId,
          round: data.round,
          actorId,
          reason: inputs.reason ?? '',
        });
        if (!result.alreadyDone) s.kickDelivery();
        return allocationCard(s, result.audit, actorId, result.alreadyDone ? { notice: 'You had already declined this audit. Nothing changed.' } : {});
      } catch (error) {
        if (error instanceof InvalidInput) return allocationCard(s, audit, actorId, { declining: true, inputs, errors: error.fields });
        if (isOutOfDate(error)) return currentState(s, data.auditId, actorId, OUT_OF_DATE);
        throw error;
      }
    },
  };
}

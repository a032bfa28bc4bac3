import type { ReallocationVerb } from '../../cards/reallocation.js';
import { IllegalTransition, InvalidInput, NotFound, NotPermitted, StaleCard } from '../../workflow/errors.js';
import { hasRole } from '../../workflow/people.js';
import { reallocateAudit } from '../../workflow/use-cases/reallocate-audit.js';
import { readCardData, ReallocationData } from '../card-data.js';
import type { Services } from '../services.js';
import { reallocationCard } from '../views/reallocation-view.js';
import type { CardActionHandler } from './card-action.js';

async function open(s: Services, actorId: string, raw: unknown) {
  const data = readCardData(ReallocationData, raw, s.signer, 'reallocation');
  const actor = await s.directory.get(s.tenantId, actorId);
  if (!actor || !hasRole(actor, 'qaCoordinator')) throw new NotPermitted(actorId, 'reallocate audits: only QA coordinators can');
  const audit = await s.audits.get(s.tenantId, data.auditId);
  if (!audit) throw new NotFound('The audit on this card');
  return { data, audit };
}

export function reallocationHandlers(s: Services): Record<ReallocationVerb, CardActionHandler> {
  return {
    'reallocation.refresh': async (actorId, raw) => {
      const { data, audit } = await open(s, actorId, raw);
      return reallocationCard(s, audit, data.round, actorId);
    },

    'reallocation.submit': async (actorId, raw) => {
      const { data, audit } = await open(s, actorId, raw);
      try {
        const result = await reallocateAudit(s).execute({
          tenantId: s.tenantId,
          auditId: data.auditId,
          round: data.round,
          actorId,
          newReviewerId: data.newReviewerId ?? '',
        });
        if (!result.alreadyDone) s.kickDelivery();
        return reallocationCard(s, result.audit, data.round, actorId, result.alreadyDone ? { notice: 'This was already reallocated. Nothing changed.' } : {});
      } catch (error) {
        if (error instanceof InvalidInput) {
          return reallocationCard(s, audit, data.round, actorId, { error: Object.values(error.fields).join(' '), ...(data.newReviewerId ? { chosen: data.newReviewerId } : {}) });
        }
        if (error instanceof StaleCard || error instanceof IllegalTransition) {
          const current = (await s.audits.get(s.tenantId, data.auditId)) ?? audit;
          return reallocationCard(s, current, data.round, actorId, { notice: 'Nothing changed: this decline had already been dealt with.' });
        }
        throw error;
      }
    },
  };
}

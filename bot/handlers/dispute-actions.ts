import type { SummaryVerb } from '../../cards/audit-summary.js';
import type { DisputeVerb } from '../../cards/dispute.js';
import { mayDispute } from '../../workflow/disputes.js';
import { DomainError, IllegalTransition, InvalidInput, NotFound, NotPermitted, StaleCard } from '../../workflow/errors.js';
import { unexpectedOnForm } from '../error-cards.js';
import { decideDispute } from '../../workflow/use-cases/decide-dispute.js';
import { disputeGrade } from '../../workflow/use-cases/dispute-grade.js';
import { FIELD } from '../../workflow/review/fields.js';
import { inputsOf } from '../card-data.js';
import type { Services } from '../services.js';
import { disputeCard } from '../views/dispute-view.js';
import { summaryCard } from '../views/summary-view.js';
import type { CardActionHandler } from './card-action.js';
import { cardForViewer, openForm } from './open-audit.js';

/** The result card's dispute form (TM or SM) and the dispute owner's decision card. */
export function disputeHandlers(s: Services): Record<SummaryVerb | DisputeVerb, CardActionHandler> {
  return {
    'summary.refresh': async (actorId, raw) => {
      const { audit } = await openForm(s, raw, 'summary');
      return cardForViewer(s, audit, actorId);
    },

    'summary.startDispute': async (actorId, raw) => {
      const { audit } = await openForm(s, raw, 'summary');
      if (!mayDispute(audit, actorId)) throw new NotPermitted(actorId, 'dispute this audit: only its team manager or service manager can');
      return summaryCard(s, audit, actorId, { disputing: true });
    },

    'summary.dispute': async (actorId, raw) => {
      const { data, audit } = await openForm(s, raw, 'summary');
      const values = inputsOf(data);
      try {
        const result = await disputeGrade(s).execute({
          tenantId: s.tenantId,
          auditId: audit.id,
          actorId,
          scope: values[FIELD.dispute.scope] ?? '',
          reason: values[FIELD.dispute.reason] ?? '',
        });
        if (!result.alreadyDone) s.kickDelivery();
        return summaryCard(s, result.audit, actorId, { notice: result.alreadyDone ? 'You had already raised this dispute. Nothing changed.' : '✓ Dispute sent. The decision will come to everyone on the audit.' });
      } catch (error) {
        if (error instanceof InvalidInput) return summaryCard(s, audit, actorId, { disputing: true, values, errors: error.fields });
        if (error instanceof IllegalTransition || error instanceof StaleCard) {
          return summaryCard(s, (await s.audits.get(s.tenantId, audit.id)) ?? audit, actorId, { notice: `Nothing changed: ${error.message}` });
        }
        // Anything else (nobody to decide it, a store failure): keep the reason typed on the card — but only for
        // someone who may dispute; anyone else gets the plain refusal or error card, which shows nothing.
        if (error instanceof NotPermitted || !mayDispute(audit, actorId)) throw error;
        const notice = error instanceof DomainError ? `Not sent: ${error.message}` : unexpectedOnForm(s, error, { verb: 'summary.dispute', auditId: audit.id });
        return summaryCard(s, audit, actorId, { disputing: true, values, notice });
      }
    },

    'dispute.refresh': async (actorId, raw) => {
      const { data, audit } = await openForm(s, raw, 'dispute');
      const dispute = audit.disputes?.find((d) => d.id === data.disputeId);
      if (!dispute) throw new NotFound('The dispute on this card');
      return dispute.ownerId === actorId ? disputeCard(s, audit, dispute, actorId) : cardForViewer(s, audit, actorId);
    },

    'dispute.decide': async (actorId, raw) => {
      const { data, audit } = await openForm(s, raw, 'dispute');
      const values = inputsOf(data);
      const dispute = audit.disputes?.find((d) => d.id === data.disputeId);
      if (!dispute) throw new NotFound('The dispute on this card');
      try {
        const result = await decideDispute(s).execute({
          tenantId: s.tenantId,
          auditId: audit.id,
          disputeId: dispute.id,
          actorId,
          outcome: values[FIELD.ruling.outcome] ?? '',
          reason: values[FIELD.ruling.reason] ?? '',
        });
        if (!result.alreadyDone) s.kickDelivery();
        const decided = result.audit.disputes?.find((d) => d.id === dispute.id) ?? dispute;
        return disputeCard(s, result.audit, decided, actorId, result.alreadyDone ? { notice: 'You had already decided this dispute. Nothing changed.' } : {});
      } catch (error) {
        if (error instanceof InvalidInput) return disputeCard(s, audit, dispute, actorId, { values, errors: error.fields });
        if (error instanceof DomainError || dispute.ownerId !== actorId) throw error;
        return disputeCard(s, audit, dispute, actorId, { values, notice: unexpectedOnForm(s, error, { verb: 'dispute.decide', auditId: audit.id }) });
      }
    },
  };
}

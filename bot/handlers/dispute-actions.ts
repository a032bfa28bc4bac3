import type { SUMMARY_ACTIONS } from '../../cards/audit-summary.js';
import { inputsOf } from '../../cards/card-ref.js';
import type { DISPUTE_ACTIONS } from '../../cards/dispute.js';
import { mayDispute } from '../../workflow/disputes.js';
import { FIELD } from '../forms/audit-form-inputs.js';
import { decideDispute } from '../../workflow/use-cases/decide-dispute.js';
import { disputeGrade } from '../../workflow/use-cases/dispute-grade.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import { openDispute } from '../../workflow/use-cases/open-dispute.js';
import { openDisputeForm } from '../../workflow/use-cases/open-dispute-form.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { auditCard, cardForViewer } from '../views/audit-card-view.js';
import { disputeCard } from '../views/dispute-view.js';
import { summaryCard } from '../views/summary-view.js';

/** The result card's dispute form (TM or SM) and the dispute owner's decision card. */
export function disputeHandlers(s: Services): CardActionHandlers<typeof SUMMARY_ACTIONS & typeof DISPUTE_ACTIONS> {
  return {
    'summary.refresh': async ({ actorId, data }) => cardForViewer(s, await loadAudit(s.audits, s.tenantId, data.auditId), actorId),

    'summary.startDispute': async ({ actorId, data }) => summaryCard(s, await openDisputeForm(s).execute({ tenantId: s.tenantId, auditId: data.auditId, viewerId: actorId }), actorId, { disputing: true }),

    'summary.dispute': async ({ actorId, data, recover }) => {
      const audit = await loadAudit(s.audits, s.tenantId, data.auditId);
      const values = inputsOf(data);
      recover({
        invalid: (e) => summaryCard(s, audit, actorId, { disputing: true, values, errors: e.fields }),
        outOfDate: async (e) => summaryCard(s, await loadAudit(s.audits, s.tenantId, audit.id), actorId, { banner: `Nothing changed: ${e.message}` }),
        // Nobody to decide it, a store failure: the reason typed stays on the card, for someone who may dispute.
        ...(mayDispute(audit, actorId)
          ? {
              refused: (e) => summaryCard(s, audit, actorId, { disputing: true, values, banner: `Not sent: ${e.message}` }),
              unexpected: (banner) => summaryCard(s, audit, actorId, { disputing: true, values, banner }),
            }
          : {}),
      });
      const result = await disputeGrade(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, scope: values[FIELD.dispute.scope] ?? '', reason: values[FIELD.dispute.reason] ?? '' });
      if (!result.alreadyDone) s.kickDelivery();
      return summaryCard(s, result.audit, actorId, { banner: result.alreadyDone ? 'You had already raised this dispute. Nothing changed.' : '✓ Dispute sent. The decision will come to everyone on the audit.' });
    },

    'dispute.refresh': async ({ actorId, data }) => {
      const opened = await openDispute(s).execute({ tenantId: s.tenantId, auditId: data.auditId, disputeId: data.disputeId ?? '', viewerId: actorId });
      return opened.owner ? disputeCard(s, opened.audit, opened.dispute, actorId) : auditCard(s, opened.audit, opened.otherwise!, actorId);
    },

    'dispute.decide': async ({ actorId, data, recover }) => {
      const { audit, dispute, owner } = await openDispute(s).execute({ tenantId: s.tenantId, auditId: data.auditId, disputeId: data.disputeId ?? '', viewerId: actorId });
      const values = inputsOf(data);
      recover({
        invalid: (e) => disputeCard(s, audit, dispute, actorId, { values, errors: e.fields }),
        ...(owner ? { unexpected: (banner: string) => disputeCard(s, audit, dispute, actorId, { values, banner }) } : {}),
      });
      const result = await decideDispute(s).execute({ tenantId: s.tenantId, auditId: audit.id, disputeId: dispute.id, actorId, outcome: values[FIELD.ruling.outcome] ?? '', reason: values[FIELD.ruling.reason] ?? '' });
      if (!result.alreadyDone) s.kickDelivery();
      const decided = result.audit.disputes?.find((d) => d.id === dispute.id) ?? dispute;
      return disputeCard(s, result.audit, decided, actorId, result.alreadyDone ? { banner: 'You had already decided this dispute. Nothing changed.' } : {});
    },
  };
}

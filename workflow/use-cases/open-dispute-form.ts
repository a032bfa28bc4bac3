import type { Audit } from '../audit.js';
import { mayDispute } from '../disputes.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/** The dispute form on the result card, for the audit's team manager or service manager. */
export function openDisputeForm(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId }): Promise<Audit> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (!mayDispute(audit, input.viewerId)) throw new NotPermitted(input.viewerId, 'dispute this audit: only its team manager or service manager can');
      return audit;
    },
  };
}

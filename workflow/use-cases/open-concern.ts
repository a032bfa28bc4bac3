import { rolesOn, type Audit } from '../audit.js';
import { findConcern, mayRaiseConcern } from '../concerns/immediate-concern.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/**
 * A concern's card: without `concernId`, the form to raise one (its reviewer or moderator only); with it, the
 * concern itself (the people it was sent to, and those with a role on the audit).
 */
export function openConcern(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId; concernId?: string }): Promise<Audit> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (input.concernId === undefined) {
        if (!mayRaiseConcern(audit, input.viewerId)) throw new NotPermitted(input.viewerId, `raise a concern about case ${audit.caseRef}`);
        return audit;
      }
      const concern = findConcern(audit, input.concernId);
      const sentTo = concern.recipients.some((r) => r.personId === input.viewerId) || audit.coordinatorId === input.viewerId;
      if (!sentTo && rolesOn(audit, input.viewerId).length === 0) throw new NotPermitted(input.viewerId, `see the concern about case ${audit.caseRef}`);
      return audit;
    },
  };
}

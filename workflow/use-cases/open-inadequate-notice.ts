import { rolesOn, type Audit } from '../audit.js';
import { NotFound, NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/** The written Inadequate notice, for the people it was sent to and those with a role on the audit. */
export function openInadequateNotice(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId }): Promise<Audit> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (!audit.inadequate) throw new NotFound('The notice on this card');
      const recipient = audit.inadequate.recipients.some((r) => r.personId === input.viewerId);
      if (!recipient && rolesOn(audit, input.viewerId).length === 0) throw new NotPermitted(input.viewerId, `see the notice about case ${audit.caseRef}`);
      return audit;
    },
  };
}

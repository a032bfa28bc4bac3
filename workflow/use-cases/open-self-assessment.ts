import { rolesOn, type Audit } from '../audit.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/** The self-assessment card, for the people with a role on the audit (only the practitioner may answer it). */
export function openSelfAssessment(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId }): Promise<Audit> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (rolesOn(audit, input.viewerId).length === 0) throw new NotPermitted(input.viewerId, `see the self-assessment for case ${audit.caseRef}`);
      return audit;
    },
  };
}

import type { Audit } from '../audit.js';
import { canSeeRationale } from '../audit-trail.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/**
 * The family-feedback card (BC-10): for the people with a role on the audit, since it shows the plan's reasons
 * (rationale-level text); only its reviewer may answer it (review/family-feedback.ts).
 */
export function openFamilyFeedback(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId }): Promise<Audit> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (!canSeeRationale(audit, input.viewerId)) throw new NotPermitted(input.viewerId, `see the family feedback for case ${audit.caseRef}`);
      return audit;
    },
  };
}

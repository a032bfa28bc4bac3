import type { Audit } from '../audit.js';
import { canSeeRationale } from '../audit-trail.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/**
 * The partner agencies' input on an audit (by its id, or `partners CR-10421`: the newest audit of the case the viewer
 * has a role on). What partners said is read like the rationale: by role holders only, refused the same way
 * whether or not the case exists.
 */
export function openPartnerInputs(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; viewerId: PersonId } & ({ auditId: string } | { caseRef: string })): Promise<Audit> {
      if ('auditId' in input) {
        const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
        if (!canSeeRationale(audit, input.viewerId)) throw new NotPermitted(input.viewerId, `see the partners' input on case ${audit.caseRef}`);
        return audit;
      }
      const caseRef = input.caseRef.trim().toUpperCase();
      const audits = (await deps.audits.byCaseRef(input.tenantId, caseRef)).sort((a, b) => b.cycle.localeCompare(a.cycle));
      const audit = audits.find((a) => canSeeRationale(a, input.viewerId));
      if (!audit) throw new NotPermitted(input.viewerId, `see the partners' input on case ${caseRef}: you have no role on an audit of it`);
      return audit;
    },
  };
}

import { rolesOn, type Audit } from '../audit.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';

export interface MyAudit {
  readonly audit: Audit;
  readonly myRoles: readonly string[];
}

/** Everything a person has a role on, newest cycle first, withdrawn audits last. */
export function listMyAudits(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; personId: PersonId }): Promise<MyAudit[]> {
      const audits = await deps.audits.forPerson(input.tenantId, input.personId);
      return audits
        .map((audit) => ({ audit, myRoles: rolesOn(audit, input.personId) }))
        .sort(
          (a, b) =>
            Number(a.audit.status === 'withdrawn') - Number(b.audit.status === 'withdrawn') ||
            b.audit.cycle.localeCompare(a.audit.cycle) ||
            a.audit.caseRef.localeCompare(b.audit.caseRef),
        );
    },
  };
}

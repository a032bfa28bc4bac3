import type { Audit } from '../audit.js';
import { mayRaiseConcern } from '../concerns/immediate-concern.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';

/**
 * `concern CR-10421`: the form to raise an immediate concern, from any point in the audit, for the newest audit of
 * the case the viewer reviews or moderates. Refused the same way whether or not the case exists.
 */
export function openConcernForm(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; caseRef: string; viewerId: PersonId }): Promise<Audit> {
      const caseRef = input.caseRef.trim().toUpperCase();
      const audits = (await deps.audits.byCaseRef(input.tenantId, caseRef)).sort((a, b) => b.cycle.localeCompare(a.cycle));
      const audit = audits.find((a) => mayRaiseConcern(a, input.viewerId));
      if (!audit) throw new NotPermitted(input.viewerId, `raise a concern about case ${caseRef}: you do not review or moderate it`);
      return audit;
    },
  };
}

import type { Audit } from '../audit.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { cardChoice, type AuditCardChoice } from './open-audit-card.js';

/**
 * `audit CR-10421`: the newest audit of the case that the viewer has a card for. Refused the same way whether
 * or not the case exists, so the command never reveals what is audited.
 */
export function openCase(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; caseRef: string; viewerId: PersonId }): Promise<{ audit: Audit; choice: AuditCardChoice }> {
      const caseRef = input.caseRef.trim().toUpperCase();
      const audits = (await deps.audits.byCaseRef(input.tenantId, caseRef)).sort((a, b) => b.cycle.localeCompare(a.cycle));
      for (const audit of audits) {
        const choice = cardChoice(audit, input.viewerId);
        if (choice) return { audit, choice };
      }
      throw new NotPermitted(input.viewerId, `open case ${caseRef}: you have no role on an audit of it`);
    },
  };
}


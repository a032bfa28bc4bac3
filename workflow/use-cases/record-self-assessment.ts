import { recordSelfAssessment as record } from '../review/self-assessment.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The practitioner answers (or changes) their self-assessment before the meeting. */
export function recordSelfAssessment(deps: { audits: Audits; clock: Clock }) {
  return {
    execute(input: { tenantId: string; auditId: string; actorId: PersonId; difference: string; discuss: string }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => record(c, input.actorId, input, at));
    },
  };
}

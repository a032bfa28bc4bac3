import { recordAssurance as record } from '../chasing/inadequate.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The service manager records their assurance about the child's safety and what is in place (Sandwell). */
export function recordAssurance(deps: { audits: Audits; clock: Clock }) {
  return {
    execute(input: { tenantId: string; auditId: string; actorId: PersonId; text: string }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => record(c, input.actorId, input.text, at));
    },
  };
}

import { markDone } from '../chasing/action-lifecycle.js';
import { chaseSoon } from '../chasing/chase-audit.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The owner marks an action done with a short note; it waits for the manager's sign-off (in their digest). */
export function markActionDone(deps: { audits: Audits; clock: Clock }) {
  return {
    execute(input: { tenantId: string; auditId: string; actionId: string; actorId: PersonId; note: string }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => {
        const done = markDone(c, input.actionId, input.actorId, input.note, at);
        return done === c ? c : chaseSoon(done, at);
      });
    },
  };
}

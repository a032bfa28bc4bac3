import { decideMoreTime as decide } from '../chasing/action-lifecycle.js';
import { chaseSoon } from '../chasing/chase-audit.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The manager approves or refuses a request for more time; the owner is told; an approval restarts the clock. */
export function decideMoreTime(deps: { audits: Audits; clock: Clock }) {
  return {
    execute(input: { tenantId: string; auditId: string; actionId: string; requestId: string; actorId: PersonId; approved: boolean }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => {
        const decided = decide(c, input.actionId, input.requestId, input.actorId, input.approved, at);
        return decided === c ? c : chaseSoon(decided, at);
      });
    },
  };
}

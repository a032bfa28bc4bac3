import { signOff } from '../chasing/action-lifecycle.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The manager signs off an action its owner marked done. */
export function signOffAction(deps: { audits: Audits; clock: Clock }) {
  return {
    execute(input: { tenantId: string; auditId: string; actionId: string; actorId: PersonId }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => signOff(c, input.actionId, input.actorId, at));
    },
  };
}

import { nudgeOwner } from '../chasing/action-lifecycle.js';
import { localDate } from '../dates.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The manager's "Nudge owner" from the digest: the owner gets the action card now, at most once a day. */
export function nudgeActionOwner(deps: { audits: Audits; clock: Clock }) {
  return {
    execute(input: { tenantId: string; auditId: string; actionId: string; actorId: PersonId }): Promise<AuditOutcome> {
      const now = deps.clock.now();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => nudgeOwner(c, input.actionId, input.actorId, localDate(now), now.toISOString()));
    },
  };
}

import { requestMoreTime } from '../chasing/action-lifecycle.js';
import { localDate } from '../dates.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Ids } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The owner asks for a later due date with a reason; the request card goes to the manager. */
export function askForMoreTime(deps: { audits: Audits; clock: Clock; ids: Ids; profile: PolicyProfile }) {
  return {
    execute(input: { tenantId: string; auditId: string; actionId: string; actorId: PersonId; dueDate: string; reason: string }): Promise<AuditOutcome> {
      const now = deps.clock.now();
      // Made once, outside the change: a re-run after a write conflict must not make a second request.
      const requestId = deps.ids.next().replace(/[^A-Za-z0-9]/g, '').slice(0, 12);
      const rules = { today: localDate(now), maxWeeks: deps.profile.actions.maxWeeks, remedialActionDays: deps.profile.inadequate.remedialActionDays };
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) =>
        requestMoreTime(c, input.actionId, input.actorId, { dueDate: input.dueDate, reason: input.reason, requestId }, rules, now.toISOString()),
      );
    },
  };
}

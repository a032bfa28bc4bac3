import { snooze } from '../chasing/action-lifecycle.js';
import { chaseSettings } from '../chasing/chase-settings.js';
import { localDate } from '../dates.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The owner snoozes an action's nudges for one working day (the profile's limit, two by default). */
export function snoozeAction(deps: { audits: Audits; clock: Clock; profile: PolicyProfile }) {
  return {
    execute(input: { tenantId: string; auditId: string; actionId: string; actorId: PersonId }): Promise<AuditOutcome> {
      const now = deps.clock.now();
      const settings = chaseSettings(deps.profile);
      const rules = { today: localDate(now), limit: settings.snoozeLimit, calendar: settings.calendar };
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => snooze(c, input.actionId, input.actorId, rules, now.toISOString()));
    },
  };
}

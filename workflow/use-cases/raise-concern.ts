import { raiseConcern as raise } from '../concerns/immediate-concern.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Directory } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';
import { chaseSoon } from '../chasing/chase-audit.js';

/** The reviewer or moderator raises an immediate safeguarding concern: it goes at once to the profile's people. */
export function raiseConcern(deps: { audits: Audits; directory: Directory; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: { tenantId: string; auditId: string; actorId: PersonId; reason: string }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      const people = await deps.directory.all(input.tenantId);
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => {
        const next = raise(c, input.actorId, input.reason, { profile: deps.profile, people, at });
        return next === c ? c : chaseSoon(next, at);
      });
    },
  };
}

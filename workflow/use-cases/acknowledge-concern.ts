import { acknowledgeConcern as acknowledge } from '../concerns/immediate-concern.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** A person the concern was sent to acknowledges it. */
export function acknowledgeConcern(deps: { audits: Audits; clock: Clock }) {
  return {
    execute(input: { tenantId: string; auditId: string; concernId: string; actorId: PersonId }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => acknowledge(c, input.concernId, input.actorId, at));
    },
  };
}

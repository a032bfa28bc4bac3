import { acknowledgeNotice } from '../chasing/inadequate.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** A recipient of the written Inadequate notice acknowledges it. */
export function acknowledgeInadequateNotice(deps: { audits: Audits; clock: Clock }) {
  return {
    execute(input: { tenantId: string; auditId: string; actorId: PersonId }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => acknowledgeNotice(c, input.actorId, at));
    },
  };
}

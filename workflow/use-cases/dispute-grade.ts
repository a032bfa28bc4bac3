import { findDisputeOwner, isSameOpenDispute, raiseDispute } from '../disputes.js';
import { NotFound } from '../errors.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Directory } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';

export interface DisputeGradeInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly actorId: PersonId;
  /** A domain id or `overall` (field `dispute.scope`). */
  readonly scope: string;
  /** Field `dispute.reason`. */
  readonly reason: string;
}

/**
 * From the result: the case's team manager or service manager disputes a moderated grade, with a reason.
 * The audit becomes `disputed` and the profile's dispute owner (a QA head of service, or a head of service —
 * preferably the service manager's line manager) gets the decision card. One open dispute at a time; the same
 * dispute submitted twice is `alreadyDone`.
 */
export function disputeGrade(deps: { audits: Audits; directory: Directory; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: DisputeGradeInput): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      const before = await deps.audits.get(input.tenantId, input.auditId);
      if (!before) throw new NotFound(`Audit ${input.auditId}`);
      const owner = findDisputeOwner(deps.profile, before, await deps.directory.all(input.tenantId), input.actorId);
      let alreadyDone = false;
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        alreadyDone = isSameOpenDispute(current, input.actorId, input.scope.trim(), input.reason);
        if (alreadyDone) return current;
        return raiseDispute(
          current,
          input.actorId,
          { scope: input.scope, reason: input.reason },
          { role: deps.profile.moderation.disputeOwner, ...(owner ? { id: owner.id } : {}) },
          at,
        );
      });
      return { audit, alreadyDone };
    },
  };
}

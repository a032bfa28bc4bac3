import { applyDisputeDecision } from '../disputes.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Directory } from '../ports.js';
import { chaseSoon } from '../chasing/chase-audit.js';
import { followOverallGrade, isInadequate, overallGrade } from '../chasing/inadequate.js';
import { withdrawReaudit } from '../chasing/reaudit.js';
import type { AuditOutcome } from './audit-outcome.js';

export interface DecideDisputeInput {
  readonly tenantId: string;
  readonly auditId: string;
  /** The dispute the card was sent for (`d1`, …). */
  readonly disputeId: string;
  readonly actorId: PersonId;
  /** Field `ruling.outcome`: 'uphold' or the grade that should stand. */
  readonly outcome: string;
  /** Field `ruling.reason`. */
  readonly reason: string;
}

/**
 * The dispute owner decides: uphold the moderated grade, or change it, with a reason. The decision is final,
 * recorded in the history, and sent to everyone on the audit; the audit is finalised again. Only the person
 * the dispute was sent to; deciding again is `alreadyDone`.
 */
export function decideDispute(deps: { audits: Audits; clock: Clock; directory: Directory; profile: PolicyProfile }) {
  return {
    async execute(input: DecideDisputeInput): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      const people = await deps.directory.all(input.tenantId);
      let alreadyDone = false;
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        const dispute = current.disputes?.find((d) => d.id === input.disputeId);
        alreadyDone = dispute?.decision !== undefined && dispute.ownerId === input.actorId;
        if (alreadyDone) return current;
        const decided = applyDisputeDecision(current, input.actorId, { disputeId: input.disputeId, outcome: input.outcome, reason: input.reason }, at);
        // A decision that makes the overall grade Inadequate starts the pathway; one away from it stops its clocks.
        return chaseSoon(followOverallGrade(decided, { profile: deps.profile, people, at, by: input.actorId, how: 'dispute' }), at);
      });
      // A scheduled re-audit is withdrawn at once (the chase sweep would withdraw it on its date anyway, after a crash here).
      const reaudit = audit.inadequate?.reaudit;
      if (!alreadyDone && reaudit && !isInadequate(audit)) {
        await deps.audits.update(input.tenantId, reaudit.auditId, (c) => withdrawReaudit(c, overallGrade(audit), at));
      }
      return { audit, alreadyDone };
    },
  };
}

import { chaseSoon } from '../chasing/chase-audit.js';
import { localDate } from '../dates.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock } from '../ports.js';
import { answerFeedbackPlan, type FamilyFeedbackAnswer } from '../review/family-feedback.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';
import { loadAudit } from './load-audit.js';

/**
 * The reviewer answers their plan to obtain family feedback (BC-10): what the child and family said, or that it is
 * still not possible, why, and a new date (within the profile's action limit, `actions.maxWeeks`). Only the
 * reviewer, checked before anything else; only while the plan is open (review/family-feedback.ts). A new date is
 * chased afresh, so the sweep is asked to look at the audit again.
 */
export function recordFamilyFeedback(deps: { audits: Audits; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: { tenantId: string; auditId: string; actorId: PersonId; answer: FamilyFeedbackAnswer }): Promise<AuditOutcome> {
      const current = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (current.reviewerId !== input.actorId) throw new NotPermitted(input.actorId, `record family feedback for case ${current.caseRef}: its reviewer does`);
      const now = deps.clock.now();
      const at = now.toISOString();
      const ctx = { today: localDate(now), maxWeeks: deps.profile.actions.maxWeeks, at };
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => {
        const next = answerFeedbackPlan(c, input.actorId, input.answer, ctx);
        return next === c ? c : chaseSoon(next, at);
      });
    },
  };
}

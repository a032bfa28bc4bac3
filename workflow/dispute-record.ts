import type { ScopeId } from './audit-tools/audit-tool.js';
import type { Grade } from './grades.js';
import type { PersonId } from './people.js';
import type { PolicyProfile } from './policy/profile.js';

/**
 * A dispute of a moderated grade. The team or service manager raises it from the result card with a reason;
 * the profile's dispute owner (QA Head of Service, or Head of Service) decides — uphold, or change the grade —
 * with a reason. The decision is final and goes to everyone on the audit.
 */
export interface Dispute {
  /** `d1`, `d2`, … in the order raised. */
  readonly id: string;
  readonly scope: ScopeId;
  /** The grade that stood when it was disputed. */
  readonly disputedGrade: Grade;
  readonly raisedBy: PersonId;
  readonly raisedAt: string;
  readonly reason: string;
  readonly ownerId: PersonId;
  readonly ownerRole: PolicyProfile['moderation']['disputeOwner'];
  readonly decision?: DisputeDecision;
}

export interface DisputeDecision {
  readonly outcome: 'upheld' | 'changed';
  /** The grade that stands after the decision (the disputed one when upheld). */
  readonly grade: Grade;
  readonly reason: string;
  readonly by: PersonId;
  readonly at: string;
}

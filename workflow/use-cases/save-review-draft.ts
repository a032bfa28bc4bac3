import { toolFor } from '../audit-tools/tools.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock } from '../ports.js';
import type { ReviewDraft } from '../review/draft.js';
import { withReviewDraft } from '../review/review.js';
import type { AuditOutcome } from './audit-outcome.js';

export interface SaveReviewDraftInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly actorId: PersonId;
  /** Exactly as typed (see review/fields.ts `reviewDraftFromFields`). */
  readonly draft: ReviewDraft;
}

/**
 * Save draft: keeps the reviewer's partial work, exactly as typed, so the next opening of the card on any device
 * shows it. Only the allocated reviewer; only while accepted, meeting booked or in review. The first save
 * moves the audit to `inReview` and records the audit tool. Text over the limits → InvalidInput (nothing saved).
 * `alreadyDone` when the same draft was already saved.
 */
export function saveReviewDraft(deps: { audits: Audits; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: SaveReviewDraftInput): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      let alreadyDone = false;
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        const next = withReviewDraft(current, input.actorId, input.draft, toolFor(current, deps.profile), at);
        alreadyDone = next === current;
        return next;
      });
      return { audit, alreadyDone };
    },
  };
}

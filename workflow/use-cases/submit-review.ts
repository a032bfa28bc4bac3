import { requireStatus, type Audit } from '../audit.js';
import { OVERALL } from '../audit-tools/audit-tool.js';
import { toolFor } from '../audit-tools/tools.js';
import { localDate } from '../dates.js';
import { InvalidInput, NotFound } from '../errors.js';
import { assignModerator } from '../moderation/assign-moderator.js';
import { routeForModeration } from '../moderation/moderation.js';
import { decideSampling, needsDraw } from '../moderation/sampling.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Cycles, Directory } from '../ports.js';
import { reviewDraftShapeProblems, type ReviewDraft } from '../review/draft.js';
import { recordSubmission, requireAllocatedReviewer, REVIEWABLE, withReviewDraft } from '../review/review.js';
import { validateReview } from '../review/validate.js';
import { meetingGate } from '../review/meeting-gate.js';
import type { AuditOutcome } from './audit-outcome.js';
import { chaseSoon } from '../chasing/chase-audit.js';
import { followSubmittedGrade } from '../chasing/inadequate.js';

export interface SubmitReviewInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly actorId: PersonId;
  /** Everything on the card, exactly as typed. */
  readonly draft: ReviewDraft;
}

/** Submitted by this reviewer already: a second click or a retried invoke. */
function submittedBy(audit: Audit, actorId: PersonId): boolean {
  return audit.review?.submitted !== undefined && audit.reviewerId === actorId;
}

/**
 * Submit: validates everything (validateReview) and, on any problem, saves the draft exactly as typed and
 * throws InvalidInput naming every problem by field id — nothing is submitted half-way. When valid, in one
 * write: the review is recorded (status `submitted`), the sampling rule decides (recorded with its reason), and
 * the audit either goes to its moderator (`awaitingModeration`, moderation card enqueued, month-end due date,
 * urgent for Inadequate) or is finalised (result cards to practitioner, TM and reviewer).
 */
export function submitReview(deps: { audits: Audits; directory: Directory; cycles: Cycles; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: SubmitReviewInput): Promise<AuditOutcome> {
      const { tenantId, auditId, actorId, draft } = input;
      const now = deps.clock.now();
      const at = now.toISOString();
      const today = localDate(now);
      const current = await deps.audits.get(tenantId, auditId);
      if (!current) throw new NotFound(`Audit ${auditId}`);
      if (submittedBy(current, actorId)) return { audit: current, alreadyDone: true };
      requireAllocatedReviewer(current, actorId, 'submit an audit allocated to someone else');
      requireStatus(current, REVIEWABLE, 'submitted');

      const tool = toolFor(current, deps.profile);
      const people = await deps.directory.all(tenantId);
      const check = validateReview(draft, {
        tool,
        today,
        maxWeeks: deps.profile.actions.maxWeeks,
        remedialActionDays: deps.profile.inadequate.remedialActionDays,
        remedialActions: deps.profile.inadequate.remedialActions,
        people,
        meeting: meetingGate(current, deps.profile, now),
      });
      if (!check.ok) {
        // Keep what was typed, so the next opening shows it — unless it is too long to keep.
        if (Object.keys(reviewDraftShapeProblems(draft, tool)).length === 0) {
          await deps.audits.update(tenantId, auditId, (c) => withReviewDraft(c, actorId, draft, toolFor(c, deps.profile), at));
        }
        throw new InvalidInput(check.problems);
      }

      const overall = check.review.grades[OVERALL]!.grade;
      const draw = needsDraw(deps.profile) ? await deps.cycles.nextSubmission(tenantId, current.cycle, current.id) : undefined;
      const sampling = decideSampling(deps.profile, overall, draw);
      const moderator = sampling.sampled
        ? assignModerator(current, deps.profile, people, await deps.audits.forCycle(tenantId, current.cycle))
        : undefined;

      let alreadyDone = false;
      const audit = await deps.audits.update(tenantId, auditId, (c) => {
        alreadyDone = submittedBy(c, actorId);
        if (alreadyDone) return c;
        const submitted = recordSubmission(c, actorId, check.review, tool, at);
        const routed = routeForModeration(submitted, { by: actorId, sampling, moderator, profile: deps.profile, today, at });
        return chaseSoon(followSubmittedGrade(routed, { profile: deps.profile, people, at }), at);
      });
      return { audit, alreadyDone };
    },
  };
}

/** Shared set-up for the review, moderation and dispute use-case tests. */
import { auditId, type Audit } from '../../workflow/audit.js';
import type { DomainError } from '../../workflow/errors.js';
import type { ModerationDraft } from '../../workflow/moderation/moderation.js';
import type { PersonId } from '../../workflow/people.js';
import type { ReviewDraft } from '../../workflow/review/draft.js';
import { decideDispute } from '../../workflow/use-cases/decide-dispute.js';
import { disputeGrade } from '../../workflow/use-cases/dispute-grade.js';
import { moderateAudit } from '../../workflow/use-cases/moderate-audit.js';
import { readAuditHistory } from '../../workflow/use-cases/read-audit-history.js';
import { saveModerationDraft } from '../../workflow/use-cases/save-moderation-draft.js';
import { saveReviewDraft } from '../../workflow/use-cases/save-review-draft.js';
import { submitReview } from '../../workflow/use-cases/submit-review.js';
import { anAudit, aReviewDraft, aWorld, cast, fullCastList, TENANT, type WorldOptions } from '../fakes/index.js';

export const CYCLE = '2026-12';
export const ID = auditId(CYCLE, 'CR-1001');

/** A world with the QA cast, an accepted audit CR-1001 (unless `audits` are given) and every use case of issue 3. */
export function setup(options: WorldOptions & { audits?: Audit[] } = {}) {
  const w = aWorld({ people: fullCastList, ...options });
  w.audits.seed(...(options.audits ?? [anAudit().accepted().build()]));
  const base = { tenantId: TENANT, auditId: ID };
  const uc = {
    save: saveReviewDraft(w),
    submit: submitReview(w),
    saveModeration: saveModerationDraft(w),
    moderate: moderateAudit(w),
    dispute: disputeGrade(w),
    decide: decideDispute(w),
    history: readAuditHistory(w),
  };
  return {
    ...w,
    ...uc,
    stored: (id = ID) => w.audits.peek(TENANT, id),
    saveAs: (actorId: PersonId, draft: ReviewDraft, id = ID) => uc.save.execute({ ...base, auditId: id, actorId, draft }),
    /** By default the builder's valid review, graded on the profile's tool (West Sussex v1 unless the profile says otherwise). */
    submitAs: (actorId: PersonId, draft: ReviewDraft = aReviewDraft().forTool(w.profile.auditTool).build(), id = ID) => uc.submit.execute({ ...base, auditId: id, actorId, draft }),
    moderateAs: (actorId: PersonId, draft: ModerationDraft, id = ID) => uc.moderate.execute({ ...base, auditId: id, actorId, draft }),
    saveModerationAs: (actorId: PersonId, draft: ModerationDraft, id = ID) => uc.saveModeration.execute({ ...base, auditId: id, actorId, draft }),
    disputeAs: (actorId: PersonId, scope: string, reason: string, id = ID) => uc.dispute.execute({ ...base, auditId: id, actorId, scope, reason }),
    decideAs: (actorId: PersonId, outcome: string, reason: string, disputeId = 'd1', id = ID) =>
      uc.decide.execute({ ...base, auditId: id, actorId, disputeId, outcome, reason }),
  };
}

export type Flow = ReturnType<typeof setup>;

/** Submits the default review as the allocated reviewer; returns the moderator it was given. */
export async function submitted(f: Flow, draft: ReviewDraft = aReviewDraft().forTool(f.profile.auditTool).build()): Promise<PersonId> {
  const { audit } = await f.submitAs(cast.reviewer.id, draft);
  if (!audit.moderatorId) throw new Error(`expected a moderator, status ${audit.status}`);
  return audit.moderatorId;
}

/** The error a promise rejects with (failing the test if it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the action to fail, but it succeeded');
}

/** "kind → to" for each outbox message, compact to assert on. */
export const outboxOf = (audit: Audit) => audit.outbox.map((m) => `${m.kind} → ${m.to}`);

/** The events of the history after the first `skip` entries. */
export const eventsOf = (audit: Audit, skip = 0) => audit.history.slice(skip).map((h) => h.event);

import type { AuditAction } from '../actions.js';
import { requireStatus, type Audit, type GradeRecord, type HistoryEntry } from '../audit.js';
import { scopeLabel, scopesOf, type AuditToolSnapshot, type ScopeId } from '../audit-tools/audit-tool.js';
import { InvalidInput, NotPermitted } from '../errors.js';
import { GRADE_LABELS } from '../grades.js';
import { sameJson } from '../json.js';
import type { PersonId } from '../people.js';
import { normaliseReviewDraft, reviewDraftShapeProblems, type ReviewDraft } from './draft.js';
import type { ValidReview } from './validate.js';

/** Statuses in which the reviewer may write (and submit) their record. */
export const REVIEWABLE: readonly Audit['status'][] = ['accepted', 'meetingBooked', 'inReview'];

export function requireAllocatedReviewer(audit: Audit, actorId: PersonId, action: string): void {
  if (audit.reviewerId !== actorId) throw new NotPermitted(actorId, action);
}

/**
 * Keeps the reviewer's draft exactly as typed (only the allocated reviewer, only before submission). The first
 * save moves the audit to `inReview` and records the audit tool it is written against. Text over the limits is
 * refused with InvalidInput, never truncated. Saving the same draft again changes nothing.
 */
export function withReviewDraft(audit: Audit, actorId: PersonId, draft: ReviewDraft, tool: AuditToolSnapshot, at: string): Audit {
  requireAllocatedReviewer(audit, actorId, 'edit an audit allocated to someone else');
  requireStatus(audit, REVIEWABLE, 'edited');
  const using = audit.tool ?? tool;
  const problems = reviewDraftShapeProblems(draft, using);
  if (Object.keys(problems).length > 0) throw new InvalidInput(problems);
  const normalised = normaliseReviewDraft(draft, using);
  if (audit.status === 'inReview' && audit.tool && audit.review?.draft && sameJson(audit.review.draft, normalised)) return audit;
  const started: HistoryEntry[] =
    audit.status === 'inReview' ? [] : [{ at, by: actorId, event: 'review started', detail: `audit tool ${using.id} v${using.version}` }];
  return {
    ...audit,
    status: 'inReview',
    tool: using,
    review: { ...audit.review, draft: normalised, draftSavedAt: at },
    history: [...audit.history, ...started],
  };
}

/**
 * Records a validated review: the grades (original = final until moderated), family feedback, good practice
 * and actions; one history entry per grade with its rationale; status `submitted`. The draft is dropped: the
 * submitted record is what the card shows from now on.
 */
export function recordSubmission(audit: Audit, actorId: PersonId, review: ValidReview, tool: AuditToolSnapshot, at: string): Audit {
  requireAllocatedReviewer(audit, actorId, 'submit an audit allocated to someone else');
  requireStatus(audit, REVIEWABLE, 'submitted');
  const using = audit.tool ?? tool;
  const grades: Record<ScopeId, GradeRecord> = {};
  const history: HistoryEntry[] = [...audit.history, { at, by: actorId, event: 'submitted' }];
  for (const scope of scopesOf(using)) {
    const g = review.grades[scope]!;
    grades[scope] = { original: g.grade, final: g.grade };
    history.push({ at, by: actorId, event: 'graded', detail: `${scopeLabel(using, scope)}: ${GRADE_LABELS[g.grade]}`, reason: g.rationale });
  }
  const f = review.familyFeedback;
  history.push(
    !f
      ? { at, by: actorId, event: 'family feedback', detail: 'not recorded (the audit tool does not require it)' }
      : f.obtained
        ? { at, by: actorId, event: 'family feedback', detail: 'obtained', reason: f.summary }
        : { at, by: actorId, event: 'family feedback', detail: `not obtained; to be obtained by ${f.planBy}`, reason: `Why not: ${f.whyNot} Existing feedback: ${f.whereFound} Plan: ${f.plan}` },
  );
  if (review.meetingNotHeld) history.push({ at, by: actorId, event: 'submitted without the meeting', detail: 'the mandatory collaborative meeting did not take place', reason: review.meetingNotHeld });
  const actions: AuditAction[] = review.actions.map((a) => ({
    id: `review-${a.rowId}`,
    source: 'review',
    description: a.description,
    ownerId: a.ownerId,
    dueDate: a.dueDate,
    remedial: a.remedial,
    setBy: actorId,
    setAt: at,
  }));
  for (const a of actions) {
    history.push({ at, by: actorId, event: 'action set', detail: `${a.remedial ? 'remedial: ' : ''}${a.description} (owner ${a.ownerId}, due ${a.dueDate})` });
  }
  return {
    ...audit,
    status: 'submitted',
    tool: using,
    review: {
      submitted: { at, by: actorId, grades: review.grades, ...(review.familyFeedback ? { familyFeedback: review.familyFeedback } : {}), goodPractice: review.goodPractice, ...(review.meetingNotHeld ? { meetingNotHeld: review.meetingNotHeld } : {}) },
    },
    grades,
    actions: [...(audit.actions ?? []), ...actions],
    history,
  };
}

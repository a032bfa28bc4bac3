import { MAX_ACTION_ROWS, ROW_ID, type ActionDraft } from '../actions.js';
import { OVERALL, rationaleMaxOf, type AuditToolSnapshot, type ScopeId } from '../audit-tools/audit-tool.js';
import { withoutUndefined } from '../json.js';
import { PATH, LIMITS, tooLong } from './record-paths.js';
export { EMPTY_REVIEW_DRAFT } from './review-record.js';
export type { FamilyFeedback, FamilyFeedbackDraft, GradeDraft, GradeWithRationale, ReviewDraft, ReviewState, SubmittedReview } from './review-record.js';
import type { GradeDraft, ReviewDraft } from './review-record.js';

/**
 * The draft as it will be stored: only this tool's scopes, no undefined values, strings untouched.
 * Two drafts with the same content normalise to equal objects.
 */
export function normaliseReviewDraft(draft: ReviewDraft, tool: AuditToolSnapshot): ReviewDraft {
  const grades: Record<ScopeId, GradeDraft> = {};
  for (const scope of [...tool.domains.map((d) => d.id), OVERALL]) {
    const g = draft.grades[scope];
    if (!g) continue;
    const entry = withoutUndefined({ grade: g.grade, rationale: g.rationale });
    if (Object.keys(entry).length > 0) grades[scope] = entry;
  }
  const f = draft.familyFeedback;
  return withoutUndefined({
    grades,
    familyFeedback: withoutUndefined({
      obtained: f.obtained,
      summary: f.summary,
      whyNot: f.whyNot,
      whereFound: f.whereFound,
      plan: f.plan,
      planBy: f.planBy,
    }),
    goodPractice: draft.goodPractice,
    meetingNotHeld: draft.meetingNotHeld,
    actions: draft.actions.map((a) => withoutUndefined({ rowId: a.rowId, description: a.description, ownerId: a.ownerId, dueDate: a.dueDate })),
  });
}

/** Length and row problems that stop even a draft being saved (nothing is truncated). */
export function actionRowShapeProblems(rows: readonly ActionDraft[]): Record<string, string> {
  const problems: Record<string, string> = {};
  if (rows.length > MAX_ACTION_ROWS) problems[PATH.actions] = `No more than ${MAX_ACTION_ROWS} actions: remove ${rows.length - MAX_ACTION_ROWS}.`;
  const ids = new Set<string>();
  for (const row of rows) {
    if (!ROW_ID.test(row.rowId) || ids.has(row.rowId)) {
      problems[PATH.actions] = 'The action rows could not be read: open the audit card again.';
      continue;
    }
    ids.add(row.rowId);
    check(problems, PATH.action(row.rowId, 'description'), row.description, LIMITS.actionDescription);
    check(problems, PATH.action(row.rowId, 'ownerId'), row.ownerId, LIMITS.token);
    check(problems, PATH.action(row.rowId, 'dueDate'), row.dueDate, LIMITS.token);
  }
  return problems;
}

export function reviewDraftShapeProblems(draft: ReviewDraft, tool: AuditToolSnapshot): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const scope of [...tool.domains.map((d) => d.id), OVERALL]) {
    check(problems, PATH.grade(scope), draft.grades[scope]?.grade, LIMITS.token);
    check(problems, PATH.rationale(scope), draft.grades[scope]?.rationale, rationaleMaxOf(tool, scope));
  }
  const f = draft.familyFeedback;
  check(problems, PATH.feedback.obtained, f.obtained, LIMITS.token);
  check(problems, PATH.feedback.summary, f.summary, LIMITS.feedbackSummary);
  check(problems, PATH.feedback.whyNot, f.whyNot, LIMITS.feedbackWhyNot);
  check(problems, PATH.feedback.whereFound, f.whereFound, LIMITS.feedbackWhereFound);
  check(problems, PATH.feedback.plan, f.plan, LIMITS.feedbackPlan);
  check(problems, PATH.feedback.planBy, f.planBy, LIMITS.token);
  check(problems, PATH.goodPractice, draft.goodPractice, LIMITS.goodPractice);
  check(problems, PATH.meetingNotHeld, draft.meetingNotHeld, LIMITS.meetingNotHeld);
  return { ...problems, ...actionRowShapeProblems(draft.actions) };
}

function check(problems: Record<string, string>, field: string, value: string | undefined, max: number): void {
  const length = value?.length ?? 0;
  if (length > max) problems[field] = tooLong(max, length);
}

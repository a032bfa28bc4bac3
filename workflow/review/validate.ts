import { validateActionRows, type ActionRules, type ValidAction } from '../actions.js';
import { limitsOf, OVERALL, scopeName, scopesOf, type AuditToolSnapshot, type ScopeId } from '../audit-tools/audit-tool.js';
import { formatShortDate, isIsoDate } from '../dates.js';
import { isGrade } from '../grades.js';
import type { FamilyFeedback, GradeWithRationale, ReviewDraft } from './draft.js';
import { reviewDraftShapeProblems } from './draft.js';
import { ACTION_PATHS, PATH } from './record-paths.js';
import type { MeetingGate } from './meeting-gate.js';

export interface ReviewContext extends ActionRules {
  readonly tool: AuditToolSnapshot;
  /** Where the profile makes the collaborative meeting mandatory: whether it has taken place. */
  readonly meeting?: MeetingGate;
}

/** The reviewer's record, validated and trimmed, ready to be submitted. */
export interface ValidReview {
  readonly grades: Readonly<Record<ScopeId, GradeWithRationale>>;
  /** Absent only where the audit tool does not require family feedback and the section was left blank. */
  readonly familyFeedback?: FamilyFeedback;
  readonly goodPractice: string;
  readonly meetingNotHeld?: string;
  readonly actions: readonly ValidAction[];
}

export type ReviewValidation =
  | { readonly ok: true; readonly review: ValidReview }
  | { readonly ok: false; readonly problems: Readonly<Record<string, string>> };

/**
 * Every rule for submitting an audit, all at once, each problem keyed by its field id (review/fields.ts):
 * - each domain and the overall grade: a grade from the scale and a rationale (overall: the impact on the child);
 * - family feedback: obtained (with a summary), or not — then why, where existing feedback was found, and what
 *   will be done to obtain it by a date in the future (the BCP rule); where the tool does not require it
 *   (`limits.required.familyFeedback`), a section left blank is fine, but one begun is held to the same rule;
 * - good practice, where the tool requires it (`limits.required.goodPractice`);
 * - actions: description, an owner in the directory, a due date from today to `maxWeeks` weeks ahead;
 *   with an overall Inadequate, at least one due within `remedialActionDays` days;
 * - where the meeting is mandatory and has not taken place: why it could not (WS-04);
 * - nothing longer than the limits (a rationale: the tool's `limits`), no more than MAX_ACTION_ROWS rows.
 * The limits and required fields are the audit's tool's: the snapshot it was started with, so a new version of
 * the tool never changes what an audit in flight is held to.
 */
export function validateReview(draft: ReviewDraft, context: ReviewContext): ReviewValidation {
  const { tool } = context;
  const required = limitsOf(tool).required;
  const problems: Record<string, string> = {};
  const grades: Record<ScopeId, GradeWithRationale> = {};

  for (const scope of scopesOf(tool)) {
    const entry = draft.grades[scope];
    const grade = (entry?.grade ?? '').trim();
    const rationale = (entry?.rationale ?? '').trim();
    const name = scopeName(tool, scope);
    if (!grade) problems[PATH.grade(scope)] = scope === OVERALL ? 'Choose the overall grade.' : `Choose a grade for ${name}.`;
    else if (!isGrade(grade)) problems[PATH.grade(scope)] = `Choose a grade for ${name} from the list.`;
    if (!rationale) {
      problems[PATH.rationale(scope)] =
        scope === OVERALL ? 'Rationale for the overall grade is required: say what the impact is on the child.' : `Rationale for ${name} is required.`;
    }
    if (isGrade(grade) && rationale) grades[scope] = { grade, rationale };
  }

  const familyFeedback = required.familyFeedback || !isBlank(draft.familyFeedback) ? validateFamilyFeedback(draft, context.today, problems) : undefined;
  const goodPractice = (draft.goodPractice ?? '').trim();
  if (required.goodPractice && !goodPractice) problems[PATH.goodPractice] = 'Name the good practice seen: what went well for the child.';
  const meetingNotHeld = context.meeting?.required && !context.meeting.held ? (draft.meetingNotHeld ?? '').trim() : '';
  if (context.meeting?.required && !context.meeting.held && !meetingNotHeld) {
    problems[PATH.meetingNotHeld] = 'The collaborative meeting must take place before the audit is submitted. It has not yet: submit after it, or say why it could not take place.';
  }

  const overall = (draft.grades[OVERALL]?.grade ?? '').trim();
  const actions = validateActionRows(draft.actions, context, ACTION_PATHS, { required: overall === 'inadequate' });
  Object.assign(problems, actions.problems);
  // Length problems last, so "too long" wins over "required" for the same field.
  Object.assign(problems, reviewDraftShapeProblems(draft, tool));

  if (Object.keys(problems).length > 0 || (required.familyFeedback && !familyFeedback)) return { ok: false, problems };
  return { ok: true, review: { grades, ...(familyFeedback ? { familyFeedback } : {}), goodPractice, ...(meetingNotHeld ? { meetingNotHeld } : {}), actions: actions.actions } };
}

/** Nothing typed in the family-feedback section. */
function isBlank(f: ReviewDraft['familyFeedback']): boolean {
  return Object.values(f).every((v) => (v ?? '').trim() === '');
}

function validateFamilyFeedback(draft: ReviewDraft, today: string, problems: Record<string, string>): FamilyFeedback | undefined {
  const f = draft.familyFeedback;
  const F = PATH.feedback;
  const obtained = (f.obtained ?? '').trim();
  const value = (s: string | undefined) => (s ?? '').trim();
  if (obtained === 'yes') {
    const summary = value(f.summary);
    if (!summary) {
      problems[F.summary] = "Summarise the child's or family's feedback.";
      return undefined;
    }
    return { obtained: true, summary };
  }
  if (obtained === 'no') {
    const whyNot = value(f.whyNot);
    const whereFound = value(f.whereFound);
    const plan = value(f.plan);
    const planBy = value(f.planBy);
    const before = Object.keys(problems).length;
    if (!whyNot) problems[F.whyNot] = 'Say why family feedback could not be obtained.';
    if (!whereFound) problems[F.whereFound] = 'Say where in the record existing feedback was found (or that none was).';
    if (!plan) problems[F.plan] = 'Say what will be done to obtain family feedback.';
    if (!planBy) problems[F.planBy] = 'Say by when family feedback will be obtained.';
    else if (!isIsoDate(planBy)) problems[F.planBy] = 'The date must be a date, like 2026-12-24.';
    else if (planBy <= today) problems[F.planBy] = `The date must be in the future (after ${formatShortDate(today)}).`;
    if (Object.keys(problems).length > before) return undefined;
    return { obtained: false, whyNot, whereFound, plan, planBy };
  }
  problems[F.obtained] = obtained ? 'Answer yes or no: was family feedback obtained?' : 'Say whether family feedback was obtained.';
  return undefined;
}

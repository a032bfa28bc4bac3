import template from './review.json' with { type: 'json' };
import { cardActions, FormData, type AuditRef } from './card-ref.js';
import { LIMITS } from '../workflow/review/record-paths.js';
import { bindGuide, optionalGuide, withGuidanceThatFits, type GuideView } from './guide.js';
import { expand, type AdaptiveCard } from './template.js';

export const REVIEW_ACTIONS = cardActions(['review.refresh', 'review.save', 'review.submit', 'review.addAction', 'review.removeAction'], FormData, { family: 'review', id: 'auditId' });
export type ReviewVerb = keyof typeof REVIEW_ACTIONS;

/** One graded row: a practice domain, or the overall grade. Input ids come from the domain's field scheme. */
export interface GradeRow {
  readonly label: string;
  readonly hint?: string;
  readonly gradeInput: string;
  readonly grade: string;
  readonly gradeError?: string;
  readonly rationaleInput: string;
  readonly rationale: string;
  readonly rationalePrompt: string;
  /** The audit tool's limit for this row's rationale. */
  readonly rationaleMax: number;
  readonly rationaleError?: string;
  /** The tool's "what good looks like" for this row, behind a toggle; absent when the tool has none. */
  readonly guide?: GuideView;
}

export interface FeedbackView {
  /** False where the audit tool does not require family feedback: the section says it is optional. */
  readonly required?: boolean;
  readonly obtainedInput: string;
  readonly obtained: string;
  readonly obtainedError?: string;
  readonly summaryInput: string;
  readonly summary: string;
  readonly summaryError?: string;
  readonly whyNotInput: string;
  readonly whyNot: string;
  readonly whyNotError?: string;
  readonly whereFoundInput: string;
  readonly whereFound: string;
  readonly whereFoundError?: string;
  readonly planInput: string;
  readonly plan: string;
  readonly planError?: string;
  readonly planByInput: string;
  readonly planBy: string;
  readonly planByError?: string;
}

export interface ActionRowView {
  readonly rowId: string;
  readonly descriptionInput: string;
  readonly description: string;
  readonly descriptionError?: string;
  readonly ownerInput: string;
  readonly owner: string;
  readonly ownerError?: string;
  readonly dueInput: string;
  readonly due: string;
  readonly dueError?: string;
}

/** The collaborative meeting, where the profile makes it mandatory: whether it took place, else why not. */
export interface MeetingGateView {
  readonly status: string;
  /** Shown (with the input) only while the meeting has not taken place. */
  readonly askWhyNot: boolean;
  readonly notHeldInput: string;
  readonly notHeld: string;
  readonly notHeldError?: string;
}

/** The practitioner's self-assessment as the reviewer reads it on the form. */
export interface SelfAssessmentView {
  readonly status: string;
  readonly difference?: string;
  readonly discuss?: string;
}

export interface Choice {
  readonly title: string;
  readonly value: string;
}

export interface ReviewCardData {
  readonly caseRef: string;
  /** Partner agencies take part (SCSP): the form says how to record their input. */
  readonly multiAgency?: boolean;
  readonly subtitle: string;
  readonly banner?: string;
  /** Shown at the top when a submit found problems: each is also named next to its field. */
  readonly errorSummary?: string;
  readonly meeting?: MeetingGateView;
  readonly selfAssessment?: SelfAssessmentView;
  readonly grades: readonly GradeRow[];
  readonly gradeChoices: readonly Choice[];
  readonly feedback: FeedbackView;
  readonly goodPracticeInput: string;
  readonly goodPractice: string;
  /** True where the audit tool requires good practice to be named. */
  readonly goodPracticeRequired?: boolean;
  readonly goodPracticeError?: string;
  readonly actionsHint: string;
  readonly actionsError?: string;
  readonly actions: readonly ActionRowView[];
  readonly ownerChoices: readonly Choice[];
  readonly maxActions: number;
  readonly actionMax: number;
  readonly ref: AuditRef & { readonly actionRows: string };
  readonly refreshUserIds: readonly string[];
}

/**
 * The reviewer's audit form. Every input is bound to what was last typed, so no re-render loses work. Each row
 * with guidance gets a "What good looks like" toggle; a form too full to carry all of it sheds guidance first.
 */
export function renderReview(data: ReviewCardData): AdaptiveCard {
  return withGuidanceThatFits(data.grades.some((g) => g.guide), (detail, guideNote) =>
    expand(template, {
      ...data,
      ...(guideNote ? { guideNote } : {}),
      grades: data.grades.map(({ guide, ...row }) => ({ ...row, ...optionalGuide(bindGuide(guide, detail)) })),
      multiAgency: data.multiAgency === true,
      feedbackHeading: data.feedback.required === false ? 'Family feedback (optional)' : 'Family feedback',
      goodPracticeLabel: data.goodPracticeRequired ? 'What went well' : 'What went well (optional)',
      limits: LIMITS,
      action: data.ref,
      canAddAction: data.actions.length < data.maxActions,
      actions: data.actions.map((row, i) => ({ ...row, number: String(i + 1), removeData: { ...data.ref, rowId: row.rowId } })),
    }),
  );
}

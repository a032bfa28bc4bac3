import type { ActionDraft } from '../actions.js';
import type { ScopeId } from '../audit-tools/audit-tool.js';
import type { Grade } from '../grades.js';
import type { PersonId } from '../people.js';

/**
 * The reviewer's record while it is being written. Every value is a string or absent, exactly as typed —
 * partial, even invalid — so saving a draft never loses anything and the next opening shows it all.
 */
export interface GradeDraft {
  readonly grade?: string;
  readonly rationale?: string;
}

export interface FamilyFeedbackDraft {
  /** 'yes' | 'no' */
  readonly obtained?: string;
  readonly summary?: string;
  readonly whyNot?: string;
  readonly whereFound?: string;
  readonly plan?: string;
  /** YYYY-MM-DD */
  readonly planBy?: string;
}

export interface ReviewDraft {
  /** By scope: each domain id of the audit's tool, and `overall`. */
  readonly grades: Readonly<Record<ScopeId, GradeDraft>>;
  readonly familyFeedback: FamilyFeedbackDraft;
  readonly goodPractice?: string;
  /** Why the mandatory collaborative meeting could not take place. */
  readonly meetingNotHeld?: string;
  readonly actions: readonly ActionDraft[];
}

export const EMPTY_REVIEW_DRAFT: ReviewDraft = Object.freeze({ grades: {}, familyFeedback: {}, actions: [] });

/** A grade with its rationale, validated. */
export interface GradeWithRationale {
  readonly grade: Grade;
  readonly rationale: string;
}

export type FamilyFeedback =
  | { readonly obtained: true; readonly summary: string }
  | {
      readonly obtained: false;
      readonly whyNot: string;
      readonly whereFound: string;
      readonly plan: string;
      /** YYYY-MM-DD */
      readonly planBy: string;
    };

/** The reviewer's record as submitted (its actions are on the audit: `Audit.actions`). */
export interface SubmittedReview {
  readonly at: string;
  readonly by: PersonId;
  readonly grades: Readonly<Record<ScopeId, GradeWithRationale>>;
  /** Absent only where the audit's tool does not require family feedback and none was given. */
  readonly familyFeedback?: FamilyFeedback;
  readonly goodPractice: string;
  /** Submitted without the mandatory meeting: why it could not take place. */
  readonly meetingNotHeld?: string;
}

/** The practitioner's self-assessment before the collaborative meeting (West Sussex step 2). */
export interface SelfAssessment {
  readonly at: string;
  readonly by: PersonId;
  /** What difference the practitioner thinks their work has made for the child. */
  readonly difference: string;
  /** What they would like to talk about at the meeting (may be empty). */
  readonly discuss: string;
}

/** The review part of an audit. */
export interface ReviewState {
  readonly draft?: ReviewDraft;
  readonly draftSavedAt?: string;
  readonly submitted?: SubmittedReview;
}

import type { PersonId } from '../people.js';

/** "Still not possible": why, and the new date the reviewer will obtain the family's feedback by. */
export interface FeedbackReplan {
  readonly at: string;
  readonly by: PersonId;
  readonly why: string;
  /** YYYY-MM-DD: the new date. */
  readonly planBy: string;
  /** YYYY-MM-DD: the date it replaces. */
  readonly was: string;
}

/**
 * What follows a review submitted with family feedback not obtained (BC-10): the reviewer's later answers. The plan
 * as submitted (why not, where existing feedback was found, what will be done and by when) stays on the submitted
 * review, never changed; this keeps each new date and, once recorded, what the child and family said.
 */
export interface FamilyFeedbackFollowUp {
  /** Each "still not possible", oldest first. */
  readonly replans: readonly FeedbackReplan[];
  /** The feedback obtained, once recorded: the plan is closed. */
  readonly obtained?: { readonly at: string; readonly by: PersonId; readonly said: string };
}

/**
 * Paths to the parts of an audit's record a person fills in — the one place they are named. A validation
 * problem (`InvalidInput.fields`) is keyed by the path of the part it is about. The cards name each input by
 * the path of the part it edits (bot/forms/), so a problem lands next to its input with no table between them.
 *
 * A "scope" is a domain id from the audit tool (`assessment`, `planning`, `interventionVisiting`, `review`,
 * `managementOversight` in West Sussex v1) or `overall`. Domain ids are camelCase words and row ids are
 * `[A-Za-z0-9-]{1,16}` (`r1`, `r2`, …), so ids never need escaping.
 *
 * The reviewer's record
 *   grade.<scope>              'outstanding' | 'good' | 'requiresImprovement' | 'inadequate'
 *   rationale.<scope>          text (for `overall`: the impact on the child)
 *   feedback.obtained          'yes' | 'no'
 *   feedback.summary           text, when obtained
 *   feedback.whyNot            text, when not obtained: why not
 *   feedback.whereFound        text, when not obtained: where in the record existing feedback was found
 *   feedback.plan              text, when not obtained: what will be done to obtain it
 *   feedback.planBy            YYYY-MM-DD, when not obtained: by when (in the future)
 *   goodPractice               text
 *   meeting.notHeld            text: why the mandatory collaborative meeting could not take place (QA sees it)
 *   action.<rowId>.description text
 *   action.<rowId>.ownerId     person id
 *   action.<rowId>.dueDate     YYYY-MM-DD
 *   actions                    the list as a whole (too many rows; no remedial action for Inadequate)
 *
 * The moderation (the assigned moderator)
 *   decision.<scope>           'agree' | a grade (a change)
 *   reason.<scope>             text; required for a change
 *   action.<rowId>.*, actions  as on the review card (actions the moderator adds)
 *   panel.tookPart             comma-separated person ids: the panel members who took part (a panel's chair only)
 *   panel.reflects             'yes' | 'partly' | 'no': does the audit reflect the quality of practice
 *   panel.learning             text: the learning the worker takes from it
 *
 * A dispute (team or service manager, from the result)
 *   dispute.scope              a scope id
 *   dispute.reason             text
 *
 * A dispute decision (the profile's dispute owner)
 *   ruling.outcome             'uphold' | a grade (a change)
 *   ruling.reason              text
 */
import { ACTION_DESCRIPTION_MAX } from '../actions.js';
import { PRODUCT_RATIONALE_MAX, type ScopeId } from '../audit-tools/audit-tool.js';

export const PATH = {
  grade: (scope: ScopeId) => `grade.${scope}`,
  rationale: (scope: ScopeId) => `rationale.${scope}`,
  feedback: {
    obtained: 'feedback.obtained',
    summary: 'feedback.summary',
    whyNot: 'feedback.whyNot',
    whereFound: 'feedback.whereFound',
    plan: 'feedback.plan',
    planBy: 'feedback.planBy',
  },
  goodPractice: 'goodPractice',
  meetingNotHeld: 'meeting.notHeld',
  action: (rowId: string, part: 'description' | 'ownerId' | 'dueDate') => `action.${rowId}.${part}`,
  actions: 'actions',
  decision: (scope: ScopeId) => `decision.${scope}`,
  reason: (scope: ScopeId) => `reason.${scope}`,
  panel: { tookPart: 'panel.tookPart', reflects: 'panel.reflects', learning: 'panel.learning' },
  dispute: { scope: 'dispute.scope', reason: 'dispute.reason' },
  ruling: { outcome: 'ruling.outcome', reason: 'ruling.reason' },
} as const;

/** The paths of one action row, in the shape `validateActionRows` wants. */
export const ACTION_PATHS = { row: PATH.action, list: PATH.actions } as const;

/** The moderator's choice meaning "I agree with the reviewer's grade". */
export const AGREE = 'agree';
/** The dispute owner's choice meaning "the moderated grade stands". */
export const UPHOLD = 'uphold';

/**
 * Longest text each input may hold. Longer input is refused with InvalidInput (never truncated, so nothing
 * typed is silently lost); the card keeps what was typed. The limits are what lets the largest card (every
 * field full, every error shown) stay under Teams' 28 KB: chat carries the grade's reasons in brief, the
 * full narrative belongs in the child's record (test/cards/audit-cards.test.ts checks the sum).
 */
export const LIMITS = {
  /** The product's longest rationale; each audit tool sets its own, never longer (`limits` in the tool). */
  rationale: PRODUCT_RATIONALE_MAX,
  feedbackSummary: 500,
  feedbackWhyNot: 300,
  feedbackWhereFound: 300,
  feedbackPlan: 300,
  goodPractice: 400,
  meetingNotHeld: 300,
  actionDescription: ACTION_DESCRIPTION_MAX,
  /** A moderator's reason for a change, a dispute's reason and a dispute decision's reason. */
  reason: 500,
  /** A moderation panel's learning for the worker: a few lines, so the panel's section fits on the moderation card. */
  panelLearning: 300,
  /** Choices, ids and dates: nothing legitimate comes near it. */
  token: 100,
} as const;

/** "Keep this under 2000 characters (it has 2412)." */
export function tooLong(max: number, length: number): string {
  return `Keep this under ${max} characters (it has ${length}).`;
}

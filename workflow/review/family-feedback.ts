/**
 * Following up family feedback that could not be obtained (BCP, BC-10: the reviewer records "why this may not be
 * possible … where feedback is present … what measures … and timescale"). The plan and its date are part of the
 * submitted review (validate.ts); this is what happens after: on the plan's date the reviewer is asked, on a card,
 * for the feedback obtained (chasing/family-feedback-chase.ts), and answers with what the child and family said, or
 * that it is still not possible, why, and a new date. Both the original plan and every answer are kept.
 */
import type { Audit, AuditStatus } from '../audit.js';
import { addDays, formatShortDate, isIsoDate, localDate } from '../dates.js';
import { InvalidInput, NotPermitted, StaleCard } from '../errors.js';
import { cancelUnsent } from '../outbox.js';
import type { PersonId } from '../people.js';
import type { FamilyFeedbackFollowUp } from './family-feedback-record.js';
import { LIMITS, tooLong } from './record-paths.js';

/** The card's inputs, named by the part of the record they fill in. */
export const FAMILY_FEEDBACK_PATH = { said: 'familyFeedback.said', why: 'familyFeedback.why', planBy: 'familyFeedback.planBy' } as const;
/** As long as the feedback summary on the review form. */
export const FAMILY_FEEDBACK_SAID_MAX = LIMITS.feedbackSummary;
/** As long as the review form's "why not". */
export const FAMILY_FEEDBACK_WHY_MAX = LIMITS.feedbackWhyNot;
/** How often the date may be moved: the record (and the cards that show it) stay bounded; then the team manager decides. */
export const FAMILY_FEEDBACK_REPLANS_MAX = 3;

const AFTER_SUBMISSION: readonly AuditStatus[] = ['submitted', 'awaitingModeration', 'moderated', 'finalised', 'disputed'];

export interface FeedbackPlan {
  /** YYYY-MM-DD: the date it is due now (the latest "still not possible" date, else the one submitted). */
  readonly planBy: string;
  /** How often the date has been moved. */
  readonly replans: number;
}

/**
 * The reviewer's plan to obtain family feedback, while it is open: the review was submitted with feedback not
 * obtained, the audit has not been withdrawn, and no feedback has been recorded since.
 */
export function openFeedbackPlan(audit: Audit): FeedbackPlan | undefined {
  const feedback = audit.review?.submitted?.familyFeedback;
  if (!feedback || feedback.obtained || !AFTER_SUBMISSION.includes(audit.status)) return undefined;
  const followUp = audit.familyFeedbackFollowUp;
  if (followUp?.obtained) return undefined;
  const replans = followUp?.replans ?? [];
  return { planBy: replans.at(-1)?.planBy ?? feedback.planBy, replans: replans.length };
}

/** Only the reviewer answers, and only while the plan is open. */
export function mayAnswerFeedbackPlan(audit: Audit, personId: PersonId): boolean {
  return audit.reviewerId === personId && openFeedbackPlan(audit) !== undefined;
}

/** The reviewer's card on the plan's date. */
export const feedbackRequestKey = (audit: Pick<Audit, 'id'>, planBy: string) => `family-feedback:${audit.id}:${planBy}`;
/** The team manager's alert when it is still not recorded some working days later. */
export const feedbackOverdueKey = (audit: Pick<Audit, 'id'>, planBy: string) => `family-feedback-overdue:${audit.id}:${planBy}`;

export type FamilyFeedbackAnswer =
  | { readonly kind: 'obtained'; readonly said: string }
  | { readonly kind: 'stillNotPossible'; readonly why: string; readonly planBy: string };

/**
 * The reviewer answers the plan: what the child and family said (closes it), or that it is still not possible, why,
 * and a new date (in the future, within `maxWeeks` weeks, at most FAMILY_FEEDBACK_REPLANS_MAX times). The same answer
 * again (a second click, a retried invoke) changes nothing. Each answer is in the history, with who and when;
 * a message for the old date not yet shown is cancelled.
 */
export function answerFeedbackPlan(audit: Audit, actorId: PersonId, answer: FamilyFeedbackAnswer, ctx: { today: string; maxWeeks: number; at: string }): Audit {
  if (audit.reviewerId !== actorId) throw new NotPermitted(actorId, `record family feedback for case ${audit.caseRef}: its reviewer does`);
  const followUp: FamilyFeedbackFollowUp = audit.familyFeedbackFollowUp ?? { replans: [] };
  const said = answer.kind === 'obtained' ? answer.said.trim() : '';
  if (followUp.obtained) {
    if (answer.kind === 'obtained' && followUp.obtained.said === said) return audit;
    throw new StaleCard(`Nothing changed: the family's feedback on case ${audit.caseRef} was already recorded on ${formatShortDate(localDate(new Date(followUp.obtained.at)))}. Add anything new to the child's record.`);
  }
  const last = followUp.replans.at(-1);
  if (answer.kind === 'stillNotPossible' && last && last.why === answer.why.trim() && last.planBy === answer.planBy.trim()) return audit;
  const plan = openFeedbackPlan(audit);
  if (!plan) throw new StaleCard(`Nothing changed: there is no open plan to obtain family feedback on case ${audit.caseRef}.`);

  const P = FAMILY_FEEDBACK_PATH;
  const problems: Record<string, string> = {};
  let next: Audit;
  if (answer.kind === 'obtained') {
    if (!said) problems[P.said] = 'Say what the child and family said. If it is still not possible, use "Still not possible" below.';
    else if (said.length > FAMILY_FEEDBACK_SAID_MAX) problems[P.said] = tooLong(FAMILY_FEEDBACK_SAID_MAX, said.length);
    if (Object.keys(problems).length > 0) throw new InvalidInput(problems);
    next = {
      ...audit,
      familyFeedbackFollowUp: { ...followUp, obtained: { at: ctx.at, by: actorId, said } },
      history: [...audit.history, { at: ctx.at, by: actorId, event: 'family feedback recorded', detail: `planned by ${plan.planBy}`, reason: said }],
    };
  } else {
    const why = answer.why.trim();
    const planBy = answer.planBy.trim();
    const latest = addDays(ctx.today, ctx.maxWeeks * 7);
    if (!why) problems[P.why] = 'Say why family feedback is still not possible.';
    else if (why.length > FAMILY_FEEDBACK_WHY_MAX) problems[P.why] = tooLong(FAMILY_FEEDBACK_WHY_MAX, why.length);
    if (plan.replans >= FAMILY_FEEDBACK_REPLANS_MAX) {
      problems[P.planBy] = `The date has been moved ${FAMILY_FEEDBACK_REPLANS_MAX} times already: record what the child and family said, or agree with the team manager what happens next.`;
    } else if (!planBy) problems[P.planBy] = 'Say by when family feedback will be obtained now.';
    else if (!isIsoDate(planBy)) problems[P.planBy] = 'The date must be a date, like 2027-01-15.';
    else if (planBy <= ctx.today) problems[P.planBy] = `The date must be in the future (after ${formatShortDate(ctx.today)}).`;
    else if (planBy > latest) problems[P.planBy] = `The date must be within ${ctx.maxWeeks} weeks (by ${formatShortDate(latest)}).`;
    if (Object.keys(problems).length > 0) throw new InvalidInput(problems);
    next = {
      ...audit,
      familyFeedbackFollowUp: { ...followUp, replans: [...followUp.replans, { at: ctx.at, by: actorId, why, planBy, was: plan.planBy }] },
      history: [...audit.history, { at: ctx.at, by: actorId, event: 'family feedback still not possible', detail: `new date ${planBy} (was ${plan.planBy})`, reason: why }],
    };
  }
  // The old date's messages are moot: drop any not yet shown (a card already sent reads the new state when refreshed).
  return cancelUnsent(cancelUnsent(next, feedbackRequestKey(audit, plan.planBy)), feedbackOverdueKey(audit, plan.planBy));
}

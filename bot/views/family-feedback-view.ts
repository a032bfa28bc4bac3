import { renderFamilyFeedback } from '../../cards/family-feedback.js';
import { formatDate, formatDateTime } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { localDate } from '../../workflow/dates.js';
import { FAMILY_FEEDBACK_PATH, FAMILY_FEEDBACK_SAID_MAX, FAMILY_FEEDBACK_WHY_MAX, mayAnswerFeedbackPlan, openFeedbackPlan } from '../../workflow/review/family-feedback.js';
import type { Services } from '../services.js';
import type { FormState } from './review-view.js';
import { optional } from './review-view.js';
import { nameIn, readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';

/**
 * The plan to obtain family feedback, in lines: as submitted (why not, where existing feedback was found, what will
 * be done and by when), then each "still not possible" with its new date. Rationale-level text: only for people
 * with a role on the audit (the card's loader checks; the summary shows it only to them).
 */
export function feedbackPlanLines(v: ViewContext, audit: Audit): string[] {
  const feedback = audit.review?.submitted?.familyFeedback;
  if (!feedback || feedback.obtained) return [];
  const zone = zoneOf(v);
  return [
    `Why it was not possible: ${feedback.whyNot}`,
    `Existing feedback found: ${feedback.whereFound}`,
    `What will be done: ${feedback.plan} (by ${formatDate(feedback.planBy, zone)})`,
    ...(audit.familyFeedbackFollowUp?.replans ?? []).map(
      (r) => `Still not possible (${nameIn(v, r.by)}, ${formatDate(localDate(new Date(r.at)), zone)}): ${r.why} New date: ${formatDate(r.planBy, zone)}.`,
    ),
  ];
}

/** The summary's family-feedback line at its longest: the plan, three new dates and the feedback (test/cards/audit-cards.test.ts). */
export const SUMMARY_FEEDBACK_MAX = 3200;

/**
 * What followed the plan, for the audit summary (BC-10): each "still not possible" with its new date, and the
 * feedback once obtained, with who recorded it and when. Empty when nothing has followed yet.
 */
export function feedbackFollowUpText(v: ViewContext, audit: Audit): string {
  const followUp = audit.familyFeedbackFollowUp;
  if (!followUp) return '';
  const zone = zoneOf(v);
  const on = (at: string) => formatDate(localDate(new Date(at)), zone);
  return [
    ...followUp.replans.map((r) => ` Still not possible (${nameIn(v, r.by)}, ${on(r.at)}): ${r.why} New date: ${formatDate(r.planBy, zone)}.`),
    ...(followUp.obtained ? [` Obtained since (recorded by ${nameIn(v, followUp.obtained.by)} on ${on(followUp.obtained.at)}): ${followUp.obtained.said}`] : []),
  ].join('');
}

/** The family-feedback card: the reviewer's form while the plan is open, else the plan and the answer as recorded. */
export function familyFeedbackView(v: ViewContext, audit: Audit, state: FormState = {}): AdaptiveCard {
  const P = FAMILY_FEEDBACK_PATH;
  const zone = zoneOf(v);
  const plan = openFeedbackPlan(audit);
  const obtained = audit.familyFeedbackFollowUp?.obtained;
  const editable = mayAnswerFeedbackPlan(audit, v.viewerId);
  const today = localDate(v.now, zone);
  const value = (id: string) => state.values?.[id] ?? '';
  const subtitle = obtained
    ? 'The feedback is recorded on the audit.'
    : plan
      ? `${editable ? 'Your' : `${nameIn(v, audit.reviewerId)}'s`} plan is due ${formatDate(plan.planBy, zone)}${plan.replans > 0 ? ` (moved ${plan.replans} time${plan.replans === 1 ? '' : 's'})` : ''}`
      : 'No plan to follow up.';
  const ask =
    plan && plan.planBy <= today
      ? `The date in your plan has come. What did the child and family say about the service they receive?`
      : 'When you have obtained it, record what the child and family said about the service they receive.';
  return renderFamilyFeedback({
    caseRef: audit.caseRef,
    subtitle,
    ...optional('banner', state.banner),
    plan: feedbackPlanLines(v, audit),
    editable,
    ask,
    saidInput: P.said,
    said: value(P.said),
    ...optional('saidError', state.errors?.[P.said]),
    saidMax: FAMILY_FEEDBACK_SAID_MAX,
    whyInput: P.why,
    why: value(P.why),
    ...optional('whyError', state.errors?.[P.why]),
    whyMax: FAMILY_FEEDBACK_WHY_MAX,
    planByInput: P.planBy,
    planBy: value(P.planBy),
    ...optional('planByError', state.errors?.[P.planBy]),
    ...(obtained ? { obtained: obtained.said, recordedBy: `Recorded by ${nameIn(v, obtained.by)} at ${formatDateTime(obtained.at, zone)}` } : {}),
    ref: v.signer.audit('family-feedback', audit.id, audit.round),
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** Reads what the card needs once, then renders it. */
export async function familyFeedbackCard(s: Services, audit: Audit, viewerId: string, state: FormState = {}): Promise<AdaptiveCard> {
  return familyFeedbackView(await readViewContext(s, viewerId), audit, state);
}

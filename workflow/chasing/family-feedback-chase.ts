/**
 * When the plan to obtain family feedback is chased (BC-10): the reviewer on the first working day on or after the
 * plan's date (review/family-feedback.ts), the team manager `familyFeedbackToManagerWorkingDays` working days after
 * it. Pure: chase-audit.ts enqueues the messages and schedules the sweep from these.
 */
import type { Audit } from '../audit.js';
import type { PersonId } from '../people.js';
import { feedbackOverdueKey, feedbackRequestKey, openFeedbackPlan } from '../review/family-feedback.js';
import { addWorkingDays, isWorkingDay, nextWorkingDay } from './bank-holidays.js';
import type { ChaseSettings } from './chase-settings.js';

/** The days the plan due on `planBy` is chased: the reviewer is asked, then the manager is told. */
export function feedbackPlanDays(planBy: string, settings: ChaseSettings): { askOn: string; managerOn: string } {
  return {
    askOn: isWorkingDay(planBy, settings.calendar) ? planBy : nextWorkingDay(planBy, settings.calendar),
    managerOn: addWorkingDays(planBy, settings.familyFeedbackToManagerWorkingDays, settings.calendar),
  };
}

/** Where an open plan stands on `today`: its date has come (ask the reviewer), or the grace has passed too (tell the manager). */
export function feedbackPlanStep(audit: Audit, today: string, settings: ChaseSettings): { step: 'reviewer' | 'manager'; planBy: string } | undefined {
  if (!settings.familyFeedbackPlan) return undefined;
  const plan = openFeedbackPlan(audit);
  if (!plan) return undefined;
  const { askOn, managerOn } = feedbackPlanDays(plan.planBy, settings);
  if (today < askOn) return undefined;
  return { step: today >= managerOn ? 'manager' : 'reviewer', planBy: plan.planBy };
}

/**
 * Who is told when the reviewer has not followed the plan up: the case's team manager, or its service manager when
 * the reviewer is the team manager (BCP managers review inside their own line).
 */
export function feedbackPlanManager(audit: Audit): PersonId {
  return audit.teamManagerId !== audit.reviewerId ? audit.teamManagerId : audit.serviceManagerId;
}

/** When the sweep next needs the audit for its plan (epoch ms), given the start of a day; undefined when nothing is left. */
export function feedbackPlanNextAt(audit: Audit, today: string, now: Date, settings: ChaseSettings, dayStart: (date: string) => number): number | undefined {
  if (!settings.familyFeedbackPlan) return undefined;
  const plan = openFeedbackPlan(audit);
  if (!plan) return undefined;
  const { askOn, managerOn } = feedbackPlanDays(plan.planBy, settings);
  if (today < askOn) return dayStart(askOn);
  if (!audit.outbox.some((m) => m.key === feedbackRequestKey(audit, plan.planBy))) return now.getTime();
  if (today < managerOn) return dayStart(managerOn);
  if (!audit.outbox.some((m) => m.key === feedbackOverdueKey(audit, plan.planBy))) return now.getTime();
  return undefined;
}

import type { Grade } from '../grades.js';
import type { PolicyProfile } from '../policy/profile.js';
import { ENGLAND_AND_WALES, NO_HOLIDAYS, withHolidays, type HolidayCalendar } from './bank-holidays.js';
import { DEFAULT_LADDER, defineLadder, type EscalationLadder } from './ladder.js';

/** The chasing rules of a profile, with the product's defaults where the profile is silent. */
export interface ChaseSettings {
  readonly ladder: EscalationLadder;
  readonly calendar: HolidayCalendar;
  /** How often an owner may snooze an action's nudges. */
  readonly snoozeLimit: number;
  readonly dueSoonWorkingDays: number;
  /** An audit still not submitted this many working days after its due date is raised with QA too. */
  readonly overdueAuditToQaWorkingDays: number;
  /** Family feedback not obtained at submission: the reviewer is asked for it on the plan's date. */
  readonly familyFeedbackPlan: boolean;
  /** …and the team manager told when it is still not recorded this many working days after that date. */
  readonly familyFeedbackToManagerWorkingDays: number;
  /** Finalised audits of these overall grades are followed up by the profile's `followUp.by` (none: no follow-up). */
  readonly followUpGrades: readonly Grade[];
}

export const DEFAULT_SNOOZE_LIMIT = 2;
export const DEFAULT_DUE_SOON_WORKING_DAYS = 2;
export const DEFAULT_OVERDUE_AUDIT_TO_QA_WORKING_DAYS = 3;
export const DEFAULT_FAMILY_FEEDBACK_TO_MANAGER_WORKING_DAYS = 5;

export function chaseSettings(profile: PolicyProfile): ChaseSettings {
  const c = profile.chasing ?? {};
  const base = c.bankHolidays === 'none' ? NO_HOLIDAYS : ENGLAND_AND_WALES;
  return Object.freeze({
    ladder: c.ladder ? defineLadder(c.ladder.count, c.ladder.rungs) : DEFAULT_LADDER,
    calendar: c.extraHolidays?.length ? withHolidays(base, c.extraHolidays) : base,
    snoozeLimit: c.snoozeLimit ?? DEFAULT_SNOOZE_LIMIT,
    dueSoonWorkingDays: c.dueSoonWorkingDays ?? DEFAULT_DUE_SOON_WORKING_DAYS,
    overdueAuditToQaWorkingDays: c.overdueAuditToQaWorkingDays ?? DEFAULT_OVERDUE_AUDIT_TO_QA_WORKING_DAYS,
    familyFeedbackPlan: c.familyFeedbackPlan ?? false,
    familyFeedbackToManagerWorkingDays: c.familyFeedbackToManagerWorkingDays ?? DEFAULT_FAMILY_FEEDBACK_TO_MANAGER_WORKING_DAYS,
    followUpGrades: Object.freeze([...(profile.followUp?.grades ?? [])]),
  });
}

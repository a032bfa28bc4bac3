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
}

export const DEFAULT_SNOOZE_LIMIT = 2;
export const DEFAULT_DUE_SOON_WORKING_DAYS = 2;
export const DEFAULT_OVERDUE_AUDIT_TO_QA_WORKING_DAYS = 3;

export function chaseSettings(profile: PolicyProfile): ChaseSettings {
  const c = profile.chasing ?? {};
  const base = c.bankHolidays === 'none' ? NO_HOLIDAYS : ENGLAND_AND_WALES;
  return Object.freeze({
    ladder: c.ladder ? defineLadder(c.ladder.count, c.ladder.rungs) : DEFAULT_LADDER,
    calendar: c.extraHolidays?.length ? withHolidays(base, c.extraHolidays) : base,
    snoozeLimit: c.snoozeLimit ?? DEFAULT_SNOOZE_LIMIT,
    dueSoonWorkingDays: c.dueSoonWorkingDays ?? DEFAULT_DUE_SOON_WORKING_DAYS,
    overdueAuditToQaWorkingDays: c.overdueAuditToQaWorkingDays ?? DEFAULT_OVERDUE_AUDIT_TO_QA_WORKING_DAYS,
  });
}

/**
 * Quiet hours: no nudges outside the recipient's working hours, at weekends or on bank holidays, read in the
 * recipient's own time zone. A nudge due at night waits for the morning.
 *
 * The working hours and the zone maths are the scheduling module's (`working-hours.ts`, `zoned-time.ts`), so a
 * 09:00 start is 08:00Z in British Summer Time and 09:00Z in winter. A day counts when it is one of the person's
 * working days **and** a working day in the calendar (Monday to Friday, not a bank holiday): someone whose
 * mailbox says they work Saturdays still gets no nudge at the weekend. Hours that run past midnight belong to the
 * day they start on.
 */
import { addDays } from '../dates.js';
import { DEFAULT_WORKING_HOURS, resolveWorkingHours, type WorkingHours } from '../scheduling/working-hours.js';
import { ZonedTime } from '../scheduling/zoned-time.js';
import { type HolidayCalendar, isWorkingDay } from './bank-holidays.js';

export interface NudgeRecipient {
  /** IANA zone (or a Windows name Graph gives); used for the default hours when `workingHours` is missing. */
  readonly timeZone: string;
  /** The person's own hours, read in their own `timeZone`; the policy default (Mon–Fri 09:00–17:00) if absent. */
  readonly workingHours?: WorkingHours;
}

/** How far ahead to look for a working period before giving up (a person with no usable working day). */
const SEARCH_DAYS = 400;

/**
 * The instant a nudge due `at` may be sent: `at` itself when the recipient is within working hours on a working
 * day, else the start of their next working period. Throws RangeError when there is none within a year (no
 * working days left once weekends and holidays are removed).
 */
export function nextSendTime(at: Date, recipient: NudgeRecipient, calendar: HolidayCalendar, zoned = new ZonedTime()): Date {
  const atMs = at.getTime();
  if (Number.isNaN(atMs)) throw new RangeError('nextSendTime: `at` is not a valid date.');
  const hours = resolveWorkingHours(recipient.workingHours ?? { ...DEFAULT_WORKING_HOURS, timeZone: recipient.timeZone });
  // Start a day early: hours that run past midnight may still be open from yesterday.
  let date = addDays(zoned.localDate(atMs, hours.timeZone), -1);
  for (let i = 0; i < SEARCH_DAYS; i += 1, date = addDays(date, 1)) {
    if (!hours.days.has(new Date(`${date}T00:00:00.000Z`).getUTCDay())) continue;
    if (!isWorkingDay(date, calendar)) continue;
    const start = zoned.toInstant(date, hours.start, hours.timeZone);
    const end = zoned.toInstant(date, hours.end, hours.timeZone);
    if (atMs < end && start < end) return new Date(Math.max(atMs, start));
  }
  throw new RangeError(`No working period within ${SEARCH_DAYS} days of ${at.toISOString()} in ${hours.timeZone}.`);
}

/** True when a nudge may go out at `at` (it is inside the recipient's working hours on a working day). */
export function isWithinWorkingHours(at: Date, recipient: NudgeRecipient, calendar: HolidayCalendar, zoned = new ZonedTime()): boolean {
  return nextSendTime(at, recipient, calendar, zoned).getTime() === at.getTime();
}

/**
 * When a nudge to `recipient` may go, if that is later than `now`; undefined when it may go now, or when they
 * have no working day left at all (nobody is held back for ever).
 */
export function quietUntil(now: Date, recipient: NudgeRecipient, calendar: HolidayCalendar, zoned?: ZonedTime): Date | undefined {
  try {
    const at = nextSendTime(now, recipient, calendar, zoned);
    return at.getTime() > now.getTime() ? at : undefined;
  } catch {
    return undefined;
  }
}

/** The kinds of message that are nudges, and so wait for the recipient's working hours. */
export const NUDGE_KINDS: ReadonlySet<string> = new Set(['action-reminder', 'action-nudge', 'action-escalation', 'digest', 'inadequate-unacknowledged', 'moderation-reminder', 'moderation-overdue', 'audit-overdue', 'concern-unacknowledged', 'assurance-overdue', 'family-feedback-request', 'family-feedback-overdue']);

/**
 * At send time: when a nudge should wait for its recipient's working hours, the instant it may go; else undefined.
 * Checked again when sending, not only when queued, because a nudge queued at 16:59 may be sent after a retry.
 */
export function nudgeHold(
  lookup: (personId: string) => Promise<NudgeRecipient | undefined>,
  calendar: HolidayCalendar,
): (message: { kind: string; to: string }, now: Date) => Promise<Date | undefined> {
  return async (message, now) => {
    if (!NUDGE_KINDS.has(message.kind)) return undefined;
    return quietUntil(now, (await lookup(message.to)) ?? { timeZone: 'Europe/London' }, calendar);
  };
}

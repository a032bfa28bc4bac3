/**
 * When a collaborative meeting may be: no sooner than a working day's notice, and no later than the end of the
 * audit's due date.
 *
 * **"At least one working day ahead"** means a working day's notice, counted like "24 hours' notice" but
 * skipping the weekend: the meeting may start no earlier than the same clock time on the next working day, in
 * the reviewer's time zone.
 * - Monday 10:15 → Tuesday 10:15 (so a Tuesday 10:30 slot is the first offered if everyone is free).
 * - Friday 14:00 → Monday 14:00.
 * - Monday 20:00 → Tuesday 20:00, in practice Wednesday morning: an invite sent after hours is read on Tuesday.
 * - Saturday or Sunday, any time → Tuesday 00:00: the invite is read on Monday, which is the day of notice.
 *   (A non-working day counts as the start of the next working day.)
 * Why this rather than "any time tomorrow": the practitioner prepares a self-assessment for the meeting and the
 * team manager has a diary of visits and panels; a Friday-at-five invite for Monday-at-nine gives neither a
 * working hour to prepare or move things. Working days are Monday to Friday (workflow/dates.ts; bank holidays are
 * not known yet). `leadWorkingDays` can ask for more notice (2 → the same time two working days on).
 *
 * **The deadline** is the end of the due date in the reviewer's time zone (local midnight after it): a meeting
 * must end by then.
 */
import { addDays, DEFAULT_TIME_ZONE, isIsoDate, isWorkingDay } from '../dates.js';
import { ZonedTime } from './zoned-time.js';

export const DEFAULT_LEAD_WORKING_DAYS = 1;

export interface WindowInput {
  readonly now: Date;
  /** The audit's due date, YYYY-MM-DD. */
  readonly dueDate: string;
  /** The reviewer's (organiser's) time zone. Default Europe/London. */
  readonly timeZone?: string;
  /** Working days of notice. Default 1. */
  readonly leadWorkingDays?: number;
}

export interface SearchWindow {
  /** The earliest a meeting may start (ISO instant). */
  readonly earliest: string;
  /** The latest a meeting may end: the end of the due date (ISO instant). */
  readonly deadline: string;
  /** False when the notice runs past the deadline: no meeting is possible before the due date. */
  readonly open: boolean;
}

function nextWorkingDay(date: string): string {
  let d = addDays(date, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The earliest start a working day's notice (or `leadWorkingDays`) allows, as an instant in ms. */
export function earliestStartMs(now: Date, timeZone: string, leadWorkingDays: number, zoned: ZonedTime): number {
  if (!Number.isInteger(leadWorkingDays) || leadWorkingDays < 0) {
    throw new RangeError(`Notice is a whole number of working days, 0 or more (got ${leadWorkingDays}).`);
  }
  const wall = zoned.wallClock(now.getTime(), timeZone);
  let date = wall.date;
  // Seconds past the minute round up, so the earliest start is never before `now` plus the notice.
  let minutes = wall.minutes + (wall.remainderMs > 0 ? 1 : 0);
  if (!isWorkingDay(date)) {
    date = nextWorkingDay(date);
    minutes = 0;
  }
  for (let i = 0; i < leadWorkingDays; i += 1) date = nextWorkingDay(date);
  return zoned.toInstant(date, minutes, timeZone);
}

/** The end of the due date in `timeZone` (the following local midnight), as an instant in ms. */
export function deadlineMs(dueDate: string, timeZone: string, zoned: ZonedTime): number {
  if (!isIsoDate(dueDate)) throw new RangeError(`"${dueDate}" is not a due date (YYYY-MM-DD).`);
  return zoned.startOfDay(addDays(dueDate, 1), timeZone);
}

/**
 * The window to search (and to ask getSchedule about) for a meeting booked at `now` for an audit due on `dueDate`.
 */
export function searchWindow(input: WindowInput): SearchWindow {
  const zoned = new ZonedTime();
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const earliest = earliestStartMs(input.now, timeZone, input.leadWorkingDays ?? DEFAULT_LEAD_WORKING_DAYS, zoned);
  const deadline = deadlineMs(input.dueDate, timeZone, zoned);
  return {
    earliest: new Date(earliest).toISOString(),
    deadline: new Date(deadline).toISOString(),
    open: earliest < deadline,
  };
}

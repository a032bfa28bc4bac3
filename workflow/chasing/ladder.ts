/**
 * The escalation ladder for overdue actions, as data (configurable per profile). The default, from the issue:
 * - day 1 overdue: the owner;
 * - day 3: the owner and the TM (the TM through the daily digest);
 * - day 7: the SM;
 * - day 14: the Head of Service.
 *
 * **Counting overdue days.** An action due on D is not overdue on D; it is "day 1 overdue" on the first counted
 * day after D. The default counts **working days** (Monday to Friday, not bank holidays, in the calendar given):
 * nudges are only ever sent on working days (quiet hours), so counting calendar days would let a Friday due date
 * reach day 3 on the Monday, firing the owner's first nudge and the TM escalation together, and bank-holiday
 * weekends would jump rungs. With working days every rung gets a working day of its own. A ladder can say
 * `count: 'calendar-days'` instead when a framework means calendar days.
 *
 * `rungsDue` returns every rung reached so far (not only today's), so a sweep that missed a day still escalates;
 * the nudge key makes each (action, rung, due date) sent once however often sweeps run.
 */
import { addDays, daysBetween, isIsoDate } from '../dates.js';
import { addWorkingDays, type HolidayCalendar, workingDaysAfter } from './bank-holidays.js';

export type LadderRecipient = 'owner' | 'teamManager' | 'serviceManager' | 'headOfService';
/** `direct`: a card to the person; `digest`: a line in their daily digest. */
export type LadderChannel = 'direct' | 'digest';

export interface LadderTarget {
  readonly to: LadderRecipient;
  readonly via: LadderChannel;
}

export interface LadderRung {
  /** Stable id, used in nudge keys and in the escalation recorded on the action. */
  readonly id: string;
  /** Overdue day (≥ 1) on which the rung is reached. */
  readonly day: number;
  readonly targets: readonly LadderTarget[];
}

export interface EscalationLadder {
  readonly count: 'working-days' | 'calendar-days';
  /** Sorted by day, ids unique. */
  readonly rungs: readonly LadderRung[];
}

export const DEFAULT_LADDER: EscalationLadder = defineLadder('working-days', [
  { id: 'owner', day: 1, targets: [{ to: 'owner', via: 'direct' }] },
  { id: 'team-manager', day: 3, targets: [{ to: 'owner', via: 'direct' }, { to: 'teamManager', via: 'digest' }] },
  { id: 'service-manager', day: 7, targets: [{ to: 'serviceManager', via: 'direct' }] },
  { id: 'head-of-service', day: 14, targets: [{ to: 'headOfService', via: 'direct' }] },
]);

/** Validates and freezes a ladder: days are whole and ≥ 1, ids unique and non-empty, each rung has targets. */
export function defineLadder(count: EscalationLadder['count'], rungs: readonly LadderRung[]): EscalationLadder {
  const ids = new Set<string>();
  for (const r of rungs) {
    if (!Number.isInteger(r.day) || r.day < 1) throw new RangeError(`Ladder rung "${r.id}": day must be a whole number ≥ 1.`);
    if (!/^[a-z0-9-]+$/.test(r.id)) throw new RangeError(`Ladder rung id "${r.id}" must be lower-case letters, digits and dashes.`);
    if (ids.has(r.id)) throw new RangeError(`Ladder rung id "${r.id}" is used twice.`);
    if (r.targets.length === 0) throw new RangeError(`Ladder rung "${r.id}" has no targets.`);
    ids.add(r.id);
  }
  const sorted = [...rungs]
    .sort((a, b) => a.day - b.day)
    .map((r) => Object.freeze({ id: r.id, day: r.day, targets: Object.freeze(r.targets.map((t) => Object.freeze({ ...t }))) }));
  return Object.freeze({ count, rungs: Object.freeze(sorted) });
}

/** How many days overdue an action due `dueDate` is on `today` (0 when not overdue), counted as the ladder says. */
export function overdueDays(dueDate: string, today: string, ladder: EscalationLadder, calendar: HolidayCalendar): number {
  for (const d of [dueDate, today]) if (!isIsoDate(d)) throw new RangeError(`"${d}" is not a date (YYYY-MM-DD).`);
  if (today <= dueDate) return 0;
  return ladder.count === 'calendar-days' ? daysBetween(dueDate, today) : workingDaysAfter(dueDate, today, calendar);
}

/** The date an action due `dueDate` reaches overdue day `day`. */
export function rungDate(dueDate: string, day: number, ladder: EscalationLadder, calendar: HolidayCalendar): string {
  return ladder.count === 'calendar-days' ? addDays(dueDate, day) : addWorkingDays(dueDate, day, calendar);
}

export interface DueRung {
  readonly rung: LadderRung;
  /** The date the rung was reached (the "day" of the nudge key). */
  readonly reachedOn: string;
}

/** Every rung reached by `today` for an action due `dueDate`, lowest first. */
export function rungsDue(dueDate: string, today: string, ladder: EscalationLadder, calendar: HolidayCalendar): DueRung[] {
  const days = overdueDays(dueDate, today, ladder, calendar);
  return ladder.rungs.filter((r) => r.day <= days).map((rung) => ({ rung, reachedOn: rungDate(dueDate, rung.day, ladder, calendar) }));
}

/** The highest rung reached by `today`, or undefined when none is. */
export function currentRung(dueDate: string, today: string, ladder: EscalationLadder, calendar: HolidayCalendar): DueRung | undefined {
  return rungsDue(dueDate, today, ladder, calendar).at(-1);
}

/**
 * The deterministic key of a nudge: (action, rung, day). The day is the date the rung was reached, so the key is
 * the same on every sweep and every instance, and a new due date (more time agreed) gives new keys.
 */
export function nudgeKey(actionId: string, rungId: string, day: string): string {
  if (actionId === '' || rungId === '') throw new RangeError('nudgeKey: action id and rung id must not be empty.');
  if (!isIsoDate(day)) throw new RangeError(`"${day}" is not a date (YYYY-MM-DD).`);
  return `nudge:${encodeURIComponent(actionId)}:${encodeURIComponent(rungId)}:${day}`;
}

/**
 * Bank holidays as data. A calendar is a plain, frozen list of dated holidays; England & Wales is shipped for
 * 2025–2028, derived from the rules (Easter by the anonymous Gregorian algorithm, fixed Mondays, and substitute
 * days when a fixed-date holiday falls at a weekend). Other or extra holidays (a council's own closure days, or
 * one-off royal occasions) are added with `withHolidays`, or a whole calendar is built with `holidayCalendar`.
 *
 * Dates are local calendar dates (YYYY-MM-DD); which zone "today" is read in is the caller's business.
 */
import { addDays, isIsoDate, isWorkingDay as isWeekday } from '../dates.js';

export interface BankHoliday {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly name: string;
}

export interface HolidayCalendar {
  readonly id: string;
  readonly name: string;
  /** Sorted by date, one entry per date. */
  readonly holidays: readonly BankHoliday[];
}

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00.000Z`).getUTCDay();
}

/** Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

function firstMonday(year: number, month: number): string {
  const first = iso(year, month, 1);
  return addDays(first, (8 - weekday(first)) % 7);
}

function lastMonday(year: number, month: number): string {
  const last = iso(year, month + 1, 0);
  return addDays(last, -((weekday(last) + 6) % 7));
}

/** The next weekday on or after `date` that is not already taken. */
function substitute(date: string, taken: ReadonlySet<string>): string {
  let at = date;
  while (!isWeekday(at) || taken.has(at)) at = addDays(at, 1);
  return at;
}

/**
 * England & Wales bank holidays of one year, by the standing rules. One-off changes by proclamation (2020's
 * moved early May, 2022's moved spring holiday, 2023's coronation) are not rules: add them with `withHolidays`.
 */
export function englandAndWalesHolidays(year: number): BankHoliday[] {
  const easter = easterSunday(year);
  const newYear = substitute(iso(year, 1, 1), new Set());
  const out: BankHoliday[] = [
    { date: newYear, name: newYear === iso(year, 1, 1) ? "New Year's Day" : "New Year's Day (substitute day)" },
    { date: addDays(easter, -2), name: 'Good Friday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    { date: firstMonday(year, 5), name: 'Early May bank holiday' },
    { date: lastMonday(year, 5), name: 'Spring bank holiday' },
    { date: lastMonday(year, 8), name: 'Summer bank holiday' },
  ];
  // A weekday Christmas or Boxing Day stays put; one at a weekend takes the next weekday not already a holiday
  // (Christmas on Sunday: Boxing Day Monday 26th, Christmas Tuesday 27th; on Saturday: Monday 27th, Tuesday 28th).
  const fixed = [
    { date: iso(year, 12, 25), name: 'Christmas Day' },
    { date: iso(year, 12, 26), name: 'Boxing Day' },
  ];
  const taken = new Set(fixed.filter((f) => isWeekday(f.date)).map((f) => f.date));
  const christmasWeek: BankHoliday[] = [];
  for (const f of fixed) {
    if (isWeekday(f.date)) {
      christmasWeek.push(f);
    } else {
      const date = substitute(f.date, taken);
      taken.add(date);
      christmasWeek.push({ date, name: `${f.name} (substitute day)` });
    }
  }
  christmasWeek.sort((a, b) => (a.date < b.date ? -1 : 1));
  out.push(...christmasWeek);
  return out;
}

/** A calendar from a list of holidays: validated, sorted, one entry per date (the first name given wins). */
export function holidayCalendar(id: string, name: string, holidays: readonly BankHoliday[]): HolidayCalendar {
  const byDate = new Map<string, BankHoliday>();
  for (const h of holidays) {
    if (!isIsoDate(h.date)) throw new RangeError(`Holiday "${h.name}": "${h.date}" is not a date (YYYY-MM-DD).`);
    if (!byDate.has(h.date)) byDate.set(h.date, Object.freeze({ date: h.date, name: h.name }));
  }
  const sorted = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return Object.freeze({ id, name, holidays: Object.freeze(sorted) });
}

/** England & Wales for the given years (inclusive). */
export function englandAndWalesCalendar(fromYear: number, toYear: number): HolidayCalendar {
  const all: BankHoliday[] = [];
  for (let y = fromYear; y <= toYear; y += 1) all.push(...englandAndWalesHolidays(y));
  return holidayCalendar('england-and-wales', 'England and Wales', all);
}

/** The shipped calendar: England & Wales, 2025–2028. */
export const ENGLAND_AND_WALES: HolidayCalendar = englandAndWalesCalendar(2025, 2028);

/** A calendar with no holidays at all (weekends still are not working days). */
export const NO_HOLIDAYS: HolidayCalendar = holidayCalendar('none', 'No bank holidays', []);

/** The calendar with extra holidays added (a council closure day, a one-off royal occasion). */
export function withHolidays(calendar: HolidayCalendar, extra: readonly BankHoliday[], id = calendar.id): HolidayCalendar {
  return holidayCalendar(id, calendar.name, [...calendar.holidays, ...extra]);
}

/** The calendar without the given dates. */
export function withoutHolidays(calendar: HolidayCalendar, dates: readonly string[], id = calendar.id): HolidayCalendar {
  const drop = new Set(dates);
  return holidayCalendar(id, calendar.name, calendar.holidays.filter((h) => !drop.has(h.date)));
}

export function isBankHoliday(date: string, calendar: HolidayCalendar): boolean {
  if (!isIsoDate(date)) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD).`);
  return calendar.holidays.some((h) => h.date === date);
}

/** Monday to Friday and not a bank holiday in the calendar. */
export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  return isWeekday(date) && !isBankHoliday(date, calendar);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, calendar: HolidayCalendar): string {
  let at = addDays(date, 1);
  while (!isWorkingDay(at, calendar)) at = addDays(at, 1);
  return at;
}

/** Working days in (from, to]: 0 when `to` is on or before `from`. */
export function workingDaysAfter(from: string, to: string, calendar: HolidayCalendar): number {
  let n = 0;
  for (let at = addDays(from, 1); at <= to; at = addDays(at, 1)) if (isWorkingDay(at, calendar)) n += 1;
  return n;
}

/** The `count`-th working day after `date` (count ≥ 1). */
export function addWorkingDays(date: string, count: number, calendar: HolidayCalendar): string {
  let at = date;
  for (let left = count; left > 0; left -= 1) at = nextWorkingDay(at, calendar);
  return at;
}

/** The `count`-th working day before `date` (count ≥ 1). */
export function subtractWorkingDays(date: string, count: number, calendar: HolidayCalendar): string {
  let at = date;
  for (let left = count; left > 0; ) {
    at = addDays(at, -1);
    if (isWorkingDay(at, calendar)) left -= 1;
  }
  return at;
}

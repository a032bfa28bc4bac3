import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  ENGLAND_AND_WALES,
  englandAndWalesHolidays,
  holidayCalendar,
  isBankHoliday,
  isWorkingDay,
  NO_HOLIDAYS,
  withHolidays,
  withoutHolidays,
} from '../../../workflow/chasing/bank-holidays.js';

const dates = (year: number) => englandAndWalesHolidays(year).map((h) => h.date);

describe('England & Wales bank holidays', () => {
  it.each([
    [2025, ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26']],
    [2026, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']],
    [2027, ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']],
    [2028, ['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26']],
  ])('%i', (year, expected) => {
    expect(dates(year)).toEqual(expected);
    expect(ENGLAND_AND_WALES.holidays.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date)).toEqual(expected);
  });

  it.each([
    // Christmas on Saturday: both substitutes on Monday and Tuesday.
    [2027, '2027-12-27', 'Christmas Day (substitute day)'],
    [2027, '2027-12-28', 'Boxing Day (substitute day)'],
    // Christmas on Friday: Boxing Day (Saturday) moves to Monday.
    [2026, '2026-12-28', 'Boxing Day (substitute day)'],
    // Christmas on Sunday (2022): Boxing Day stays Monday, Christmas moves to Tuesday.
    [2022, '2022-12-27', 'Christmas Day (substitute day)'],
    [2022, '2022-12-26', 'Boxing Day'],
    // New Year's Day on Saturday.
    [2028, '2028-01-03', "New Year's Day (substitute day)"],
  ])('substitute days %i: %s is %s', (year, date, name) => {
    expect(englandAndWalesHolidays(year).find((h) => h.date === date)?.name).toBe(name);
  });

  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it.each([
    ['2026-04-03', true, false], // Good Friday
    ['2026-04-06', true, false], // Easter Monday
    ['2026-04-07', false, true],
    ['2026-04-04', false, false], // Saturday
    ['2026-12-26', false, false], // Boxing Day itself is a Saturday, not the holiday
    ['2026-12-28', true, false],
    ['2026-12-29', false, true],
  ])('%s: holiday %s, working day %s', (date, holiday, working) => {
    expect(isBankHoliday(date, ENGLAND_AND_WALES)).toBe(holiday);
    expect(isWorkingDay(date, ENGLAND_AND_WALES)).toBe(working);
  });

  it('calendars are data: extra and removed holidays, other calendars', () => {
    const council = withHolidays(ENGLAND_AND_WALES, [{ date: '2026-12-29', name: 'Council closure' }], 'bcp');
    expect(council.id).toBe('bcp');
    expect(isWorkingDay('2026-12-29', council)).toBe(false);
    expect(isWorkingDay('2026-12-29', ENGLAND_AND_WALES)).toBe(true);
    expect(isWorkingDay('2026-04-06', withoutHolidays(ENGLAND_AND_WALES, ['2026-04-06']))).toBe(true);
    expect(isWorkingDay('2026-04-06', NO_HOLIDAYS)).toBe(true);
    const scotland = holidayCalendar('scotland', 'Scotland', [{ date: '2026-01-02', name: '2nd January' }]);
    expect(isBankHoliday('2026-01-02', scotland)).toBe(true);
    expect(() => holidayCalendar('x', 'x', [{ date: '2026-02-30', name: 'bad' }])).toThrow(RangeError);
    expect(Object.isFrozen(ENGLAND_AND_WALES.holidays)).toBe(true);
  });
});

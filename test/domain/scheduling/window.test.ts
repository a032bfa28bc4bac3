import { describe, expect, it } from 'vitest';
import { searchWindow } from '../../../workflow/scheduling/window.js';

describe("a working day's notice", () => {
  /** [booked at (instant), reviewer's zone, notice days, earliest start (instant), why]. */
  const table: [string, string, number, string, string][] = [
    ['2026-02-02T10:15:00Z', 'Europe/London', 1, '2026-02-03T10:15:00.000Z', 'Monday 10:15 → Tuesday 10:15'],
    ['2026-02-02T10:15:20Z', 'Europe/London', 1, '2026-02-03T10:16:00.000Z', 'seconds round up to the next minute'],
    ['2026-02-06T14:00:00Z', 'Europe/London', 1, '2026-02-09T14:00:00.000Z', 'Friday 14:00 → Monday 14:00'],
    ['2026-02-02T20:00:00Z', 'Europe/London', 1, '2026-02-03T20:00:00.000Z', 'Monday evening → Tuesday evening (so Wednesday in practice)'],
    ['2026-02-07T10:00:00Z', 'Europe/London', 1, '2026-02-10T00:00:00.000Z', 'Saturday → Tuesday: Monday is the day of notice'],
    ['2026-02-08T23:59:00Z', 'Europe/London', 1, '2026-02-10T00:00:00.000Z', 'Sunday night → Tuesday'],
    ['2026-02-02T10:00:00Z', 'Europe/London', 2, '2026-02-04T10:00:00.000Z', 'two days of notice'],
    ['2026-02-02T10:00:00Z', 'Europe/London', 0, '2026-02-02T10:00:00.000Z', 'no notice'],
    // Across the clocks changing: the same wall-clock time, so an hour less (spring) or more (autumn) in UTC.
    ['2026-03-27T10:00:00Z', 'Europe/London', 1, '2026-03-30T09:00:00.000Z', 'Friday 10:00 GMT → Monday 10:00 BST'],
    ['2026-10-23T09:00:00Z', 'Europe/London', 1, '2026-10-26T10:00:00.000Z', 'Friday 10:00 BST → Monday 10:00 GMT'],
    ['2026-03-06T15:00:00Z', 'America/New_York', 1, '2026-03-09T14:00:00.000Z', 'Friday 10:00 EST → Monday 10:00 EDT'],
    // The reviewer's own calendar decides the day: 23:30Z on a Friday is already Saturday in Berlin.
    ['2026-02-06T23:30:00Z', 'Europe/London', 1, '2026-02-09T23:30:00.000Z', 'Friday 23:30 in London → Monday 23:30'],
    ['2026-02-06T23:30:00Z', 'Europe/Berlin', 1, '2026-02-09T23:00:00.000Z', 'Saturday 00:30 in Berlin → Tuesday 00:00 Berlin'],
  ];

  it.each(table)('booked %s (%s, %i day) → earliest %s: %s', (now, timeZone, leadWorkingDays, earliest) => {
    expect(searchWindow({ now: new Date(now), dueDate: '2026-12-31', timeZone, leadWorkingDays }).earliest).toBe(earliest);
  });
});

describe('the deadline: the end of the due date in the reviewer\'s zone', () => {
  it.each([
    ['2026-12-31', 'Europe/London', '2027-01-01T00:00:00.000Z'],
    ['2026-03-31', 'Europe/London', '2026-03-31T23:00:00.000Z'],
    ['2026-03-28', 'Europe/London', '2026-03-29T00:00:00.000Z'],
    ['2026-10-24', 'Europe/London', '2026-10-24T23:00:00.000Z'],
    ['2026-12-31', 'America/New_York', '2027-01-01T05:00:00.000Z'],
  ])('due %s in %s ends at %s', (dueDate, timeZone, deadline) => {
    expect(searchWindow({ now: new Date('2026-01-05T09:00:00Z'), dueDate, timeZone }).deadline).toBe(deadline);
  });

  it('is closed when the notice runs past the due date', () => {
    expect(searchWindow({ now: new Date('2026-12-30T10:00:00Z'), dueDate: '2026-12-31' }).open).toBe(true);
    expect(searchWindow({ now: new Date('2026-12-31T10:00:00Z'), dueDate: '2026-12-31' }).open).toBe(false);
    expect(searchWindow({ now: new Date('2026-12-31T10:00:00Z'), dueDate: '2026-12-30' }).open).toBe(false);
  });

  it('refuses a due date that is not a date', () => {
    expect(() => searchWindow({ now: new Date('2026-12-30T10:00:00Z'), dueDate: '2026-02-30' })).toThrow(RangeError);
  });
});

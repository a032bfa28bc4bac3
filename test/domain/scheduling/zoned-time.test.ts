import { describe, expect, it } from 'vitest';
import { addDays } from '../../../workflow/dates.js';
import {
  isTimeZone,
  localDateTimeToInstant,
  parseInstant,
  parseTimeOfDay,
  wallClockToInstant,
  ZonedTime,
} from '../../../workflow/scheduling/zoned-time.js';

describe('wall clock → instant', () => {
  /** [zone, local date, local time, instant]. Gaps move forward by the gap; repeated times take the first. */
  const table: [string, string, string, string][] = [
    // Europe/London: GMT in winter, BST (UTC+1) from 01:00 GMT on the last Sunday of March to 01:00 GMT on the last Sunday of October.
    ['Europe/London', '2026-01-15', '09:00', '2026-01-15T09:00:00.000Z'],
    ['Europe/London', '2026-07-15', '09:00', '2026-07-15T08:00:00.000Z'],
    ['Europe/London', '2026-03-27', '09:00', '2026-03-27T09:00:00.000Z'],
    ['Europe/London', '2026-03-29', '00:30', '2026-03-29T00:30:00.000Z'],
    ['Europe/London', '2026-03-29', '01:00', '2026-03-29T01:00:00.000Z'], // skipped: 02:00 BST
    ['Europe/London', '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'], // skipped: 02:30 BST
    ['Europe/London', '2026-03-29', '02:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/London', '2026-03-30', '09:00', '2026-03-30T08:00:00.000Z'],
    ['Europe/London', '2026-10-23', '09:00', '2026-10-23T08:00:00.000Z'],
    ['Europe/London', '2026-10-25', '00:30', '2026-10-24T23:30:00.000Z'],
    ['Europe/London', '2026-10-25', '01:00', '2026-10-25T00:00:00.000Z'], // happens twice: the BST one
    ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z'], // happens twice: the BST one
    ['Europe/London', '2026-10-25', '02:00', '2026-10-25T02:00:00.000Z'],
    ['Europe/London', '2026-10-26', '09:00', '2026-10-26T09:00:00.000Z'],
    ['Europe/London', '2026-10-25', '24:00', '2026-10-26T00:00:00.000Z'],
    // America/New_York: EST (−5), EDT (−4) from 02:00 on the second Sunday of March to 02:00 on the first Sunday of November.
    ['America/New_York', '2026-03-06', '09:00', '2026-03-06T14:00:00.000Z'],
    ['America/New_York', '2026-03-08', '01:59', '2026-03-08T06:59:00.000Z'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z'], // skipped: 03:30 EDT
    ['America/New_York', '2026-03-08', '03:00', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-03-09', '09:00', '2026-03-09T13:00:00.000Z'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'], // happens twice: the EDT one
    ['America/New_York', '2026-11-01', '02:00', '2026-11-01T07:00:00.000Z'],
    ['America/New_York', '2026-11-02', '09:00', '2026-11-02T14:00:00.000Z'],
    // Europe/Berlin changes at the same instant as London, at 02:00 local.
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z'],
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'],
    // Southern hemisphere, half-hour and quarter-hour offsets, half-hour DST.
    ['Australia/Sydney', '2026-04-05', '02:30', '2026-04-04T15:30:00.000Z'],
    ['Australia/Sydney', '2026-10-04', '02:30', '2026-10-03T16:30:00.000Z'],
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:45:00.000Z'],
    ['Pacific/Auckland', '2026-09-27', '02:30', '2026-09-26T14:30:00.000Z'],
    ['Asia/Kolkata', '2026-06-01', '09:00', '2026-06-01T03:30:00.000Z'],
    ['Asia/Kathmandu', '2026-06-01', '09:00', '2026-06-01T03:15:00.000Z'],
    ['UTC', '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'],
  ];

  it.each(table)('%s %s %s is %s', (zone, date, time, instant) => {
    expect(wallClockToInstant(date, time, zone)).toBe(instant);
  });

  const zones = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Los_Angeles'];
  const changeDays = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01'];

  it.each(zones)('round-trips every quarter hour around each change in %s', (zone) => {
    const zoned = new ZonedTime();
    let gaps = 0;
    let repeats = 0;
    for (const day of changeDays) {
      for (let d = -1; d <= 1; d += 1) {
        const date = addDays(day, d);
        for (let minutes = 0; minutes < 1440; minutes += 15) {
          const t = zoned.toInstant(date, minutes, zone);
          const back = zoned.wallClock(t, zone);
          if (back.date === date && back.minutes === minutes) {
            // A repeated wall clock resolves to its first occurrence: an hour earlier is not the same wall clock.
            const hourEarlier = zoned.wallClock(t - 3_600_000, zone);
            const halfHourEarlier = zoned.wallClock(t - 1_800_000, zone);
            if (hourEarlier.date === date && hourEarlier.minutes === minutes) throw new Error(`${zone} ${date} ${minutes}: not the first`);
            if (halfHourEarlier.date === date && halfHourEarlier.minutes === minutes) throw new Error(`${zone} ${date} ${minutes}: not the first`);
            const hourLater = zoned.wallClock(t + 3_600_000, zone);
            const halfHourLater = zoned.wallClock(t + 1_800_000, zone);
            if ((hourLater.date === date && hourLater.minutes === minutes) || (halfHourLater.date === date && halfHourLater.minutes === minutes)) repeats += 1;
          } else {
            // Only a skipped wall clock fails to round-trip, and it lands later, by the gap (an hour, or half an hour on Lord Howe).
            gaps += 1;
            const shift = back.minutes - minutes;
            expect(back.date).toBe(date);
            expect([30, 60]).toContain(shift);
          }
        }
      }
    }
    const changes = zone === 'Asia/Kolkata' ? 0 : 1;
    expect(gaps > 0).toBe(changes === 1);
    expect(repeats > 0).toBe(changes === 1);
  });

  it.each(zones)('reads back every quarter-hour instant of the change weeks in %s', (zone) => {
    const zoned = new ZonedTime();
    for (const day of changeDays) {
      const from = Date.parse(`${addDays(day, -1)}T00:00:00Z`);
      for (let t = from; t < from + 3 * 86_400_000; t += 900_000) {
        const wall = zoned.wallClock(t, zone);
        const again = zoned.toInstant(wall.date, wall.minutes, zone);
        // The instant itself, or, for the second of a repeated wall clock, the first one before it.
        if (again !== t) {
          expect(t - again === 3_600_000 || t - again === 1_800_000).toBe(true);
          expect(zoned.wallClock(again, zone)).toEqual(wall);
        }
      }
    }
  });

  it('gives offsets in minutes, east positive', () => {
    const zoned = new ZonedTime();
    const at = (iso: string, zone: string) => zoned.offsetMinutes(Date.parse(iso), zone);
    expect(at('2026-03-29T00:59:59Z', 'Europe/London')).toBe(0);
    expect(at('2026-03-29T01:00:00Z', 'Europe/London')).toBe(60);
    expect(at('2026-10-25T00:59:59.999Z', 'Europe/London')).toBe(60);
    expect(at('2026-10-25T01:00:00Z', 'Europe/London')).toBe(0);
    expect(at('2026-03-08T06:59:59Z', 'America/New_York')).toBe(-300);
    expect(at('2026-03-08T07:00:00Z', 'America/New_York')).toBe(-240);
    expect(at('2026-06-01T00:00:00Z', 'Asia/Kathmandu')).toBe(345);
  });
});

describe('the edges of the API', () => {
  it.each([
    ['2026-03-30T09:00:00.0000000', 'Europe/London', '2026-03-30T08:00:00.000Z'],
    ['2026-03-27T09:00:00.0000000', 'Europe/London', '2026-03-27T09:00:00.000Z'],
    ['2026-11-01T09:30:15.5000000', 'America/New_York', '2026-11-01T14:30:15.500Z'],
    ['2026-03-30T09:00', 'UTC', '2026-03-30T09:00:00.000Z'],
  ])('reads Graph\'s dateTimeTimeZone %s in %s', (dateTime, zone, instant) => {
    expect(localDateTimeToInstant(dateTime, zone)).toBe(instant);
  });

  it.each([
    ['09:00', 540],
    ['08:30:00.0000000', 510],
    ['17:00:00', 1020],
    ['00:00', 0],
    ['24:00', 1440],
  ])('reads the time of day %s', (text, minutes) => {
    expect(parseTimeOfDay(text)).toBe(minutes);
  });

  it.each(['9:00', '25:00', '24:30', '12:60', '08:00:30', 'noon', ''])('refuses the time of day "%s"', (text) => {
    expect(() => parseTimeOfDay(text)).toThrow(RangeError);
  });

  it('refuses an instant without an offset, which Date would read in the server\'s zone', () => {
    expect(() => parseInstant('2026-03-30T09:00:00')).toThrow(/offset/);
    expect(parseInstant('2026-03-30T09:00:00+01:00')).toBe(Date.parse('2026-03-30T08:00:00Z'));
    expect(parseInstant('2026-03-30T08:00:00.000Z')).toBe(Date.parse('2026-03-30T08:00:00Z'));
  });

  it('knows time zones from non-zones', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('GMT Standard Time')).toBe(false);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(() => new ZonedTime().toInstant('2026-01-01', 0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

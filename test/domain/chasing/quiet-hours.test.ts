import { describe, expect, it } from 'vitest';
import { ENGLAND_AND_WALES, NO_HOLIDAYS } from '../../../workflow/chasing/bank-holidays.js';
import { isWithinWorkingHours, type NudgeRecipient, nextSendTime } from '../../../workflow/chasing/quiet-hours.js';
import type { WorkingHours } from '../../../workflow/scheduling/working-hours.js';

const london: NudgeRecipient = { timeZone: 'Europe/London' };
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

describe('nextSendTime', () => {
  it.each<[string, string, NudgeRecipient, string]>([
    // Inside hours: now.
    ['within hours (GMT)', '2026-01-14T10:00:00Z', london, '2026-01-14T10:00:00.000Z'],
    ['at the start exactly', '2026-01-14T09:00:00Z', london, '2026-01-14T09:00:00.000Z'],
    ['at the end exactly waits for the morning', '2026-01-14T17:00:00Z', london, '2026-01-15T09:00:00.000Z'],
    ['at night waits for the morning', '2026-01-14T23:30:00Z', london, '2026-01-15T09:00:00.000Z'],
    ['early morning waits for 09:00', '2026-01-15T06:00:00Z', london, '2026-01-15T09:00:00.000Z'],
    // Weekends.
    ['Friday evening → Monday', '2026-01-16T18:00:00Z', london, '2026-01-19T09:00:00.000Z'],
    ['Saturday → Monday', '2026-01-17T12:00:00Z', london, '2026-01-19T09:00:00.000Z'],
    // Spring forward (Sun 29 Mar 2026): Monday 09:00 BST is 08:00Z.
    ['weekend across spring-forward', '2026-03-28T12:00:00Z', london, '2026-03-30T08:00:00.000Z'],
    ['Friday 16:30 GMT before spring-forward is in hours', '2026-03-27T16:30:00Z', london, '2026-03-27T16:30:00.000Z'],
    ['Monday 08:30 BST (07:30Z) waits to 08:00Z', '2026-03-30T07:30:00Z', london, '2026-03-30T08:00:00.000Z'],
    ['Monday 16:30Z is 17:30 BST: after hours', '2026-03-30T16:30:00Z', london, '2026-03-31T08:00:00.000Z'],
    ['Monday 16:30Z is 16:30 GMT the week before: in hours', '2026-03-23T16:30:00Z', london, '2026-03-23T16:30:00.000Z'],
    // Fall back (Sun 25 Oct 2026): Friday 21:00 BST → Monday 09:00 GMT = 09:00Z.
    ['weekend across fall-back', '2026-10-23T20:00:00Z', london, '2026-10-26T09:00:00.000Z'],
    ['Friday 08:30Z is 09:30 BST: in hours', '2026-10-23T08:30:00Z', london, '2026-10-23T08:30:00.000Z'],
    ['Monday 08:30Z is 08:30 GMT: waits', '2026-10-26T08:30:00Z', london, '2026-10-26T09:00:00.000Z'],
    ['during the repeated hour', '2026-10-25T01:30:00Z', london, '2026-10-26T09:00:00.000Z'],
    // Bank holidays: Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr).
    ['Thursday evening before Easter → Tuesday', '2026-04-02T16:30:00Z', london, '2026-04-07T08:00:00.000Z'],
    ['on Good Friday', '2026-04-03T10:00:00Z', london, '2026-04-07T08:00:00.000Z'],
    // Christmas 2026: Fri 25, weekend, Mon 28 substitute.
    ['Christmas Eve evening → Tue 29 Dec', '2026-12-24T18:00:00Z', london, '2026-12-29T09:00:00.000Z'],
    // Other zones, each in its own DST.
    ['New York after US DST but before UK DST', '2026-03-10T12:00:00Z', { timeZone: 'America/New_York' }, '2026-03-10T13:00:00.000Z'],
    ['New York 17:00Z is 13:00 EDT: in hours', '2026-03-10T17:00:00Z', { timeZone: 'America/New_York' }, '2026-03-10T17:00:00.000Z'],
    ['New York Friday night (Saturday in London)', '2026-01-17T02:00:00Z', { timeZone: 'America/New_York' }, '2026-01-19T14:00:00.000Z'],
    ['Tokyo evening → next morning (previous UTC day)', '2026-01-05T10:00:00Z', { timeZone: 'Asia/Tokyo' }, '2026-01-06T00:00:00.000Z'],
    ['Tokyo Monday morning is Sunday in UTC: in hours', '2026-01-11T23:30:00Z', { timeZone: 'Asia/Tokyo' }, '2026-01-12T00:00:00.000Z'],
    ['Sydney (southern DST, AEDT +11)', '2026-01-14T20:00:00Z', { timeZone: 'Australia/Sydney' }, '2026-01-14T22:00:00.000Z'],
    ['Windows zone name from Graph', '2026-01-14T23:30:00Z', { timeZone: 'GMT Standard Time' }, '2026-01-15T09:00:00.000Z'],
  ])('%s', (_label, at, recipient, expected) => {
    expect(nextSendTime(new Date(at), recipient, ENGLAND_AND_WALES).toISOString()).toBe(expected);
  });

  it('uses the recipient’s own working hours, in their zone', () => {
    const early: WorkingHours = { daysOfWeek: [...weekdays], startTime: '07:30', endTime: '15:30', timeZone: 'Europe/London' };
    const r: NudgeRecipient = { timeZone: 'UTC', workingHours: early };
    expect(nextSendTime(new Date('2026-07-01T05:00:00Z'), r, ENGLAND_AND_WALES).toISOString()).toBe('2026-07-01T06:30:00.000Z');
    expect(nextSendTime(new Date('2026-07-01T15:00:00Z'), r, ENGLAND_AND_WALES).toISOString()).toBe('2026-07-02T06:30:00.000Z');
  });

  it('skips weekends even for people whose hours include Saturday, and their non-working weekdays', () => {
    const partTime: WorkingHours = { daysOfWeek: ['wednesday', 'saturday'], startTime: '09:00', endTime: '17:00', timeZone: 'Europe/London' };
    const r: NudgeRecipient = { timeZone: 'Europe/London', workingHours: partTime };
    // Thu 15 Jan → Sat skipped → Wed 21 Jan.
    expect(nextSendTime(new Date('2026-01-15T10:00:00Z'), r, ENGLAND_AND_WALES).toISOString()).toBe('2026-01-21T09:00:00.000Z');
  });

  it('hours past midnight belong to the day they start', () => {
    const nights: WorkingHours = { daysOfWeek: ['monday'], startTime: '22:00', endTime: '06:00', timeZone: 'Europe/London' };
    const r: NudgeRecipient = { timeZone: 'Europe/London', workingHours: nights };
    expect(nextSendTime(new Date('2026-01-13T03:00:00Z'), r, ENGLAND_AND_WALES).toISOString()).toBe('2026-01-13T03:00:00.000Z');
    expect(nextSendTime(new Date('2026-01-13T07:00:00Z'), r, ENGLAND_AND_WALES).toISOString()).toBe('2026-01-19T22:00:00.000Z');
  });

  it('a configured calendar changes the answer', () => {
    expect(nextSendTime(new Date('2026-04-03T10:00:00Z'), london, NO_HOLIDAYS).toISOString()).toBe('2026-04-03T10:00:00.000Z');
    expect(isWithinWorkingHours(new Date('2026-04-03T10:00:00Z'), london, ENGLAND_AND_WALES)).toBe(false);
  });

  it('refuses bad input', () => {
    expect(() => nextSendTime(new Date('nope'), london, ENGLAND_AND_WALES)).toThrow(RangeError);
    expect(() => nextSendTime(new Date(), { timeZone: 'Mars/Olympus' }, ENGLAND_AND_WALES)).toThrow(RangeError);
  });
});

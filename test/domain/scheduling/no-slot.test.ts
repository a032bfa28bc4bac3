import { describe, expect, it } from 'vitest';
import { addDays, isWorkingDay } from '../../../workflow/dates.js';
import { findSlots, type SlotQuery } from '../../../workflow/scheduling/find-slots.js';
import type { AttendeeAvailability, FreeBusyItem, NoSlotCause, NoSlotExplanation, SchedulingAttendee, SlotSearch } from '../../../workflow/scheduling/types.js';
import type { DayOfWeek, WorkingHours } from '../../../workflow/scheduling/working-hours.js';

const MON_FRI: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const hours = (timeZone: string, startTime = '09:00', endTime = '17:00', daysOfWeek: DayOfWeek[] = MON_FRI): WorkingHours => ({ daysOfWeek, startTime, endTime, timeZone });

function person(name: string, extra: Partial<SchedulingAttendee> = {}): SchedulingAttendee {
  return { id: name.toLowerCase().replace(/[^a-z]+/g, '-'), name, required: true, workingHours: hours('Europe/London'), freeBusy: [], ...extra };
}

const at = (start: string, end: string, status: FreeBusyItem['status'] = 'busy'): FreeBusyItem => ({ status, start, end });
const allDay = (firstDay: string, lastDay: string, status: FreeBusyItem['status'] = 'oof'): FreeBusyItem => ({ status, allDay: true, firstDay, lastDay });

/** Busy every weekday from `from` to `to` (inclusive) between the given UTC times (winter: UTC is London time). */
function everyDay(from: string, to: string, spans: [string, string][]): FreeBusyItem[] {
  const out: FreeBusyItem[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (!isWorkingDay(d)) continue;
    for (const [s, e] of spans) out.push(at(`${d}T${s}:00Z`, `${d}T${e}:00Z`));
  }
  return out;
}

/** Booked Monday 14 December 2026 10:00 for an audit due Thursday 31 December: earliest Tuesday 15th 10:00. */
const DECEMBER = { now: new Date('2026-12-14T10:00:00Z'), dueDate: '2026-12-31' } as const;

const ana = person('Ana Reviewer', { organiser: true });
const bea = person('Bea Practitioner');
const sam = person('Sam Patel');
const cy = person('Cy CRO', { required: false, freeBusy: [allDay('2026-12-01', '2026-12-31')] });
const samOnLeave = { ...sam, freeBusy: [allDay('2026-12-14', '2027-01-04')] };
const samHalfHours = { ...sam, freeBusy: everyDay('2026-12-14', '2026-12-31', [['09:00', '12:00'], ['12:30', '17:00']]) };

function explanation(result: SlotSearch): NoSlotExplanation {
  if (result.kind !== 'no-slot') throw new Error(`expected no slot, got ${result.kind}`);
  return result.explanation;
}

const names = (refs: readonly { name: string }[]) => refs.map((r) => r.name);
const firstStarts = (slots: readonly { start: string }[]) => slots.map((s) => s.start.replace(':00.000Z', 'Z'));

interface Case {
  readonly name: string;
  readonly attendees: SchedulingAttendee[];
  readonly query?: Partial<SlotQuery>;
  readonly cause: NoSlotCause;
  readonly message: string;
  readonly blockers: string[];
  readonly availability: Record<string, AttendeeAvailability>;
  /** Attendee left out → the first slots without them. */
  readonly without: Record<string, string[]>;
  readonly shorter?: { minutes: number; starts: string[] };
}

const table: Case[] = [
  {
    name: 'the team manager is on leave until after the deadline',
    attendees: [ana, bea, samOnLeave, cy],
    cause: 'attendee-unavailable',
    message: 'Sam Patel has no free 60-minute slot before Thu 31 Dec within working hours.',
    blockers: ['Sam Patel'],
    availability: { 'Ana Reviewer': 'available', 'Bea Practitioner': 'available', 'Sam Patel': 'out-of-office' },
    without: { 'Sam Patel': ['2026-12-15T10:00Z', '2026-12-15T11:00Z', '2026-12-15T12:00Z'] },
  },
  {
    name: 'the team manager has only half-hours free: a shorter meeting fits',
    attendees: [ana, bea, samHalfHours],
    cause: 'attendee-unavailable',
    message: 'Sam Patel has no free 60-minute slot before Thu 31 Dec within working hours.',
    blockers: ['Sam Patel'],
    availability: { 'Ana Reviewer': 'available', 'Bea Practitioner': 'available', 'Sam Patel': 'fully-booked' },
    without: { 'Sam Patel': ['2026-12-15T10:00Z', '2026-12-15T11:00Z', '2026-12-15T12:00Z'] },
    shorter: { minutes: 30, starts: ['2026-12-15T12:00Z', '2026-12-16T12:00Z', '2026-12-17T12:00Z'] },
  },
  {
    name: 'two people are blocked: both named, and leaving out one is not enough',
    attendees: [ana, { ...bea, freeBusy: everyDay('2026-12-14', '2026-12-31', [['09:00', '17:00']]) }, samOnLeave],
    cause: 'attendee-unavailable',
    message: 'Bea Practitioner and Sam Patel have no free 60-minute slot before Thu 31 Dec within working hours.',
    blockers: ['Bea Practitioner', 'Sam Patel'],
    availability: { 'Ana Reviewer': 'available', 'Bea Practitioner': 'fully-booked', 'Sam Patel': 'out-of-office' },
    without: {},
  },
  {
    name: 'the reviewer is the one blocked: named, never offered as the one to leave out',
    attendees: [{ ...ana, freeBusy: [allDay('2026-12-15', '2026-12-31')] }, bea, sam],
    cause: 'attendee-unavailable',
    message: 'Ana Reviewer has no free 60-minute slot before Thu 31 Dec within working hours.',
    blockers: ['Ana Reviewer'],
    availability: { 'Ana Reviewer': 'out-of-office', 'Bea Practitioner': 'available', 'Sam Patel': 'available' },
    without: {},
  },
  {
    name: 'someone works only on Mondays and there is no Monday before the deadline',
    attendees: [ana, { ...sam, workingHours: hours('Europe/London', '09:00', '17:00', ['monday']) }],
    query: { dueDate: '2026-12-18' },
    cause: 'attendee-unavailable',
    message: 'Sam Patel has no free 60-minute slot before Fri 18 Dec within working hours.',
    blockers: ['Sam Patel'],
    availability: { 'Ana Reviewer': 'available', 'Sam Patel': 'no-working-hours' },
    without: { 'Sam Patel': ['2026-12-15T10:00Z', '2026-12-15T11:00Z', '2026-12-15T12:00Z'] },
  },
  {
    name: 'mornings for one, afternoons for the other: never together',
    attendees: [
      { ...ana, freeBusy: everyDay('2026-12-14', '2026-12-31', [['09:00', '13:00']]) },
      { ...bea, freeBusy: everyDay('2026-12-14', '2026-12-31', [['13:00', '17:00']]) },
      sam,
      cy,
    ],
    cause: 'no-common-time',
    message:
      'Ana Reviewer, Bea Practitioner and Sam Patel have no 60-minute slot free together before Thu 31 Dec within working hours. Leaving out Ana Reviewer or Bea Practitioner would free a time.',
    blockers: ['Ana Reviewer', 'Bea Practitioner'],
    availability: { 'Ana Reviewer': 'available', 'Bea Practitioner': 'available', 'Sam Patel': 'available' },
    without: { 'Bea Practitioner': ['2026-12-15T13:00Z', '2026-12-15T14:00Z', '2026-12-15T15:00Z'] },
  },
  {
    name: 'London 09–17 and Los Angeles 09–17 touch at 17:00Z and never overlap',
    attendees: [ana, bea, person('Lee Chan', { workingHours: hours('America/Los_Angeles') })],
    cause: 'working-hours-do-not-overlap',
    message: 'The working hours of Ana Reviewer, Bea Practitioner and Lee Chan do not overlap for 60 minutes before Thu 31 Dec. Leaving out Lee Chan would free a time.',
    blockers: ['Lee Chan'],
    availability: { 'Ana Reviewer': 'available', 'Bea Practitioner': 'available', 'Lee Chan': 'available' },
    without: { 'Lee Chan': ['2026-12-15T10:00Z', '2026-12-15T11:00Z', '2026-12-15T12:00Z'] },
  },
  {
    name: 'Los Angeles from 08:30 overlaps London by half an hour: a 30-minute meeting fits',
    attendees: [ana, person('Lee Chan', { workingHours: hours('America/Los_Angeles', '08:30', '16:30') })],
    cause: 'working-hours-do-not-overlap',
    message: 'The working hours of Ana Reviewer and Lee Chan do not overlap for 60 minutes before Thu 31 Dec. Leaving out Ana Reviewer or Lee Chan would free a time.',
    blockers: ['Ana Reviewer', 'Lee Chan'],
    availability: { 'Ana Reviewer': 'available', 'Lee Chan': 'available' },
    without: { 'Lee Chan': ['2026-12-15T10:00Z', '2026-12-15T11:00Z', '2026-12-15T12:00Z'] },
    shorter: { minutes: 30, starts: ['2026-12-15T16:30Z', '2026-12-16T16:30Z', '2026-12-17T16:30Z'] },
  },
];

describe('no slot before the deadline: who blocks, and the ways out', () => {
  it.each(table)('$name', (c) => {
    const e = explanation(findSlots({ ...DECEMBER, attendees: c.attendees, ...c.query }));
    expect(e.cause).toBe(c.cause);
    expect(e.message).toBe(c.message);
    expect(names(e.blockers)).toEqual(c.blockers);
    expect(Object.fromEntries(e.attendees.map((a) => [a.attendee.name, a.availability]))).toEqual(c.availability);
    expect(Object.fromEntries(e.withoutAttendee.map((w) => [w.attendee.name, firstStarts(w.slots)]))).toEqual(c.without);
    expect(e.shorter && { minutes: e.shorter.minutes, starts: firstStarts(e.shorter.slots) }).toEqual(c.shorter);
  });

  it('never lists an optional attendee as a blocker, and flags them on the ways out', () => {
    const e = explanation(findSlots({ ...DECEMBER, attendees: [ana, bea, samOnLeave, cy] }));
    expect(e.attendees.map((a) => a.attendee.name)).not.toContain('Cy CRO');
    const withoutSam = e.withoutAttendee[0]!;
    expect(withoutSam.slots[0]!.flags).toEqual([{ attendee: { id: 'cy-cro', name: 'Cy CRO', required: false }, concern: 'oof' }]);
    // Sam is left out, so Sam is not flagged on those slots.
    expect(withoutSam.slots.flatMap((s) => s.flags.map((f) => f.attendee.name))).not.toContain('Sam Patel');
  });

  it('gives each available attendee\'s own first free time', () => {
    const e = explanation(findSlots({ ...DECEMBER, attendees: [{ ...ana, freeBusy: [allDay('2026-12-15', '2026-12-16')] }, samOnLeave] }));
    expect(e.attendees.map((a) => [a.attendee.name, a.firstFree])).toEqual([
      ['Ana Reviewer', '2026-12-17T09:00:00.000Z'],
      ['Sam Patel', undefined],
    ]);
  });

  it('says the deadline is too soon when the notice runs past it', () => {
    const result = findSlots({ now: new Date('2026-12-30T10:00:00Z'), dueDate: '2026-12-30', attendees: [ana, bea] });
    const e = explanation(result);
    expect(e).toEqual({
      cause: 'deadline-too-soon',
      message: "With a working day's notice the earliest a meeting can be is Thu 31 Dec, after the deadline of Wed 30 Dec.",
      blockers: [],
      attendees: [],
      withoutAttendee: [],
    });
    expect(result.window).toEqual({ earliest: '2026-12-31T10:00:00.000Z', deadline: '2026-12-31T00:00:00.000Z' });
  });

  it('finds the 30-minute meeting the explanation offered when asked for it', () => {
    const e = explanation(findSlots({ ...DECEMBER, attendees: [ana, bea, samHalfHours] }));
    const shorter = findSlots({ ...DECEMBER, attendees: [ana, bea, samHalfHours], minutes: e.shorter!.minutes });
    if (shorter.kind !== 'slots') throw new Error(shorter.kind);
    expect(shorter.slots).toEqual(e.shorter!.slots);
  });

  it('suggests nothing shorter than the floor', () => {
    const e = explanation(findSlots({ ...DECEMBER, attendees: [ana, bea, samHalfHours], shortestMinutes: 45, granularityMinutes: 15 }));
    expect(e.shorter).toBeUndefined();
    const e15 = explanation(findSlots({ ...DECEMBER, attendees: [ana, bea, samHalfHours], shortestMinutes: 15, granularityMinutes: 15 }));
    expect(e15.shorter?.minutes).toBe(30);
  });

  it('finds a slot once the deadline moves past the leave', () => {
    const later = findSlots({ ...DECEMBER, dueDate: '2027-01-08', attendees: [ana, bea, samOnLeave] });
    if (later.kind !== 'slots') throw new Error(later.kind);
    expect(later.slots[0]!.start).toBe('2027-01-05T09:00:00.000Z');
  });
});

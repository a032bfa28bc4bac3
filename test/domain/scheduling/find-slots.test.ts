import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../workflow/policy/profiles.js';
import { findSlots, formatSlot, meetingMinutes, type SlotQuery } from '../../../workflow/scheduling/find-slots.js';
import type { FreeBusyItem, FreeBusyStatus, SchedulingAttendee, SlotConcern, SlotSearch } from '../../../workflow/scheduling/types.js';
import { DEFAULT_WORKING_HOURS, type DayOfWeek, type WorkingHours, workingHoursFromMailbox } from '../../../workflow/scheduling/working-hours.js';

// ---- builders --------------------------------------------------------------------------------------------

const MON_FRI: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

function hours(timeZone: string, startTime = '09:00', endTime = '17:00', daysOfWeek: DayOfWeek[] = MON_FRI): WorkingHours {
  return { daysOfWeek, startTime, endTime, timeZone };
}

function person(name: string, extra: Partial<SchedulingAttendee> = {}): SchedulingAttendee {
  return { id: name.toLowerCase().replace(/[^a-z]+/g, '-'), name, required: true, workingHours: hours('Europe/London'), freeBusy: [], ...extra };
}

const at = (start: string, end: string, status: FreeBusyStatus = 'busy'): FreeBusyItem => ({ status, start, end });
const allDay = (firstDay: string, lastDay: string, status: FreeBusyStatus = 'oof'): FreeBusyItem => ({ status, allDay: true, firstDay, lastDay });

/** Back-to-back hour-long meetings on `date` from `fromHour` to `toHour` UTC. */
function backToBack(date: string, fromHour: number, toHour: number, minutes = 60): FreeBusyItem[] {
  const out: FreeBusyItem[] = [];
  for (let t = fromHour * 60; t < toHour * 60; t += minutes) {
    const iso = (m: number) => `${date}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00Z`;
    out.push(at(iso(t), iso(t + minutes)));
  }
  return out;
}

/** Booked Monday 2 Feb 2026 08:00 (winter, London = UTC): the earliest start is Tuesday 08:00, the deadline Friday night. */
const WINTER_WEEK = { now: new Date('2026-02-02T08:00:00Z'), dueDate: '2026-02-06' } as const;

function starts(result: SlotSearch): string[] {
  if (result.kind !== 'slots') throw new Error(`expected slots, got ${result.kind}: ${result.kind === 'no-slot' ? result.explanation.message : ''}`);
  return result.slots.map((s) => s.start.replace(':00.000Z', 'Z'));
}

function flagsOf(result: SlotSearch): [string, string[]][] {
  if (result.kind !== 'slots') throw new Error(`expected slots, got ${result.kind}`);
  return result.slots.map((s) => [s.start.replace(':00.000Z', 'Z'), s.flags.map((f) => `${f.attendee.name}:${f.concern}`)]);
}

function search(attendees: SchedulingAttendee[], extra: Partial<SlotQuery> = {}): SlotSearch {
  return findSlots({ ...WINTER_WEEK, attendees, ...extra });
}

// ---- scenarios -------------------------------------------------------------------------------------------

describe('three people in three time zones, each in their own working hours', () => {
  const ana = person('Ana Reviewer', { organiser: true });
  const bea = person('Bea Berlin', { workingHours: hours('Europe/Berlin', '08:00', '16:00') });
  const cal = person('Cal NewYork', { workingHours: hours('America/New_York', '08:00', '16:00') });

  /**
   * London 09–17, Berlin 08–16 and New York 08–16 local. In winter that is 09–17Z, 07–15Z and 13–21Z: 13:00–15:00Z
   * together. From 8 March only New York has moved its clocks (12–20Z): 12:00–15:00Z. From 29 March Europe has too
   * (London 08–16Z, Berlin 06–14Z): 12:00–14:00Z.
   */
  const table: { name: string; now: string; dueDate: string; calBusy?: FreeBusyItem[]; expected: string[] }[] = [
    {
      name: 'winter: 13:00–15:00Z together',
      now: '2026-02-02T08:00:00Z',
      dueDate: '2026-02-06',
      expected: ['2026-02-03T13:00Z', '2026-02-03T14:00Z', '2026-02-04T13:00Z'],
    },
    {
      name: 'winter, New York busy 13:30–14:00Z: the next slot on the grid is 14:00Z',
      now: '2026-02-02T08:00:00Z',
      dueDate: '2026-02-06',
      calBusy: [at('2026-02-03T13:30:00Z', '2026-02-03T14:00:00Z')],
      expected: ['2026-02-03T14:00Z', '2026-02-04T13:00Z', '2026-02-04T14:00Z'],
    },
    {
      name: 'only America on summer time: 12:00–15:00Z together',
      now: '2026-03-09T08:00:00Z',
      dueDate: '2026-03-13',
      expected: ['2026-03-10T12:00Z', '2026-03-10T13:00Z', '2026-03-10T14:00Z'],
    },
    {
      name: 'everyone on summer time: 12:00–14:00Z together',
      now: '2026-03-30T07:00:00Z',
      dueDate: '2026-04-03',
      expected: ['2026-03-31T12:00Z', '2026-03-31T13:00Z', '2026-04-01T12:00Z'],
    },
  ];

  it.each(table)('$name', ({ now, dueDate, calBusy, expected }) => {
    const result = findSlots({ now: new Date(now), dueDate, attendees: [ana, bea, { ...cal, freeBusy: calBusy ?? [] }] });
    expect(starts(result)).toEqual(expected);
  });

  it('offers the same instants whichever attendee is listed first', () => {
    const a = findSlots({ ...WINTER_WEEK, attendees: [ana, bea, cal] });
    const b = findSlots({ ...WINTER_WEEK, attendees: [cal, bea, ana] });
    expect(starts(b)).toEqual(starts(a));
  });

  it('shows a slot in each reader\'s own time', () => {
    const slot = { start: '2026-03-10T12:00:00.000Z', end: '2026-03-10T13:00:00.000Z' };
    expect(formatSlot(slot, 'Europe/London')).toBe('Tue 10 Mar, 12:00–13:00');
    expect(formatSlot(slot, 'America/New_York')).toBe('Tue 10 Mar, 08:00–09:00');
    expect(formatSlot(slot, 'Australia/Sydney')).toBe('Tue 10 Mar, 23:00–Wed 11 Mar, 00:00');
  });
});

describe('daylight-saving changes: working hours are wall-clock time', () => {
  /**
   * Two people in one zone; the first is busy all of the Friday before the change, so the first slots fall on the
   * Monday after it, at 09:00 local: an hour earlier in UTC in spring, an hour later in autumn.
   */
  const table: { name: string; zone: string; now: string; dueDate: string; busyFriday: [string, string]; expected: string[] }[] = [
    {
      name: 'London, spring forward (29 Mar): Friday 09:00 GMT is 09:00Z, Monday 09:00 BST is 08:00Z',
      zone: 'Europe/London',
      now: '2026-03-26T08:00:00Z',
      dueDate: '2026-03-31',
      busyFriday: ['2026-03-27T09:00:00Z', '2026-03-27T17:00:00Z'],
      expected: ['2026-03-30T08:00Z', '2026-03-30T09:00Z', '2026-03-30T10:00Z'],
    },
    {
      name: 'London, fall back (25 Oct): Friday 09:00 BST is 08:00Z, Monday 09:00 GMT is 09:00Z',
      zone: 'Europe/London',
      now: '2026-10-22T07:00:00Z',
      dueDate: '2026-10-27',
      busyFriday: ['2026-10-23T08:00:00Z', '2026-10-23T16:00:00Z'],
      expected: ['2026-10-26T09:00Z', '2026-10-26T10:00Z', '2026-10-26T11:00Z'],
    },
    {
      name: 'New York, spring forward (8 Mar): Friday 09:00 EST is 14:00Z, Monday 09:00 EDT is 13:00Z',
      zone: 'America/New_York',
      now: '2026-03-05T13:00:00Z',
      dueDate: '2026-03-10',
      busyFriday: ['2026-03-06T14:00:00Z', '2026-03-06T22:00:00Z'],
      expected: ['2026-03-09T13:00Z', '2026-03-09T14:00Z', '2026-03-09T15:00Z'],
    },
    {
      name: 'New York, fall back (1 Nov): Friday 09:00 EDT is 13:00Z, Monday 09:00 EST is 14:00Z',
      zone: 'America/New_York',
      now: '2026-10-29T12:00:00Z',
      dueDate: '2026-11-03',
      busyFriday: ['2026-10-30T13:00:00Z', '2026-10-30T21:00:00Z'],
      expected: ['2026-11-02T14:00Z', '2026-11-02T15:00Z', '2026-11-02T16:00Z'],
    },
  ];

  it.each(table)('$name', ({ zone, now, dueDate, busyFriday, expected }) => {
    const attendees = [
      person('Ana Reviewer', { workingHours: hours(zone), freeBusy: [at(...busyFriday)] }),
      person('Bea Practitioner', { workingHours: hours(zone) }),
    ];
    expect(starts(findSlots({ now: new Date(now), dueDate, timeZone: zone, attendees }))).toEqual(expected);
  });

  it.each([
    ['Friday before the spring change: 09:00–17:00Z', '2026-03-26T08:00:00Z', '2026-03-27', 'T09:00Z', 'T16:00Z'],
    ['Monday after the spring change: 08:00–16:00Z', '2026-03-27T08:00:00Z', '2026-03-30', 'T08:00Z', 'T15:00Z'],
    ['Friday before the autumn change: 08:00–16:00Z', '2026-10-22T07:00:00Z', '2026-10-23', 'T08:00Z', 'T15:00Z'],
    ['Monday after the autumn change: 09:00–17:00Z', '2026-10-23T08:00:00Z', '2026-10-26', 'T09:00Z', 'T16:00Z'],
  ])('a whole London day, %s', (_name, now, day, first, last) => {
    const result = findSlots({ now: new Date(now), dueDate: day, count: 20, attendees: [person('Ana Reviewer')] });
    const s = starts(result);
    expect(s).toHaveLength(8);
    expect(s[0]).toBe(`${day}${first}`);
    expect(s[7]).toBe(`${day}${last}`);
  });

  it('keeps a 09:00 local start for people either side of the Atlantic in the weeks the changes differ', () => {
    // 16 Mar: New York is on EDT (−4), London still on GMT. A New Yorker 09–17 local works 13–21Z.
    const result = findSlots({
      now: new Date('2026-03-13T12:00:00Z'),
      dueDate: '2026-03-17',
      attendees: [person('Ana Reviewer', { workingHours: hours('Europe/London', '09:00', '17:00') }), person('Cal NewYork', { workingHours: hours('America/New_York') })],
    });
    expect(starts(result)).toEqual(['2026-03-16T13:00Z', '2026-03-16T14:00Z', '2026-03-16T15:00Z']);
  });
});

describe('a back-to-back day', () => {
  const ana = person('Ana Reviewer', { organiser: true });

  const table: { name: string; bea: FreeBusyItem[]; count?: number; minutes?: number; granularityMinutes?: number; expected: string[] }[] = [
    {
      name: 'Tuesday booked solid 09–17 in hour-long meetings: Wednesday 09:00 is first',
      bea: backToBack('2026-02-03', 9, 17),
      expected: ['2026-02-04T09:00Z', '2026-02-04T10:00Z', '2026-02-04T11:00Z'],
    },
    {
      name: 'Tuesday booked solid in half-hour meetings: the same',
      bea: backToBack('2026-02-03', 9, 17, 30),
      expected: ['2026-02-04T09:00Z', '2026-02-04T10:00Z', '2026-02-04T11:00Z'],
    },
    {
      name: 'an hour free between back-to-back blocks fits exactly (meetings end as the next begins)',
      bea: [...backToBack('2026-02-03', 9, 13), ...backToBack('2026-02-03', 14, 17)],
      expected: ['2026-02-03T13:00Z', '2026-02-04T09:00Z', '2026-02-04T10:00Z'],
    },
    {
      name: '45 minutes free between blocks is too short for an hour',
      bea: [...backToBack('2026-02-03', 9, 13), at('2026-02-03T13:45:00Z', '2026-02-03T17:00:00Z')],
      expected: ['2026-02-04T09:00Z'],
      count: 1,
    },
    {
      name: '45 minutes free fits a 45-minute meeting on a 15-minute grid',
      bea: [...backToBack('2026-02-03', 9, 13), at('2026-02-03T13:45:00Z', '2026-02-03T17:00:00Z')],
      minutes: 45,
      granularityMinutes: 15,
      expected: ['2026-02-03T13:00Z'],
      count: 1,
    },
    {
      name: 'a meeting ending 10:15 puts the next start on the grid, 10:30',
      bea: [at('2026-02-03T09:00:00Z', '2026-02-03T10:15:00Z')],
      expected: ['2026-02-03T10:30Z', '2026-02-03T11:30Z'],
      count: 2,
    },
    {
      name: 'on an hourly grid it is 11:00',
      bea: [at('2026-02-03T09:00:00Z', '2026-02-03T10:15:00Z')],
      granularityMinutes: 60,
      expected: ['2026-02-03T11:00Z', '2026-02-03T12:00Z'],
      count: 2,
    },
  ];

  it.each(table)('$name', ({ bea, count, minutes, granularityMinutes, expected }) => {
    const result = search([ana, person('Bea Practitioner', { freeBusy: bea })], { ...(count ? { count } : {}), ...(minutes ? { minutes } : {}), ...(granularityMinutes ? { granularityMinutes } : {}) });
    expect(starts(result)).toEqual(expected);
  });

  it('finds nothing on a day two diaries fill between them, alternating hours', () => {
    const odd = [9, 11, 13, 15].map((h) => at(`2026-02-03T${String(h).padStart(2, '0')}:00:00Z`, `2026-02-03T${String(h + 1).padStart(2, '0')}:00:00Z`));
    const even = [10, 12, 14, 16].map((h) => at(`2026-02-03T${String(h).padStart(2, '0')}:00:00Z`, `2026-02-03T${String(h + 1).padStart(2, '0')}:00:00Z`));
    const result = search([person('Ana Reviewer', { freeBusy: odd }), person('Bea Practitioner', { freeBusy: even })], { count: 1 });
    expect(starts(result)).toEqual(['2026-02-04T09:00Z']);
  });
});

describe('tentative bookings count as available, and the slot is flagged', () => {
  const ana = person('Ana Reviewer', { organiser: true });
  const tentative9 = at('2026-02-03T09:00:00Z', '2026-02-03T10:00:00Z', 'tentative');

  const table: { name: string; attendees: SchedulingAttendee[]; expected: [string, string[]][] }[] = [
    {
      name: 'a required attendee\'s tentative hour is offered, flagged',
      attendees: [ana, person('Bea Practitioner', { freeBusy: [tentative9] })],
      expected: [
        ['2026-02-03T09:00Z', ['Bea Practitioner:tentative']],
        ['2026-02-03T10:00Z', []],
        ['2026-02-03T11:00Z', []],
      ],
    },
    {
      name: 'the same hour busy is not offered',
      attendees: [ana, person('Bea Practitioner', { freeBusy: [{ ...tentative9, status: 'busy' }] })],
      expected: [
        ['2026-02-03T10:00Z', []],
        ['2026-02-03T11:00Z', []],
        ['2026-02-03T12:00Z', []],
      ],
    },
    {
      name: 'a tentative half hour flags each slot it touches',
      attendees: [ana, person('Bea Practitioner', { freeBusy: [at('2026-02-03T09:30:00Z', '2026-02-03T10:30:00Z', 'tentative')] })],
      expected: [
        ['2026-02-03T09:00Z', ['Bea Practitioner:tentative']],
        ['2026-02-03T10:00Z', ['Bea Practitioner:tentative']],
        ['2026-02-03T11:00Z', []],
      ],
    },
    {
      name: 'an optional attendee\'s tentative hour is flagged too',
      attendees: [ana, person('Bea Practitioner'), person('Cy CRO', { required: false, freeBusy: [tentative9] })],
      expected: [
        ['2026-02-03T09:00Z', ['Cy CRO:tentative']],
        ['2026-02-03T10:00Z', []],
        ['2026-02-03T11:00Z', []],
      ],
    },
    {
      name: 'a tentative all-day item flags the whole day',
      attendees: [ana, person('Bea Practitioner', { freeBusy: [allDay('2026-02-03', '2026-02-03', 'tentative')] })],
      expected: [
        ['2026-02-03T09:00Z', ['Bea Practitioner:tentative']],
        ['2026-02-03T10:00Z', ['Bea Practitioner:tentative']],
        ['2026-02-03T11:00Z', ['Bea Practitioner:tentative']],
      ],
    },
    {
      name: 'working elsewhere is free (the meeting is on Teams); unknown is busy',
      attendees: [
        ana,
        person('Bea Practitioner', {
          freeBusy: [at('2026-02-03T09:00:00Z', '2026-02-03T11:00:00Z', 'workingElsewhere'), at('2026-02-03T10:00:00Z', '2026-02-03T12:00:00Z', 'free')],
        }),
        person('Tom Manager', { freeBusy: [at('2026-02-03T10:00:00Z', '2026-02-03T11:00:00Z', 'unknown')] }),
      ],
      expected: [
        ['2026-02-03T09:00Z', []],
        ['2026-02-03T11:00Z', []],
        ['2026-02-03T12:00Z', []],
      ],
    },
  ];

  it.each(table)('$name', ({ attendees, expected }) => {
    expect(flagsOf(search(attendees))).toEqual(expected);
  });
});

describe('working hours missing: the policy default is used', () => {
  const noHours = (name: string, extra: Partial<SchedulingAttendee> = {}): SchedulingAttendee => {
    const { workingHours: _omit, ...rest } = person(name, extra);
    return rest;
  };

  it('uses Monday–Friday 09:00–17:00 UK time for someone whose mailbox gives no hours', () => {
    const result = search([person('Ana Reviewer', { workingHours: hours('Europe/London', '07:00', '19:00') }), noHours('Bea Practitioner')]);
    expect(starts(result)).toEqual(['2026-02-03T09:00Z', '2026-02-03T10:00Z', '2026-02-03T11:00Z']);
    expect(result.hours.map((h) => [h.attendee.name, h.source])).toEqual([
      ['Ana Reviewer', 'mailbox'],
      ['Bea Practitioner', 'policy-default'],
    ]);
    expect(result.hours[1]!.workingHours).toEqual(DEFAULT_WORKING_HOURS);
  });

  /** [name, attendee, query extras, first slots, the hours used]. */
  const table: [string, SchedulingAttendee, Partial<SlotQuery>, string[], Partial<WorkingHours>][] = [
    ['default hours in the person\'s own zone when known (New York, 09–17 EST = 14–22Z)', noHours('Cal NewYork', { timeZone: 'America/New_York' }), {}, ['2026-02-03T14:00Z', '2026-02-03T15:00Z', '2026-02-03T16:00Z'], { timeZone: 'America/New_York', startTime: '09:00' }],
    ['an authority\'s own default, 10:00–16:00', noHours('Bea Practitioner'), { defaultWorkingHours: hours('Europe/London', '10:00', '16:00') }, ['2026-02-03T10:00Z', '2026-02-03T11:00Z', '2026-02-03T12:00Z'], { startTime: '10:00', endTime: '16:00' }],
    ['mailbox hours in a zone nobody knows fall back to the default', person('Bea Practitioner', { workingHours: hours('Customized Time Zone', '07:00', '08:00') }), {}, ['2026-02-03T09:00Z', '2026-02-03T10:00Z', '2026-02-03T11:00Z'], { startTime: '09:00', timeZone: 'Europe/London' }],
    ['a Windows zone name from Outlook is understood', person('Cal NewYork', { workingHours: hours('Eastern Standard Time', '09:00', '17:00') }), {}, ['2026-02-03T14:00Z', '2026-02-03T15:00Z', '2026-02-03T16:00Z'], { timeZone: 'America/New_York' }],
  ];

  it.each(table)('%s', (_name, attendee, extra, expected, used) => {
    const result = search([person('Ana Reviewer', { workingHours: hours('Europe/London', '00:00', '24:00') }), attendee], extra);
    expect(starts(result)).toEqual(expected);
    expect(result.hours[1]!.workingHours).toMatchObject(used);
  });

  it('says why present mailbox hours were not used', () => {
    const result = search([person('Bea Practitioner', { workingHours: hours('Customized Time Zone') })]);
    expect(result.hours[0]).toMatchObject({ source: 'policy-default', note: expect.stringContaining('Customized Time Zone') });
  });

  it.each([
    ['Graph\'s shape', { daysOfWeek: ['monday', 'friday'], startTime: '08:30:00.0000000', endTime: '16:30:00.0000000', timeZone: { name: 'Europe/London' } }, { daysOfWeek: ['monday', 'friday'], startTime: '08:30:00.0000000', endTime: '16:30:00.0000000', timeZone: 'Europe/London' }],
    ['a Windows zone name', { daysOfWeek: ['Monday'], startTime: '09:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'GMT Standard Time' } }, { daysOfWeek: ['monday'], startTime: '09:00:00.0000000', endTime: '17:00:00.0000000', timeZone: 'Europe/London' }],
    ['no days', { daysOfWeek: [], startTime: '09:00', endTime: '17:00', timeZone: { name: 'Europe/London' } }, undefined],
    ['an unknown zone', { daysOfWeek: ['monday'], startTime: '09:00', endTime: '17:00', timeZone: { name: 'Customized Time Zone' } }, undefined],
    ['a broken time', { daysOfWeek: ['monday'], startTime: 'nine', endTime: '17:00', timeZone: { name: 'Europe/London' } }, undefined],
    ['nothing', null, undefined],
  ])('reads mailbox working hours: %s', (_name, raw, expected) => {
    expect(workingHoursFromMailbox(raw)).toEqual(expected);
  });

  it('takes the meeting length from the profile, 60 by default', () => {
    expect(meetingMinutes()).toBe(60);
    expect(meetingMinutes(loadProfile('west-sussex'))).toBe(60);
    expect(meetingMinutes(loadProfile('scsp'))).toBe(90);
    const ninety = search([person('Ana Reviewer')], { minutes: meetingMinutes(loadProfile('scsp')) });
    if (ninety.kind !== 'slots') throw new Error(ninety.kind);
    expect(ninety.slots.map((s) => [s.start, s.end])).toEqual([
      ['2026-02-03T09:00:00.000Z', '2026-02-03T10:30:00.000Z'],
      ['2026-02-03T10:30:00.000Z', '2026-02-03T12:00:00.000Z'],
      ['2026-02-03T12:00:00.000Z', '2026-02-03T13:30:00.000Z'],
    ]);
  });

  it('supports hours that run past midnight', () => {
    const night = person('Nia Night', { workingHours: hours('Europe/London', '22:00', '02:00', ['monday']) });
    const result = findSlots({ now: new Date('2026-02-06T12:00:00Z'), dueDate: '2026-02-13', count: 5, attendees: [night] });
    expect(starts(result)).toEqual(['2026-02-09T22:00Z', '2026-02-09T23:00Z', '2026-02-10T00:00Z', '2026-02-10T01:00Z']);
  });

  it('gives a night shift across the spring change its seven real hours, and across the autumn change its nine', () => {
    const night = (day: DayOfWeek) => person('Nia Night', { workingHours: hours('Europe/London', '22:00', '06:00', [day]) });
    // Saturday 28 March 22:00 GMT to Sunday 06:00 BST (05:00Z).
    const spring = findSlots({ now: new Date('2026-03-26T12:00:00Z'), dueDate: '2026-03-29', count: 20, attendees: [night('saturday')] });
    expect(starts(spring)).toEqual(['2026-03-28T22:00Z', '2026-03-28T23:00Z', '2026-03-29T00:00Z', '2026-03-29T01:00Z', '2026-03-29T02:00Z', '2026-03-29T03:00Z', '2026-03-29T04:00Z']);
    // Saturday 24 October 22:00 BST (21:00Z) to Sunday 06:00 GMT.
    const autumn = findSlots({ now: new Date('2026-10-22T12:00:00Z'), dueDate: '2026-10-25', count: 20, attendees: [night('saturday')] });
    expect(starts(autumn)).toHaveLength(9);
    expect(starts(autumn)[0]).toBe('2026-10-24T21:00Z');
    expect(starts(autumn)[8]).toBe('2026-10-25T05:00Z');
  });
});

describe('optional attendees: busy is flagged, never a reason to drop a slot', () => {
  const ana = person('Ana Reviewer', { organiser: true });
  const bea = person('Bea Practitioner');
  const cro = (extra: Partial<SchedulingAttendee>) => person('Cy CRO', { required: false, ...extra });

  const table: { name: string; cy: SchedulingAttendee; expected: [string, string[]][] }[] = [
    {
      name: 'busy at 09:00: offered, flagged',
      cy: cro({ freeBusy: [at('2026-02-03T09:00:00Z', '2026-02-03T10:00:00Z')] }),
      expected: [
        ['2026-02-03T09:00Z', ['Cy CRO:busy']],
        ['2026-02-03T10:00Z', []],
        ['2026-02-03T11:00Z', []],
      ],
    },
    {
      name: 'on leave all week: every slot flagged',
      cy: cro({ freeBusy: [allDay('2026-02-02', '2026-02-06')] }),
      expected: [
        ['2026-02-03T09:00Z', ['Cy CRO:oof']],
        ['2026-02-03T10:00Z', ['Cy CRO:oof']],
        ['2026-02-03T11:00Z', ['Cy CRO:oof']],
      ],
    },
    {
      name: 'in New York: London mornings are outside their hours',
      cy: cro({ workingHours: hours('America/New_York', '05:00', '13:00') }),
      expected: [
        ['2026-02-03T09:00Z', ['Cy CRO:outside-working-hours']],
        ['2026-02-03T10:00Z', []],
        ['2026-02-03T11:00Z', []],
      ],
    },
    {
      name: 'unknown availability: flagged as unknown',
      cy: cro({ freeBusy: [at('2026-02-03T10:00:00Z', '2026-02-03T10:30:00Z', 'unknown')] }),
      expected: [
        ['2026-02-03T09:00Z', []],
        ['2026-02-03T10:00Z', ['Cy CRO:unknown']],
        ['2026-02-03T11:00Z', []],
      ],
    },
  ];

  it.each(table)('$name', ({ cy, expected }) => {
    expect(flagsOf(search([ana, bea, cy]))).toEqual(expected);
  });

  it('drops the slot when the same person is required', () => {
    const busyCy = { freeBusy: [at('2026-02-03T09:00:00Z', '2026-02-03T10:00:00Z')] };
    expect(starts(search([ana, bea, cro(busyCy)]))[0]).toBe('2026-02-03T09:00Z');
    expect(starts(search([ana, bea, cro({ ...busyCy, required: true })]))[0]).toBe('2026-02-03T10:00Z');
  });

  it('names both an optional attendee who is busy and a required one who is tentative, in the order given', () => {
    const result = search([
      ana,
      person('Bea Practitioner', { freeBusy: [at('2026-02-03T09:00:00Z', '2026-02-03T09:30:00Z', 'tentative')] }),
      cro({ freeBusy: [at('2026-02-03T09:00:00Z', '2026-02-03T10:00:00Z')] }),
    ]);
    if (result.kind !== 'slots') throw new Error(result.kind);
    expect(result.slots[0]!.flags).toEqual([
      { attendee: { id: 'bea-practitioner', name: 'Bea Practitioner', required: true }, concern: 'tentative' },
      { attendee: { id: 'cy-cro', name: 'Cy CRO', required: false }, concern: 'busy' satisfies SlotConcern },
    ]);
  });
});

describe('all-day and multi-day items are whole local days in the attendee\'s own zone', () => {
  const ana = person('Ana Reviewer', { organiser: true });

  const table: { name: string; bea: SchedulingAttendee; ana?: SchedulingAttendee; now?: string; dueDate?: string; count?: number; expected: string[] }[] = [
    {
      name: 'a day\'s leave on Tuesday: Wednesday 09:00 first',
      bea: person('Bea Practitioner', { freeBusy: [allDay('2026-02-03', '2026-02-03')] }),
      expected: ['2026-02-04T09:00Z', '2026-02-04T10:00Z', '2026-02-04T11:00Z'],
    },
    {
      name: 'leave Tuesday to Thursday: Friday first',
      bea: person('Bea Practitioner', { freeBusy: [allDay('2026-02-03', '2026-02-05')] }),
      expected: ['2026-02-06T09:00Z', '2026-02-06T10:00Z', '2026-02-06T11:00Z'],
    },
    {
      name: 'an all-day training day shown as busy blocks as leave does',
      bea: person('Bea Practitioner', { freeBusy: [allDay('2026-02-03', '2026-02-03', 'busy')] }),
      count: 1,
      expected: ['2026-02-04T09:00Z'],
    },
    {
      name: 'an all-day "free" marker (a reminder) blocks nothing',
      bea: person('Bea Practitioner', { freeBusy: [allDay('2026-02-03', '2026-02-06', 'free')] }),
      count: 1,
      expected: ['2026-02-03T09:00Z'],
    },
    {
      name: 'a whole day in Sydney (UTC+11) is 13:00Z the day before to 13:00Z: Tuesday morning is still free',
      bea: person('Bea Seconded', { timeZone: 'Australia/Sydney', freeBusy: [allDay('2026-02-04', '2026-02-04')] }),
      count: 5,
      expected: ['2026-02-03T09:00Z', '2026-02-03T10:00Z', '2026-02-03T11:00Z', '2026-02-03T12:00Z', '2026-02-04T13:00Z'],
    },
    {
      name: 'leave on Monday 30 March, just after the clocks go forward, covers 29 Mar 23:00Z to 30 Mar 23:00Z',
      bea: person('Bea Practitioner', { freeBusy: [allDay('2026-03-30', '2026-03-30')] }),
      now: '2026-03-27T07:00:00Z',
      dueDate: '2026-04-03',
      count: 2,
      expected: ['2026-03-31T08:00Z', '2026-03-31T09:00Z'],
    },
    {
      name: '… which, for people who work round the clock, frees Tuesday 00:00 BST (30 Mar 23:00Z)',
      bea: person('Bea Practitioner', { workingHours: hours('Europe/London', '00:00', '24:00'), freeBusy: [allDay('2026-03-30', '2026-03-30')] }),
      ana: person('Ana Reviewer', { workingHours: hours('Europe/London', '00:00', '24:00') }),
      now: '2026-03-27T07:00:00Z',
      dueDate: '2026-04-03',
      count: 2,
      expected: ['2026-03-30T23:00Z', '2026-03-31T00:00Z'],
    },
    {
      name: 'a timed multi-day absence over a weekend: Thursday noon to Tuesday noon',
      bea: person('Bea Practitioner', { freeBusy: [at('2026-02-05T12:00:00Z', '2026-02-10T12:00:00Z', 'oof')] }),
      now: '2026-02-03T08:00:00Z',
      dueDate: '2026-02-13',
      count: 4,
      expected: ['2026-02-04T09:00Z', '2026-02-04T10:00Z', '2026-02-04T11:00Z', '2026-02-04T12:00Z'],
    },
  ];

  it.each(table)('$name', ({ bea, ana: reviewer, now, dueDate, count, expected }) => {
    const result = findSlots({ now: new Date(now ?? WINTER_WEEK.now), dueDate: dueDate ?? WINTER_WEEK.dueDate, count: count ?? 3, attendees: [reviewer ?? ana, bea] });
    expect(starts(result)).toEqual(expected);
  });

  it('the multi-day absence ends at noon on Tuesday', () => {
    const result = findSlots({
      now: new Date('2026-02-03T08:00:00Z'),
      from: '2026-02-05T00:00:00Z',
      dueDate: '2026-02-13',
      count: 2,
      attendees: [ana, person('Bea Practitioner', { freeBusy: [at('2026-02-05T12:00:00Z', '2026-02-10T12:00:00Z', 'oof')] })],
    });
    expect(starts(result)).toEqual(['2026-02-05T09:00Z', '2026-02-05T10:00Z']);
    const after = findSlots({
      now: new Date('2026-02-03T08:00:00Z'),
      from: '2026-02-05T11:00:00Z',
      dueDate: '2026-02-13',
      count: 2,
      attendees: [ana, person('Bea Practitioner', { freeBusy: [at('2026-02-05T12:00:00Z', '2026-02-10T12:00:00Z', 'oof')] })],
    });
    expect(starts(after)).toEqual(['2026-02-05T11:00Z', '2026-02-10T12:00Z']);
  });
});

describe('paging: "show later times"', () => {
  const attendees = [person('Ana Reviewer', { organiser: true }), person('Bea Practitioner', { freeBusy: [allDay('2026-02-04', '2026-02-04')] })];

  it('pages through every slot to the deadline, without gaps or repeats', () => {
    const every = findSlots({ ...WINTER_WEEK, attendees, count: 1000 });
    if (every.kind !== 'slots') throw new Error(every.kind);
    expect(every.later).toBeUndefined();
    // Tue, Thu, Fri: 8 hour-long slots each (Wednesday is leave).
    expect(every.slots).toHaveLength(24);

    const paged: string[] = [];
    let from: string | undefined;
    let pages = 0;
    for (;;) {
      const result = findSlots({ ...WINTER_WEEK, attendees, ...(from ? { from } : {}) });
      if (result.kind !== 'slots') throw new Error(result.kind);
      expect(result.slots.length).toBe(3);
      paged.push(...result.slots.map((s) => s.start));
      pages += 1;
      if (!result.later) break;
      from = result.later.from;
    }
    expect(pages).toBe(8);
    expect(paged).toEqual(every.slots.map((s) => s.start));
  });

  it('continues where the last slot ends', () => {
    const first = search(attendees);
    if (first.kind !== 'slots') throw new Error(first.kind);
    expect(first.later).toEqual({ from: '2026-02-03T12:00:00.000Z' });
    expect(starts(search(attendees, { from: first.later!.from }))).toEqual(['2026-02-03T12:00Z', '2026-02-03T13:00Z', '2026-02-03T14:00Z']);
  });

  it('after the last slot says there are no later times, which is not "no slot"', () => {
    const result = search(attendees, { from: '2026-02-06T16:30:00Z' });
    expect(result.kind).toBe('no-later-slots');
  });

  it('never pages back before the notice allows', () => {
    expect(starts(search(attendees, { from: '2026-01-01T00:00:00Z' }))).toEqual(starts(search(attendees)));
  });

  it('can offer one slot a day, paging to later days', () => {
    const first = search(attendees, { onePerDay: true, count: 2 });
    expect(starts(first)).toEqual(['2026-02-03T09:00Z', '2026-02-05T09:00Z']);
    if (first.kind !== 'slots') throw new Error(first.kind);
    expect(first.later).toEqual({ from: '2026-02-06T00:00:00.000Z' });
    const second = search(attendees, { onePerDay: true, count: 2, from: first.later!.from });
    expect(starts(second)).toEqual(['2026-02-06T09:00Z']);
    if (second.kind !== 'slots') throw new Error(second.kind);
    expect(second.later).toBeUndefined();
  });

  it('starts a reviewer\'s day at local midnight when paging by day in summer time', () => {
    const summer = search([person('Ana Reviewer')], { now: new Date('2026-06-01T07:00:00Z'), dueDate: '2026-06-05', onePerDay: true, count: 1 });
    if (summer.kind !== 'slots') throw new Error(summer.kind);
    expect(summer.slots[0]!.start).toBe('2026-06-02T08:00:00.000Z');
    expect(summer.later).toEqual({ from: '2026-06-02T23:00:00.000Z' });
  });
});

describe('input the finder refuses', () => {
  it.each<[string, Partial<SlotQuery>]>([
    ['no required attendee', { attendees: [person('Cy CRO', { required: false })] }],
    ['the same person twice', { attendees: [person('Ana Reviewer'), person('Ana Reviewer')] }],
    ['two organisers', { attendees: [person('Ana Reviewer', { organiser: true }), person('Bea Practitioner', { organiser: true })] }],
    ['a time without an offset', { attendees: [person('Ana Reviewer', { freeBusy: [at('2026-02-03T09:00:00', '2026-02-03T10:00:00')] })] }],
    ['an item that ends before it starts', { attendees: [person('Ana Reviewer', { freeBusy: [at('2026-02-03T10:00:00Z', '2026-02-03T09:00:00Z')] })] }],
    ['an all-day item backwards', { attendees: [person('Ana Reviewer', { freeBusy: [allDay('2026-02-05', '2026-02-03')] })] }],
    ['a zero-minute meeting', { attendees: [person('Ana Reviewer')], minutes: 0 }],
    ['an unknown reviewer zone', { attendees: [person('Ana Reviewer')], timeZone: 'Nowhere/Special' }],
    ['a due date that is not a date', { attendees: [person('Ana Reviewer')], dueDate: '31/12/2026' }],
  ])('%s', (_name, query) => {
    expect(() => findSlots({ ...WINTER_WEEK, attendees: [], ...query })).toThrow(RangeError);
  });
});

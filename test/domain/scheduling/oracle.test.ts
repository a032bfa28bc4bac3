import { describe, expect, it } from 'vitest';
import { addDays } from '../../../workflow/dates.js';
import { findSlots } from '../../../workflow/scheduling/find-slots.js';
import type { FreeBusyItem, FreeBusyStatus, SchedulingAttendee } from '../../../workflow/scheduling/types.js';
import { DAYS_OF_WEEK, type DayOfWeek } from '../../../workflow/scheduling/working-hours.js';

/**
 * Random calendars across time zones and daylight-saving changes, checked against a brute-force oracle that shares
 * no code with the finder: it walks every quarter hour of every candidate slot and asks Intl, for each attendee,
 * what weekday and time it is on their wall and which calendar items cover it.
 */

function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'America/Los_Angeles', 'Australia/Sydney'];
/** Weeks around the 2026 changes: US and EU in March, EU and US in October/November, and a plain winter week. */
const BOOKING_DAYS = ['2026-02-02', '2026-03-04', '2026-03-05', '2026-03-25', '2026-03-26', '2026-10-21', '2026-10-22', '2026-10-28', '2026-10-29'];
const STATUSES: FreeBusyStatus[] = ['busy', 'busy', 'busy', 'tentative', 'oof', 'unknown', 'free', 'workingElsewhere'];
const Q = 15 * 60_000;
const SLOT_STEP = 30 * 60_000;

interface Case {
  readonly now: Date;
  readonly dueDate: string;
  readonly minutes: number;
  readonly attendees: SchedulingAttendee[];
}

function randomCase(seed: number): Case {
  const r = generator(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const day = pick(BOOKING_DAYS);
  const now = new Date(Date.parse(`${day}T00:00:00Z`) + Math.floor(r() * 96) * Q);
  const dueDate = addDays(day, 4 + Math.floor(r() * 9));
  const minutes = pick([30, 60, 60, 90]);
  const count = 2 + Math.floor(r() * 3);
  const startMs = now.getTime();
  const attendees: SchedulingAttendee[] = [];
  for (let i = 0; i < count; i += 1) {
    const zone = pick(ZONES);
    const startMin = 360 + Math.floor(r() * 11) * 30;
    const length = 360 + Math.floor(r() * 7) * 30;
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const days: DayOfWeek[] = r() < 0.8 ? ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] : DAYS_OF_WEEK.filter(() => r() < 0.6);
    const freeBusy: FreeBusyItem[] = [];
    const items = Math.floor(r() * 14);
    for (let k = 0; k < items; k += 1) {
      const s = startMs + Math.floor(r() * 12 * 96) * Q;
      const e = s + (1 + Math.floor(r() * 16)) * Q;
      freeBusy.push({ status: pick(STATUSES), start: new Date(s).toISOString(), end: new Date(e).toISOString() });
    }
    const allDays = Math.floor(r() * 3);
    for (let k = 0; k < allDays; k += 1) {
      const first = addDays(day, Math.floor(r() * 12));
      freeBusy.push({ status: pick(['oof', 'busy', 'tentative', 'free'] as const), allDay: true, firstDay: first, lastDay: addDays(first, Math.floor(r() * 3)) });
    }
    const missingHours = r() < 0.2;
    const ownZone = r() < 0.5 ? zone : undefined;
    attendees.push({
      id: `p${i}`,
      name: `Person ${i}`,
      required: i === 0 || r() < 0.7,
      ...(i === 0 ? { organiser: true } : {}),
      ...(ownZone ? { timeZone: ownZone } : {}),
      ...(missingHours || days.length === 0 ? {} : { workingHours: { daysOfWeek: days, startTime: hhmm(startMin), endTime: hhmm(startMin + length), timeZone: zone } }),
      freeBusy,
    });
  }
  return { now, dueDate, minutes, attendees };
}

/** What the oracle knows about one attendee, read straight from the input. */
function oracleFor(a: SchedulingAttendee, formatters: Map<string, Intl.DateTimeFormat>) {
  const zone = a.workingHours?.timeZone ?? a.timeZone ?? 'Europe/London';
  const start = a.workingHours ? Number(a.workingHours.startTime.slice(0, 2)) * 60 + Number(a.workingHours.startTime.slice(3, 5)) : 540;
  const end = a.workingHours ? Number(a.workingHours.endTime.slice(0, 2)) * 60 + Number(a.workingHours.endTime.slice(3, 5)) : 1020;
  const days: readonly string[] = a.workingHours?.daysOfWeek ?? ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
  const ownZone = a.timeZone ?? zone;
  const fmt = (z: string) => {
    let f = formatters.get(z);
    if (!f) {
      f = new Intl.DateTimeFormat('en-GB', { timeZone: z, weekday: 'long', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      formatters.set(z, f);
    }
    return f;
  };
  const wall = (u: number, z: string) => {
    const p = Object.fromEntries(fmt(z).formatToParts(u).map((x) => [x.type, x.value]));
    return { weekday: p.weekday!.toLowerCase(), date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
  };
  const statusesAt = (u: number): Set<FreeBusyStatus> => {
    const out = new Set<FreeBusyStatus>();
    for (const item of a.freeBusy) {
      if ('allDay' in item) {
        const d = wall(u, ownZone).date;
        if (d >= item.firstDay && d <= item.lastDay) out.add(item.status);
      } else if (Date.parse(item.start) <= u && u < Date.parse(item.end)) out.add(item.status);
    }
    return out;
  };
  const working = (u: number) => {
    const w = wall(u, zone);
    return days.includes(w.weekday) && w.minutes >= start && w.minutes < end;
  };
  return { ref: a, statusesAt, working };
}

function oracle(c: Case, earliest: number, deadline: number): { start: string; flags: string[] }[] {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const people = c.attendees.map((a) => oracleFor(a, formatters));
  const length = c.minutes * 60_000;
  const feasible: { start: number; end: number; flags: string[] }[] = [];
  for (let t = Math.ceil(earliest / SLOT_STEP) * SLOT_STEP; t + length <= deadline; t += SLOT_STEP) {
    let ok = true;
    const flags: string[] = [];
    for (const p of people) {
      const seen = new Set<FreeBusyStatus>();
      let allWorking = true;
      for (let u = t; u < t + length; u += Q) {
        if (!p.working(u)) allWorking = false;
        for (const s of p.statusesAt(u)) seen.add(s);
      }
      const blocked = seen.has('busy') || seen.has('oof') || seen.has('unknown');
      if (p.ref.required) {
        if (!allWorking || blocked) ok = false;
        else if (seen.has('tentative')) flags.push(`${p.ref.name}:tentative`);
      } else {
        const concern = seen.has('oof') ? 'oof' : seen.has('busy') ? 'busy' : seen.has('unknown') ? 'unknown' : !allWorking ? 'outside-working-hours' : seen.has('tentative') ? 'tentative' : undefined;
        if (concern) flags.push(`${p.ref.name}:${concern}`);
      }
      if (!ok) break;
    }
    if (ok) feasible.push({ start: t, end: t + length, flags });
  }
  // The finder offers non-overlapping slots, earliest first.
  const offered: { start: string; flags: string[] }[] = [];
  let free = -Infinity;
  for (const f of feasible) {
    if (f.start < free) continue;
    offered.push({ start: new Date(f.start).toISOString(), flags: f.flags });
    free = f.end;
  }
  return offered;
}

describe('the finder agrees with a brute-force oracle on random calendars', () => {
  const seeds = Array.from({ length: 60 }, (_, i) => 1000 + i);
  /** The finder's answer and the oracle's for a seed, worked out once whichever test asks first. */
  const outcomes = new Map<number, ReturnType<typeof outcomeOf>>();
  function outcomeOf(seed: number) {
    const c = randomCase(seed);
    const result = findSlots({ ...c, count: 1000 });
    const expected = oracle(c, Date.parse(result.window.earliest), Date.parse(result.window.deadline));
    return { result, expected };
  }
  const outcome = (seed: number) => outcomes.get(seed) ?? outcomes.set(seed, outcomeOf(seed)).get(seed)!;

  it.each(seeds)('seed %i', (seed) => {
    const { result, expected } = outcome(seed);
    if (expected.length === 0) {
      expect(result.kind).toBe('no-slot');
      return;
    }
    if (result.kind !== 'slots') throw new Error(`expected slots, got ${result.kind}`);
    const actual = result.slots.map((s) => ({ start: s.start, flags: s.flags.map((f) => `${f.attendee.name}:${f.concern}`) }));
    expect(actual).toEqual(expected);
  });

  it('exercised both outcomes and flags (a generator that only makes easy cases proves little)', () => {
    const all = seeds.map((seed) => outcome(seed).expected);
    expect(all.filter((e) => e.length > 0).length).toBeGreaterThan(10);
    expect(all.filter((e) => e.length === 0).length).toBeGreaterThan(3);
    expect(all.filter((e) => e.some((slot) => slot.flags.length > 0)).length).toBeGreaterThan(5);
  });
});

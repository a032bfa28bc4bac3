/**
 * Believable calendars for the demo people (or any list of people): a few weeks of working days with meetings,
 * visits and supervision, a weekly team meeting per team, some invitations nobody has answered yet (tentative),
 * a day of leave, one person whose mailbox states no working hours and one who works in another time zone.
 *
 * Who gets what depends only on each person's position in the list (every twelfth person from the third one states
 * no working hours, and so on) and on `seed`, so the same roster always gives the same week:
 *
 * | position (mod 12) | mailbox                                                                  |
 * |---|---|
 * | 1  | works 08:00–16:00                                                           |
 * | 2  | **states no working hours** (the policy default applies)                    |
 * | 3  | a **day's leave**: all-day out of office, Wednesday of the second week      |
 * | 4  | part-time, Monday to Thursday                                               |
 * | 5  | **another time zone**: Romance Standard Time (Paris), 08:30–17:00 local     |
 * | 7  | leave Thursday and Friday of the third week                                 |
 * | 9  | 08:30–16:30, zone named the IANA way (Europe/London)                         |
 * | others | 09:00–17:00, GMT Standard Time                                           |
 *
 * With the demo roster: Jordan Lee states no working hours, Priya Shah is on leave on the second Wednesday, Morgan
 * Blake works from Paris, Dana Fox is on leave on the third Thursday and Friday, Sam Patel works 08:00–16:00 and
 * Chris Evans works Monday to Thursday.
 */
import type { DayOfWeek, FreeBusyStatus, WorkingHours } from '@microsoft/microsoft-graph-types';
import { addDays, DEFAULT_TIME_ZONE, isIsoDate, localDate } from '../../workflow/dates.js';
import { ROLE_LABELS, type Role } from '../../workflow/people.js';
import { normaliseTimeZone } from '../../workflow/scheduling/working-hours.js';
import { ZonedTime } from '../../workflow/scheduling/zoned-time.js';
import type { LocalCalendarData, LocalUser, SeedEvent } from './data.js';
import { seededRandom } from '../../workflow/seeded-random.js';

export interface RosterPerson {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly roles?: readonly Role[];
  readonly team?: string;
  readonly lineManagerId?: string;
  /** IANA zone from the roster; anything but Europe/London becomes the mailbox's zone. */
  readonly timeZone?: string;
}

export interface RosterSeedOptions {
  /** Any day of the first week seeded; calendars start on its Monday (the next Monday for a weekend day). Default: today. */
  readonly from?: Date | string;
  /** Weeks of calendar. Default 4. */
  readonly weeks?: number;
  /** Varies the meetings; the same seed gives the same calendars. Default 1. */
  readonly seed?: number;
}

const WEEKDAYS: readonly DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const BUSY = ['Home visit', 'Supervision', 'Strategy discussion', 'Court preparation', 'Case recording time', 'Core group meeting', 'Child in care review', 'Duty'];
const TENTATIVE = ['Panel (to be confirmed)', 'Multi-agency meeting (invite)', 'Practice workshop', 'Forwarded: partnership briefing'];
const OUT = ['Training (external)', 'Court'];

interface Mailbox {
  readonly person: RosterPerson;
  readonly index: number;
  readonly zone: string;
  readonly windowsZone: string;
  readonly hours: { days: readonly DayOfWeek[]; start: number; end: number; zoneName: string } | undefined;
  readonly leave: readonly { firstDay: string; lastDay: string }[];
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const prng = seededRandom;

function time(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.0000000`;
}

function mondayOf(from: Date | string | undefined): string {
  const day = from === undefined ? localDate(new Date()) : typeof from === 'string' ? from : localDate(from);
  if (!isIsoDate(day)) throw new RangeError(`seedFromRoster: "${String(from)}" is not a date.`);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  // On a weekend the week to show is the coming one.
  if (weekday === 6) return addDays(day, 2);
  if (weekday === 0) return addDays(day, 1);
  return addDays(day, 1 - weekday);
}

function mailboxFor(person: RosterPerson, index: number, monday: string): Mailbox {
  const slot = index % 12;
  const rosterZone = person.timeZone && person.timeZone !== DEFAULT_TIME_ZONE && normaliseTimeZone(person.timeZone) ? person.timeZone : undefined;
  let zone = rosterZone ?? DEFAULT_TIME_ZONE;
  let windowsZone = rosterZone ?? 'GMT Standard Time';
  let hours: Mailbox['hours'] = { days: WEEKDAYS, start: 9 * 60, end: 17 * 60, zoneName: windowsZone };
  const leave: { firstDay: string; lastDay: string }[] = [];
  switch (slot) {
    case 1:
      hours = { ...hours, start: 8 * 60, end: 16 * 60 };
      break;
    case 2:
      hours = undefined;
      break;
    case 3:
      leave.push({ firstDay: addDays(monday, 9), lastDay: addDays(monday, 9) });
      break;
    case 4:
      hours = { ...hours, days: WEEKDAYS.slice(0, 4) };
      break;
    case 5:
      if (!rosterZone) {
        zone = 'Europe/Paris';
        windowsZone = 'Romance Standard Time';
        hours = { days: WEEKDAYS, start: 8 * 60 + 30, end: 17 * 60, zoneName: windowsZone };
      }
      break;
    case 7:
      leave.push({ firstDay: addDays(monday, 17), lastDay: addDays(monday, 18) });
      break;
    case 9:
      hours = { ...hours, start: 8 * 60 + 30, end: 16 * 60 + 30, zoneName: rosterZone ?? DEFAULT_TIME_ZONE };
      break;
    default:
      break;
  }
  return { person, index, zone, windowsZone, hours, leave };
}

/** A week or more of believable calendars for `people` (see the table above). */
export function seedFromRoster(people: readonly RosterPerson[], options: RosterSeedOptions = {}): LocalCalendarData {
  const monday = mondayOf(options.from);
  const weeks = options.weeks ?? 4;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 12) throw new RangeError('seedFromRoster: weeks is 1 to 12.');
  const seed = options.seed ?? 1;
  const zoned = new ZonedTime();
  const mailboxes = people.map((p, i) => mailboxFor(p, i, monday));

  const users: LocalUser[] = mailboxes.map((m) => {
    const workingHours: WorkingHours | null = m.hours
      ? { daysOfWeek: [...m.hours.days], startTime: time(m.hours.start), endTime: time(m.hours.end), timeZone: { name: m.hours.zoneName } }
      : null;
    const role = m.person.roles?.[0];
    return {
      id: m.person.id,
      displayName: m.person.name,
      mail: m.person.email,
      userPrincipalName: m.person.email,
      ...(role ? { jobTitle: ROLE_LABELS[role] } : {}),
      ...(m.person.team ? { department: m.person.team } : {}),
      ...(m.person.lineManagerId ? { managerId: m.person.lineManagerId } : {}),
      timeZone: m.windowsZone,
      workingHours,
    };
  });

  const events: SeedEvent[] = [];
  /** Busy instants per person, so a person's own items never overlap. */
  const taken = new Map<string, { start: number; end: number }[]>();
  const free = (id: string, start: number, end: number) => !(taken.get(id) ?? []).some((t) => t.start < end && t.end > start);
  const take = (id: string, start: number, end: number) => {
    const list = taken.get(id) ?? [];
    list.push({ start, end });
    taken.set(id, list);
  };
  const onLeave = (m: Mailbox, day: string) => m.leave.some((l) => day >= l.firstDay && day <= l.lastDay);
  const days: string[] = [];
  for (let w = 0; w < weeks; w += 1) for (let d = 0; d < 5; d += 1) days.push(addDays(monday, w * 7 + d));

  for (const m of mailboxes) {
    for (const l of m.leave) events.push({ owner: m.person.email, subject: 'Annual leave', showAs: 'oof', allDay: l });
  }

  // A weekly team meeting, Tuesday 10:00–11:00 in the organiser's zone: everyone accepted but the last member,
  // who has not answered (tentative in their free/busy).
  const teams = new Map<string, Mailbox[]>();
  for (const m of mailboxes) if (m.person.team) teams.set(m.person.team, [...(teams.get(m.person.team) ?? []), m]);
  for (const [team, members] of teams) {
    if (members.length < 2) continue;
    const [organiser, ...others] = members as [Mailbox, ...Mailbox[]];
    for (const day of days.filter((_, i) => i % 5 === 1)) {
      const start = zoned.toInstant(day, 10 * 60, organiser.zone);
      const end = start + 3_600_000;
      const present = others.filter((o) => !onLeave(o, day));
      if (onLeave(organiser, day) || present.length === 0) continue;
      events.push({
        owner: organiser.person.email,
        subject: `${team}: team meeting`,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        isOnlineMeeting: true,
        attendees: present.map((o, i) => ({ address: o.person.email, name: o.person.name, response: i === present.length - 1 ? 'none' : 'accepted' })),
      });
      for (const id of [organiser.person.id, ...present.map((o) => o.person.id)]) take(id, start, end);
    }
  }

  // Supervision every other Thursday, 14:00–15:00 in the line manager's zone, accepted.
  const byId = new Map(mailboxes.map((m) => [m.person.id, m]));
  for (const m of mailboxes) {
    const manager = m.person.lineManagerId ? byId.get(m.person.lineManagerId) : undefined;
    if (!manager) continue;
    for (const day of days.filter((_, i) => i % 10 === 3)) {
      if (onLeave(m, day) || onLeave(manager, day)) continue;
      const start = zoned.toInstant(day, 14 * 60, manager.zone);
      const end = start + 3_600_000;
      if (!free(m.person.id, start, end) || !free(manager.person.id, start, end)) continue;
      events.push({
        owner: manager.person.email,
        subject: 'Supervision',
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        attendees: [{ address: m.person.email, name: m.person.name, response: 'accepted' }],
      });
      take(m.person.id, start, end);
      take(manager.person.id, start, end);
    }
  }

  // Each person's own items: one to three a working day, on the half hour, within their (or default) hours.
  for (const m of mailboxes) {
    const random = prng(hash(`${seed}:${m.person.id}`));
    const h = m.hours ?? { days: WEEKDAYS, start: 9 * 60, end: 17 * 60, zoneName: m.zone };
    const zone = normaliseTimeZone(h.zoneName) ?? m.zone;
    for (const day of days) {
      const weekday = WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7];
      if (!weekday || !h.days.includes(weekday) || onLeave(m, day)) continue;
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k += 1) {
        const minutes = [30, 60, 60, 90, 120][Math.floor(random() * 5)]!;
        const slots = Math.floor((h.end - h.start - minutes) / 30);
        if (slots < 0) continue;
        const startMin = h.start + 30 * Math.floor(random() * (slots + 1));
        const start = zoned.toInstant(day, startMin, zone);
        const end = start + minutes * 60_000;
        const roll = random();
        if (!free(m.person.id, start, end)) continue;
        const status: FreeBusyStatus = roll < 0.78 ? 'busy' : roll < 0.95 ? 'tentative' : 'oof';
        const names = status === 'busy' ? BUSY : status === 'tentative' ? TENTATIVE : OUT;
        events.push({
          owner: m.person.email,
          subject: names[Math.floor(random() * names.length)]!,
          showAs: status,
          start: new Date(start).toISOString(),
          end: new Date(end).toISOString(),
        });
        take(m.person.id, start, end);
      }
    }
  }
  return { users, events };
}

/**
 * The slot finder for the collaborative review meeting: pure code over free/busy data (Graph's getSchedule,
 * mapped by graph/ into the types in types.ts). Graph's `findMeetingTimes` is delegated-only, so the bot computes
 * slots itself.
 *
 * A slot is offered when
 * - it starts no earlier than a working day's notice allows (window.ts) and ends by the end of the due date,
 *   in the reviewer's time zone;
 * - it lies within **every required attendee's own working hours, in their own time zone** (a 09:00–17:00
 *   London worker and a 08:00–16:00 New York worker share 13:00–17:00 London time in winter, 12:00–16:00 London
 *   time in the weeks when only America has moved its clocks);
 * - no required attendee is busy, out of office or of unknown availability at any moment of it;
 * - it starts on the slot grid: every `granularityMinutes` of the reviewer's wall clock (09:00, 09:30, …).
 *
 * Slots are offered earliest first, and do not overlap one another (09:00, 10:00, 11:00 for an hour's meeting,
 * rather than 09:00, 09:30, 10:00, which is one choice three times). `onePerDay` offers one slot a day instead.
 *
 * **Optional attendees** (the CRO/IRO) never remove a slot. A slot where one is busy, away, outside their working
 * hours or tentative is still offered, with a flag naming them and why.
 *
 * **Tentative** counts as available, and the slot is flagged. Outlook puts every meeting invitation a person
 * has not answered into their calendar as Tentative, so in a team manager's diary "tentative" mostly means
 * "an invite I have not looked at yet" (a panel, a forwarded strategy discussion), not a commitment. Treating it
 * as busy would hide many real times and push meetings past the audit's deadline; treating it as free would
 * quietly book over something the person half-agreed to. So the slot is offered, marked "Sam Patel: tentative"
 * as Outlook's Scheduling Assistant shades it, and the reviewer decides. Flags do not reorder slots: the card
 * shows the earliest, and the reviewer can pick an unflagged one or ask for later times.
 *
 * **Working elsewhere** counts as free: the meeting is a Teams meeting. **Unknown** (Graph could not tell)
 * counts as busy: the bot does not book over what it cannot see.
 *
 * When no slot exists, the result explains why with enough structure for the card's three ways out: a shorter
 * meeting, a later deadline, or booking without one attendee (`NoSlotExplanation`).
 */
import { DEFAULT_TIME_ZONE, addDays, formatShortDate, isIsoDate } from '../dates.js';
import { type Interval, hasRun, intersect, normalise, overlapsAny, subtract, within } from './intervals.js';
import type {
  AttendeeFinding,
  AttendeeHours,
  AttendeeRef,
  FreeBusyItem,
  NoSlotCause,
  NoSlotExplanation,
  SchedulingAttendee,
  Slot,
  SlotConcern,
  SlotFlag,
  SlotSearch,
} from './types.js';
import { DEFAULT_LEAD_WORKING_DAYS, deadlineMs, earliestStartMs } from './window.js';
import {
  DEFAULT_WORKING_HOURS,
  normaliseTimeZone,
  type ResolvedWorkingHours,
  resolveWorkingHours,
  type WorkingHours,
  workingIntervals,
} from './working-hours.js';
import { formatMinutes, parseInstant, ZonedTime } from './zoned-time.js';

/** The meeting length when a profile says nothing: "up to 60 minutes" (West Sussex), the norm elsewhere. */
export const DEFAULT_MEETING_MINUTES = 60;
export const DEFAULT_GRANULARITY_MINUTES = 30;
/** Slots on the card. */
export const DEFAULT_SLOT_COUNT = 3;
/** A shorter meeting is suggested down to this length, no shorter: less is not a collaborative audit. */
export const DEFAULT_SHORTEST_MINUTES = 30;

const MINUTE_MS = 60_000;

/** The meeting length a policy profile asks for (`meeting.minutes`), 60 when there is no profile. */
export function meetingMinutes(profile?: { readonly meeting: { readonly minutes: number } }): number {
  return profile?.meeting.minutes ?? DEFAULT_MEETING_MINUTES;
}

export interface SlotQuery {
  readonly attendees: readonly SchedulingAttendee[];
  /** Meeting length. Default 60 (see `meetingMinutes(profile)`). */
  readonly minutes?: number;
  readonly now: Date;
  /** The audit's due date (YYYY-MM-DD); meetings end by the end of that day in `timeZone`. */
  readonly dueDate: string;
  /**
   * The reviewer's (organiser's) zone: the notice's working days, the end of the due date, the slot grid and
   * the dates in messages are read in it. Default Europe/London.
   */
  readonly timeZone?: string;
  /** Slots start on this grid of the reviewer's wall clock. Default 30. */
  readonly granularityMinutes?: number;
  /** Default 1: see window.ts for the precise rule. */
  readonly leadWorkingDays?: number;
  /**
   * Hours for anyone whose mailbox gives none. Default Monday–Friday 09:00–17:00; read in the attendee's own
   * `timeZone` when known, else in this default's zone (Europe/London).
   */
  readonly defaultWorkingHours?: WorkingHours;
  /** Slots per page. Default 3. */
  readonly count?: number;
  /** "Show later times": the `later.from` of the previous page. Default: from the earliest start. */
  readonly from?: string;
  /** At most one slot per day of the reviewer's calendar, so the choices span days. Default false. */
  readonly onePerDay?: boolean;
  /** The shortest meeting suggested when the full length does not fit. Default 30. */
  readonly shortestMinutes?: number;
}

interface Prepared {
  readonly ref: AttendeeRef;
  readonly organiser: boolean;
  readonly hours: AttendeeHours;
  readonly working: readonly Interval[];
  readonly oof: readonly Interval[];
  readonly busy: readonly Interval[];
  readonly unknown: readonly Interval[];
  readonly tentative: readonly Interval[];
  /** busy ∪ oof ∪ unknown */
  readonly blocking: readonly Interval[];
}

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly flags: readonly SlotFlag[];
}

interface Context {
  readonly zoned: ZonedTime;
  readonly timeZone: string;
  readonly stepMs: number;
  readonly earliest: number;
  readonly deadline: number;
}

function positiveInteger(value: number, what: string, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${what} is a whole number of minutes or slots from 1 to ${max} (got ${value}).`);
  }
  return value;
}

function attendeeHours(
  attendee: SchedulingAttendee,
  fallback: WorkingHours,
  ref: AttendeeRef,
): { hours: AttendeeHours; resolved: ResolvedWorkingHours } {
  let note: string | undefined;
  if (attendee.workingHours) {
    try {
      const resolved = resolveWorkingHours(attendee.workingHours);
      const workingHours = { ...attendee.workingHours, timeZone: resolved.timeZone };
      return { hours: { attendee: ref, workingHours, source: 'mailbox' }, resolved };
    } catch (e) {
      note = `Mailbox working hours not used: ${(e as Error).message}`;
    }
  }
  const timeZone = normaliseTimeZone(attendee.timeZone) ?? fallback.timeZone;
  const workingHours: WorkingHours = { ...fallback, timeZone };
  return {
    hours: { attendee: ref, workingHours, source: 'policy-default', ...(note ? { note } : {}) },
    resolved: resolveWorkingHours(workingHours),
  };
}

function itemInterval(item: FreeBusyItem, zone: string, zoned: ZonedTime, who: string): Interval {
  if ('allDay' in item) {
    if (!isIsoDate(item.firstDay) || !isIsoDate(item.lastDay) || item.lastDay < item.firstDay) {
      throw new RangeError(`${who}'s all-day item runs from "${item.firstDay}" to "${item.lastDay}", which are not dates in order.`);
    }
    return { start: zoned.startOfDay(item.firstDay, zone), end: zoned.startOfDay(addDays(item.lastDay, 1), zone) };
  }
  const start = parseInstant(item.start);
  const end = parseInstant(item.end);
  if (end < start) throw new RangeError(`${who}'s calendar item ends (${item.end}) before it starts (${item.start}).`);
  return { start, end };
}

function prepare(attendee: SchedulingAttendee, fallback: WorkingHours, ctx: Context): Prepared {
  const ref: AttendeeRef = { id: attendee.id, name: attendee.name, required: attendee.required };
  const { hours, resolved } = attendeeHours(attendee, fallback, ref);
  const ownZone = normaliseTimeZone(attendee.timeZone) ?? resolved.timeZone;
  const by: Record<'oof' | 'busy' | 'unknown' | 'tentative', Interval[]> = { oof: [], busy: [], unknown: [], tentative: [] };
  for (const item of attendee.freeBusy) {
    const interval = itemInterval(item, ownZone, ctx.zoned, attendee.name);
    if (item.status === 'free' || item.status === 'workingElsewhere') continue;
    by[item.status].push(interval);
  }
  const oof = normalise(by.oof);
  const busy = normalise(by.busy);
  const unknown = normalise(by.unknown);
  return {
    ref,
    organiser: attendee.organiser === true,
    hours,
    working: workingIntervals(resolved, ctx.earliest, ctx.deadline, ctx.zoned),
    oof,
    busy,
    unknown,
    tentative: normalise(by.tentative),
    blocking: normalise([...oof, ...busy, ...unknown]),
  };
}

/** The first instant at or after `t` on the grid of the reviewer's wall clock. */
function alignUp(t: number, ctx: Context): number {
  const offset = ctx.zoned.offsetMs(t, ctx.timeZone);
  return Math.ceil((t + offset) / ctx.stepMs) * ctx.stepMs - offset;
}

function requiredConcern(p: Prepared, start: number, end: number): SlotConcern | undefined {
  return overlapsAny(p.tentative, start, end) ? 'tentative' : undefined;
}

function optionalConcern(p: Prepared, start: number, end: number): SlotConcern | undefined {
  if (overlapsAny(p.oof, start, end)) return 'oof';
  if (overlapsAny(p.busy, start, end)) return 'busy';
  if (overlapsAny(p.unknown, start, end)) return 'unknown';
  if (!within(p.working, start, end)) return 'outside-working-hours';
  if (overlapsAny(p.tentative, start, end)) return 'tentative';
  return undefined;
}

/**
 * Every slot of `lengthMs` on the grid when all of `required` are within working hours and not blocked,
 * earliest first, flagged for `everyone` (required and optional, in the order given).
 */
function candidates(everyone: readonly Prepared[], lengthMs: number, ctx: Context): Candidate[] {
  const required = everyone.filter((p) => p.ref.required);
  let common: Interval[] = [{ start: ctx.earliest, end: ctx.deadline }];
  for (const p of required) common = intersect(common, p.working);
  const out: Candidate[] = [];
  for (const span of common) {
    for (let start = alignUp(span.start, ctx); start + lengthMs <= span.end; start += ctx.stepMs) {
      const end = start + lengthMs;
      if (required.some((p) => overlapsAny(p.blocking, start, end))) continue;
      const flags: SlotFlag[] = [];
      for (const p of everyone) {
        const concern = p.ref.required ? requiredConcern(p, start, end) : optionalConcern(p, start, end);
        if (concern) flags.push({ attendee: p.ref, concern });
      }
      out.push({ start, end, flags });
    }
  }
  return out;
}

interface Page {
  readonly slots: Slot[];
  readonly later?: number;
}

function toSlot(c: Candidate): Slot {
  return { start: new Date(c.start).toISOString(), end: new Date(c.end).toISOString(), flags: c.flags };
}

/** Up to `count` non-overlapping slots starting at or after `from`, and where the next page starts. */
function page(all: readonly Candidate[], from: number, count: number, onePerDay: boolean, ctx: Context): Page {
  const taken: Candidate[] = [];
  let nextFrom = from;
  for (const c of all) {
    if (taken.length === count) break;
    if (c.start < nextFrom) continue;
    taken.push(c);
    nextFrom = onePerDay ? ctx.zoned.startOfNextDay(c.start, ctx.timeZone) : c.end;
  }
  const hasLater = taken.length > 0 && all.some((c) => c.start >= nextFrom);
  return { slots: taken.map(toSlot), ...(hasLater ? { later: nextFrom } : {}) };
}

function joinNames(names: readonly string[], conjunction: 'and' | 'or'): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}

function findAlone(p: Prepared, lengthMs: number, ctx: Context): AttendeeFinding {
  const alone = candidates([p], lengthMs, ctx);
  const first = alone[0];
  if (first) return { attendee: p.ref, availability: 'available', firstFree: new Date(first.start).toISOString() };
  if (!hasRun(p.working, lengthMs)) return { attendee: p.ref, availability: 'no-working-hours' };
  if (!hasRun(subtract(p.working, p.oof), lengthMs)) return { attendee: p.ref, availability: 'out-of-office' };
  return { attendee: p.ref, availability: 'fully-booked' };
}

interface ExplainOptions {
  readonly minutes: number;
  readonly dueDate: string;
  readonly count: number;
  readonly onePerDay: boolean;
  readonly shortestMinutes: number;
}

function explain(everyone: readonly Prepared[], o: ExplainOptions, ctx: Context): NoSlotExplanation {
  const lengthMs = o.minutes * MINUTE_MS;
  const due = formatShortDate(o.dueDate);
  const required = everyone.filter((p) => p.ref.required);
  const attendees = required.map((p) => findAlone(p, lengthMs, ctx));
  const firstPage = (people: readonly Prepared[], ms: number) =>
    page(candidates(people, ms, ctx), ctx.earliest, o.count, o.onePerDay, ctx).slots;

  const without =
    required.length < 2
      ? []
      : required.map((p) => ({ attendee: p.ref, organiser: p.organiser, slots: firstPage(everyone.filter((q) => q !== p), lengthMs) }));
  const withoutAttendee = without
    .filter((w) => !w.organiser && w.slots.length > 0)
    .map(({ attendee, slots }) => ({ attendee, slots }));

  let shorter: NoSlotExplanation['shorter'];
  const stepMinutes = ctx.stepMs / MINUTE_MS;
  for (let m = o.minutes - stepMinutes; m >= o.shortestMinutes; m -= stepMinutes) {
    const slots = firstPage(everyone, m * MINUTE_MS);
    if (slots.length > 0) {
      shorter = { minutes: m, slots };
      break;
    }
  }

  const unavailable = attendees.filter((a) => a.availability !== 'available').map((a) => a.attendee);
  let cause: NoSlotCause;
  let blockers: AttendeeRef[];
  let message: string;
  if (unavailable.length > 0) {
    cause = 'attendee-unavailable';
    blockers = unavailable;
    const names = joinNames(unavailable.map((a) => a.name), 'and');
    const verb = unavailable.length === 1 ? 'has' : 'have';
    message = `${names} ${verb} no free ${o.minutes}-minute slot before ${due} within working hours.`;
  } else {
    let commonWorking: Interval[] = [{ start: ctx.earliest, end: ctx.deadline }];
    for (const p of required) commonWorking = intersect(commonWorking, p.working);
    blockers = without.filter((w) => w.slots.length > 0).map((w) => w.attendee);
    const everyoneNames = joinNames(required.map((p) => p.ref.name), 'and');
    if (!hasRun(commonWorking, lengthMs)) {
      cause = 'working-hours-do-not-overlap';
      message = `The working hours of ${everyoneNames} do not overlap for ${o.minutes} minutes before ${due}.`;
    } else {
      cause = 'no-common-time';
      message = `${everyoneNames} have no ${o.minutes}-minute slot free together before ${due} within working hours.`;
    }
    if (blockers.length > 0) message += ` Leaving out ${joinNames(blockers.map((b) => b.name), 'or')} would free a time.`;
  }
  return { cause, message, blockers, attendees, withoutAttendee, ...(shorter ? { shorter } : {}) };
}

/**
 * The earliest slots for the meeting (a page of `count`, default 3), or why there are none.
 * Throws RangeError on malformed input (no required attendee, a time without an offset, a bad date or zone).
 */
export function findSlots(query: SlotQuery): SlotSearch {
  const timeZone = normaliseTimeZone(query.timeZone ?? DEFAULT_TIME_ZONE);
  if (!timeZone) throw new RangeError(`"${query.timeZone}" is not a time zone (an IANA name such as Europe/London).`);
  const minutes = positiveInteger(query.minutes ?? DEFAULT_MEETING_MINUTES, 'The meeting length in minutes', 24 * 60);
  const granularity = positiveInteger(query.granularityMinutes ?? DEFAULT_GRANULARITY_MINUTES, 'The slot granularity', 24 * 60);
  const count = positiveInteger(query.count ?? DEFAULT_SLOT_COUNT, 'The number of slots', 1000);
  const shortestMinutes = positiveInteger(query.shortestMinutes ?? DEFAULT_SHORTEST_MINUTES, 'The shortest meeting', 24 * 60);
  if (!query.attendees.some((a) => a.required)) throw new RangeError('A meeting needs at least one required attendee.');
  const ids = new Set(query.attendees.map((a) => a.id));
  if (ids.size !== query.attendees.length) throw new RangeError('Each attendee is listed once.');
  if (query.attendees.filter((a) => a.organiser).length > 1) throw new RangeError('A meeting has at most one organiser.');

  const zoned = new ZonedTime();
  const leadWorkingDays = query.leadWorkingDays ?? DEFAULT_LEAD_WORKING_DAYS;
  const earliest = earliestStartMs(query.now, timeZone, leadWorkingDays, zoned);
  const deadline = deadlineMs(query.dueDate, timeZone, zoned);
  const ctx: Context = { zoned, timeZone, stepMs: granularity * MINUTE_MS, earliest, deadline: Math.max(deadline, earliest) };
  const everyone = query.attendees.map((a) => prepare(a, query.defaultWorkingHours ?? DEFAULT_WORKING_HOURS, ctx));
  const base = {
    minutes,
    window: { earliest: new Date(earliest).toISOString(), deadline: new Date(deadline).toISOString() },
    hours: everyone.map((p) => p.hours),
  };

  if (earliest >= deadline) {
    const notice = leadWorkingDays === 1 ? "a working day's notice" : `${leadWorkingDays} working days' notice`;
    const earliestDay = formatShortDate(zoned.localDate(earliest, timeZone));
    const deadlineDay = formatShortDate(query.dueDate);
    return {
      ...base,
      kind: 'no-slot',
      explanation: {
        cause: 'deadline-too-soon',
        message: `With ${notice} the earliest a meeting can be is ${earliestDay}, after the deadline of ${deadlineDay}.`,
        blockers: [],
        attendees: [],
        withoutAttendee: [],
      },
    };
  }

  const onePerDay = query.onePerDay === true;
  const all = candidates(everyone, minutes * MINUTE_MS, ctx);
  if (all.length === 0) {
    const explanation = explain(everyone, { minutes, dueDate: query.dueDate, count, onePerDay, shortestMinutes }, ctx);
    return { ...base, kind: 'no-slot', explanation };
  }
  const from = query.from === undefined ? earliest : Math.max(parseInstant(query.from), earliest);
  const found = page(all, from, count, onePerDay, ctx);
  if (found.slots.length === 0) return { ...base, kind: 'no-later-slots' };
  return {
    ...base,
    kind: 'slots',
    slots: found.slots,
    ...(found.later !== undefined ? { later: { from: new Date(found.later).toISOString() } } : {}),
  };
}

/** "Tue 31 Mar, 09:00–10:00" in `timeZone` (the reader's): for cards and messages. */
export function formatSlot(slot: Pick<Slot, 'start' | 'end'>, timeZone: string = DEFAULT_TIME_ZONE): string {
  const zoned = new ZonedTime();
  const start = parseInstant(slot.start);
  const end = parseInstant(slot.end);
  const s = zoned.wallClock(start, timeZone);
  const e = zoned.wallClock(end, timeZone);
  const endText = e.date === s.date ? formatMinutes(e.minutes) : `${formatShortDate(e.date)}, ${formatMinutes(e.minutes)}`;
  return `${formatShortDate(s.date)}, ${formatMinutes(s.minutes)}–${endText}`;
}

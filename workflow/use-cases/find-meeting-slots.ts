import type { Audit } from '../audit.js';
import { InvalidInput, NotFound, StaleCard, TamperedCard } from '../errors.js';
import { planAttendees, requestedAttendees, type AttendeePlan, type PlannedAttendee } from '../meeting/attendees.js';
import {
  liveBookings,
  MEETING_PATH,
  meetingOf,
  recordOffer,
  requireMeetingOrganiser,
  type Meeting,
  type MeetingAttendance,
  type MeetingKind,
  type MeetingOffer,
  type MeetingRole,
} from '../meeting/meeting.js';
import type { Person, PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Directory } from '../ports.js';
import type { Calendar, MailboxSchedule } from '../scheduling/calendar.js';
import { DEFAULT_SHORTEST_MINUTES, findSlots, meetingMinutes } from '../scheduling/find-slots.js';
import type { NoSlotExplanation, SchedulingAttendee } from '../scheduling/types.js';
import { searchWindow } from '../scheduling/window.js';
import { normaliseTimeZone } from '../scheduling/working-hours.js';
import { DEFAULT_TIME_ZONE } from '../dates.js';

export interface FindMeetingSlotsInput {
  readonly tenantId: string;
  readonly auditId: string;
  /** The round the card was rendered for. */
  readonly round: number;
  readonly actorId: PersonId;
  /** "A shorter meeting" (field `meeting.minutes`): whole minutes, from 30 up to the profile's length. */
  readonly minutes?: number;
  /** "Book without" (field `meeting.without`): a required attendee other than the reviewer, then invited as optional. */
  readonly without?: PersonId;
  /**
   * "Show later times" of the offer the card shows (its number). The search continues where that offer ended,
   * with its length and attendees; `minutes` and `without` are not used.
   */
  readonly laterThan?: number;
  /** Which meeting (the card's signed `meetingKind`): the collaborative meeting unless it says otherwise. */
  readonly kind?: MeetingKind;
}

/** An attendee as the card lists them. */
export interface AttendeeView extends MeetingAttendance {
  readonly name: string;
}

/** The ways out the card offers when no slot fits (the explanation has the detail and the slots for each). */
export interface NoSlotOptions {
  /** The longest shorter meeting that fits (pass it back as `minutes`). */
  readonly shorter?: { readonly minutes: number };
  /** Required attendees whose absence frees a time (pass one back as `without`). Never the reviewer. */
  readonly without: readonly { readonly personId: PersonId; readonly name: string; readonly role: MeetingRole }[];
  /** Always possible: ask the QA coordinator for a later deadline (request-later-deadline.ts). */
  readonly laterDeadline: true;
}

interface OutcomeBase {
  readonly audit: Audit;
  /** True when nothing was written: the same times were already on offer (a second click, or paging twice). */
  readonly alreadyDone: boolean;
  /** Who the times are for: the reviewer (organiser) first. */
  readonly attendees: readonly AttendeeView[];
  /** Who is not invited and why, calendars that could not be read: safe to show on the card. */
  readonly notes: readonly string[];
  readonly minutes: number;
  /** True when a meeting is booked: these are times to move it to (reschedule-meeting), not to book. */
  readonly reschedule: boolean;
}

export type FindMeetingSlotsOutcome =
  /** Slots to pick from, recorded as the audit's current offer (its number goes on the card). */
  | (OutcomeBase & { readonly kind: 'slots'; readonly offer: MeetingOffer })
  /** "Show later times" found nothing later before the deadline; the current offer still stands. */
  | (OutcomeBase & { readonly kind: 'no-later-slots'; readonly offer?: MeetingOffer })
  /** No slot: why (a message safe to show), and the ways out. Nothing is recorded. */
  | (OutcomeBase & { readonly kind: 'no-slot'; readonly explanation: NoSlotExplanation; readonly options: NoSlotOptions });

/** What one search looks for. */
interface SearchRequest {
  readonly minutes: number;
  readonly without?: PersonId;
  /** "Show later times": continue from here, as the later times of offer `after`. */
  readonly from?: string;
  readonly after?: number;
}

function view(attendees: readonly MeetingAttendance[], people: ReadonlyMap<PersonId, { name: string }>): AttendeeView[] {
  return attendees.map((a) => ({ ...a, name: people.get(a.personId)?.name ?? 'a former colleague' }));
}

function attendance(a: PlannedAttendee): MeetingAttendance {
  return { personId: a.personId, role: a.role, required: a.required, ...(a.organiser ? { organiser: true as const } : {}) };
}

/**
 * "Book meeting": the earliest times when every required attendee of the collaborative meeting is free, within
 * their own working hours, at least a working day ahead and before the audit's deadline (see
 * scheduling/find-slots.ts), for the profile's meeting length. Only the allocated reviewer; while the audit is
 * accepted (or in review), or meeting booked (then the times are for moving it).
 *
 * The reflective meeting (`kind: 'reflective'`, WS-39) is searched the same way for the people and length fixed
 * when the Inadequate pathway asked for it, before the date it is to be held by rather than the audit's due date
 * (which has passed or is near by then); only the reviewer, once the audit is submitted.
 *
 * Free/busy and working hours come from `Calendar.schedules` over now → the end of the due date; a mailbox the
 * calendar does not answer for counts as unknown (busy), and the notes say so. Slots are recorded as the audit's
 * current offer: book-meeting and reschedule-meeting accept only those. Finding the same times again changes
 * nothing (the card already showing them stays valid).
 */
export function findMeetingSlots(deps: { audits: Audits; directory: Directory; calendar: Calendar; clock: Clock; profile: PolicyProfile }) {
  /** The profile's length for the collaborative meeting; the requested length for another. */
  const fullLengthOf = (meeting: Meeting | undefined) => meeting?.requested?.minutes ?? meetingMinutes(deps.profile);

  function lengthOf(input: FindMeetingSlotsInput, fullLength: number): number {
    if (input.minutes === undefined) return fullLength;
    const m = input.minutes;
    if (!Number.isInteger(m) || m < DEFAULT_SHORTEST_MINUTES || m > fullLength) {
      throw new InvalidInput({ [MEETING_PATH.minutes]: `Choose a length from ${DEFAULT_SHORTEST_MINUTES} to ${fullLength} minutes.` });
    }
    return m;
  }

  function leaveOut(plan: AttendeePlan, without: PersonId | undefined): AttendeePlan {
    if (without === undefined) return plan;
    const target = plan.attendees.find((a) => a.personId === without);
    if (!target || !target.required || target.organiser) {
      throw new InvalidInput({ [MEETING_PATH.without]: 'Choose one of the required attendees other than yourself.' });
    }
    return { ...plan, attendees: plan.attendees.map((a) => (a === target ? { ...a, required: false } : a)) };
  }

  /** Undefined when the notice runs past the deadline (the finder explains "deadline too soon" without asking). */
  async function schedules(plan: AttendeePlan, start: Date, end: string, open: boolean): Promise<Map<string, MailboxSchedule> | undefined> {
    if (!open || Date.parse(end) <= start.getTime()) return undefined;
    const mailboxes = plan.attendees.map((a) => a.person.email);
    const found = await deps.calendar.schedules(mailboxes, { start: start.toISOString(), end });
    return new Map(found.map((s) => [s.mailbox.trim().toLowerCase(), s]));
  }

  /**
   * What to search for: a fresh search (length and who to leave out, as chosen), or "Show later times" continuing
   * the current offer; or, for a second press or nothing later, the answer already.
   */
  function searchRequest(before: Audit, input: FindMeetingSlotsInput, names: ReadonlyMap<PersonId, Person>, meeting: Meeting | undefined): SearchRequest | { readonly answer: FindMeetingSlotsOutcome } {
    if (input.laterThan === undefined) return { minutes: lengthOf(input, fullLengthOf(meeting)), ...(input.without ? { without: input.without } : {}) };
    const current = meeting?.offer;
    if (!Number.isInteger(input.laterThan) || input.laterThan < 1 || input.laterThan > (meeting?.offers ?? 0)) throw new TamperedCard();
    const base = { audit: before, attendees: view(current?.attendees ?? [], names), notes: meeting?.notes ?? [], reschedule: meeting?.status === 'booked' };
    // Pressed twice: the first press already moved on to the later times.
    if (current && current.after === input.laterThan) return { answer: { ...base, kind: 'slots', offer: current, minutes: current.minutes, alreadyDone: true } };
    if (!current || current.number !== input.laterThan) {
      throw new StaleCard(`These times for case ${before.caseRef} have been replaced: press "Book meeting" for the current ones.`);
    }
    if (!current.later) return { answer: { ...base, kind: 'no-later-slots', offer: current, minutes: current.minutes, alreadyDone: true } };
    return { minutes: current.minutes, ...(current.without ? { without: current.without } : {}), from: current.later, after: current.number };
  }

  /**
   * Each attendee's free/busy for the slot finder: their calendar (unknown, so busy, when it could not be read, and
   * the notes say so), plus the meetings this bot has booked for them. Those show in calendars as unanswered
   * (tentative) until people reply, and tentative does not block a slot, so they count as busy here.
   */
  async function schedulingAttendees(before: Audit, kind: MeetingKind, plan: AttendeePlan, now: Date, window: { deadline: string; open: boolean }, notes: string[]): Promise<SchedulingAttendee[]> {
    const found = await schedules(plan, now, window.deadline, window.open);
    // Every meeting the bot booked, the audit's other meeting included; not the one being searched for (it moves).
    const ownBookings = (await deps.audits.withBookedMeetings(before.tenantId, now))
      .flatMap((a) => liveBookings(a).filter((b) => a.id !== before.id || b.kind !== kind))
      .map((b) => b.booking);
    const bookedFor = (personId: string) =>
      ownBookings.filter((b) => b.attendees.some((x) => x.personId === personId)).map((b) => ({ status: 'busy' as const, start: b.start, end: b.end }));
    return plan.attendees.map((a) => {
      const schedule = found?.get(a.person.email.trim().toLowerCase());
      const unread = found !== undefined && schedule === undefined;
      if (unread) notes.push(`${a.person.name}'s calendar could not be read, so no time is assumed free for them.`);
      const freeBusy = [
        ...(schedule ? schedule.freeBusy : unread ? [{ status: 'unknown' as const, start: now.toISOString(), end: window.deadline }] : []),
        ...bookedFor(a.personId),
      ];
      const zone = schedule?.timeZone ?? a.person.timeZone;
      return {
        id: a.personId,
        name: a.person.name,
        required: a.required,
        ...(a.organiser ? { organiser: true } : {}),
        ...(zone ? { timeZone: zone } : {}),
        ...(schedule?.workingHours ? { workingHours: schedule.workingHours } : {}),
        freeBusy,
      };
    });
  }

  return {
    async execute(input: FindMeetingSlotsInput): Promise<FindMeetingSlotsOutcome> {
      const before = await deps.audits.get(input.tenantId, input.auditId);
      if (!before) throw new NotFound(`Audit ${input.auditId}`);
      const kind = input.kind ?? 'collaborative';
      requireMeetingOrganiser(before, input.actorId, input.round, kind, 'offer');
      const meeting = meetingOf(before, kind);
      const people = await deps.directory.all(input.tenantId);
      const names = new Map(people.map((p) => [p.id, p]));
      const request = searchRequest(before, input, names, meeting);
      if ('answer' in request) return request.answer;
      const { minutes, without, from, after } = request;

      const requested = meeting?.requested;
      const plan = leaveOut(requested ? requestedAttendees(before, requested, people) : planAttendees(before, deps.profile, people), without);
      // The collaborative meeting comes before the audit is due; another by the date it was asked to be held by.
      const dueDate = requested?.holdBy ?? before.dueDate;
      const now = deps.clock.now();
      const timeZone = normaliseTimeZone(plan.attendees[0]!.person.timeZone) ?? DEFAULT_TIME_ZONE;
      const window = searchWindow({ now, dueDate, timeZone });
      const notes = [...plan.notes];
      const attendees = await schedulingAttendees(before, kind, plan, now, window, notes);
      const search = findSlots({ attendees, minutes, now, dueDate, timeZone, ...(from ? { from } : {}) });
      const planned = plan.attendees.map(attendance);
      const base = { attendees: view(planned, names), notes, minutes, reschedule: meeting?.status === 'booked' };

      if (search.kind === 'no-later-slots') {
        return { ...base, kind: 'no-later-slots', audit: before, ...(meeting?.offer ? { offer: meeting.offer } : {}), alreadyDone: true };
      }
      if (search.kind === 'no-slot') {
        const e = search.explanation;
        const roles = new Map(planned.map((a) => [a.personId, a.role]));
        const options: NoSlotOptions = {
          ...(e.shorter ? { shorter: { minutes: e.shorter.minutes } } : {}),
          without: e.withoutAttendee.map((w) => ({ personId: w.attendee.id, name: w.attendee.name, role: roles.get(w.attendee.id)! })),
          laterDeadline: true,
        };
        return { ...base, kind: 'no-slot', audit: before, explanation: e, options, alreadyDone: true };
      }

      let alreadyDone = false;
      const offered = { minutes, attendees: planned, slots: search.slots, ...(search.later ? { later: search.later.from } : {}), ...(after ? { after } : {}), ...(without ? { without } : {}), notes };
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        const next = recordOffer(current, input.actorId, input.round, offered, now.toISOString(), kind);
        alreadyDone = next === current;
        return next;
      });
      const recorded = meetingOf(audit, kind)!;
      return { ...base, kind: 'slots', audit, offer: recorded.offer!, reschedule: recorded.status === 'booked', alreadyDone };
    },
  };
}

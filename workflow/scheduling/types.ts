/**
 * The slot finder's domain types. They mirror what Graph's getSchedule and mailboxSettings return, in the
 * domain's own words: graph/ maps its SDK types to these, and no SDK type is imported here.
 */
import type { PersonId } from '../people.js';
import type { WorkingHours } from './working-hours.js';

/**
 * What a calendar item makes its owner, as Outlook's "show as":
 * - `busy`, `oof` (out of office) and `unknown` block a required attendee: nobody is booked over them;
 * - `tentative` does not block, but the slot is flagged (see find-slots.ts for why);
 * - `free` and `workingElsewhere` are available: a Teams meeting can be joined from anywhere.
 */
export type FreeBusyStatus = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

/** A calendar item between two instants (ISO with an offset: "2026-03-30T08:00:00Z"). */
export interface TimedFreeBusy {
  readonly status: FreeBusyStatus;
  readonly start: string;
  readonly end: string;
}

/**
 * An all-day or multi-day item (annual leave, a training day), as whole local days in the attendee's own time
 * zone, both days included: a week's leave is `firstDay` Monday, `lastDay` Friday.
 */
export interface AllDayFreeBusy {
  readonly status: FreeBusyStatus;
  readonly allDay: true;
  /** YYYY-MM-DD */
  readonly firstDay: string;
  /** YYYY-MM-DD, included. */
  readonly lastDay: string;
}

export type FreeBusyItem = TimedFreeBusy | AllDayFreeBusy;

export interface SchedulingAttendee {
  readonly id: PersonId;
  readonly name: string;
  /** Required attendees must all be free; optional ones (CRO/IRO) are invited anyway and flagged when not. */
  readonly required: boolean;
  /**
   * The reviewer who books: never suggested as the one to leave out when there is no slot. At most one attendee
   * is the organiser; none is fine.
   */
  readonly organiser?: boolean;
  /**
   * The person's own IANA zone (mailboxSettings.timeZone or the directory's): all-day items are whole days in it,
   * and default working hours are read in it. Missing: the working hours' zone.
   */
  readonly timeZone?: string;
  /** From mailboxSettings; missing means the policy's default hours. */
  readonly workingHours?: WorkingHours;
  readonly freeBusy: readonly FreeBusyItem[];
}

export interface AttendeeRef {
  readonly id: PersonId;
  readonly name: string;
  readonly required: boolean;
}

/** Why an attendee may not make a slot that is still offered. Required attendees are only ever `tentative`. */
export type SlotConcern = 'tentative' | 'busy' | 'oof' | 'unknown' | 'outside-working-hours';

export interface SlotFlag {
  readonly attendee: AttendeeRef;
  readonly concern: SlotConcern;
}

export interface Slot {
  /** ISO instant (UTC, "Z"). */
  readonly start: string;
  readonly end: string;
  /**
   * Empty when everyone, required and optional, is free and within working hours. Otherwise one flag per
   * attendee who may not make it: an optional attendee who is busy, away, out of hours or tentative; a required
   * attendee who is tentative.
   */
  readonly flags: readonly SlotFlag[];
}

/** The hours a search used for an attendee, and where they came from. */
export interface AttendeeHours {
  readonly attendee: AttendeeRef;
  readonly workingHours: WorkingHours;
  readonly source: 'mailbox' | 'policy-default';
  /** Why the mailbox's hours were not used though present (an unknown time zone, an unreadable time). */
  readonly note?: string;
}

/** Where "show later times" continues: pass it back as the query's `from`. */
export interface LaterTimes {
  readonly from: string;
}

/** How a required attendee fares alone in the window. */
export type AttendeeAvailability =
  /** No stretch of working time as long as the meeting between the earliest start and the deadline. */
  | 'no-working-hours'
  /** Their working time is all out of office (leave, sickness, training away). */
  | 'out-of-office'
  /** They work, but every slot of that length is taken (busy or unknown). */
  | 'fully-booked'
  /** They have free slots on their own; the trouble is fitting them with the others. */
  | 'available';

export interface AttendeeFinding {
  readonly attendee: AttendeeRef;
  readonly availability: AttendeeAvailability;
  /** Their earliest free slot on their own, when `available`. */
  readonly firstFree?: string;
}

export type NoSlotCause =
  /** The notice runs past the due date: no time at all is left. */
  | 'deadline-too-soon'
  /** At least one required attendee has no free slot of their own (`blockers`). */
  | 'attendee-unavailable'
  /** Everyone has free time, but the required attendees' working hours never overlap long enough. */
  | 'working-hours-do-not-overlap'
  /** Everyone has free time, but never at the same time. */
  | 'no-common-time';

export interface NoSlotExplanation {
  readonly cause: NoSlotCause;
  /**
   * Safe to show on a card; names people and dates, never a child. E.g. "Sam Patel has no free 60-minute slot
   * before Thu 31 Dec within working hours."
   */
  readonly message: string;
  /**
   * Who blocks. For `attendee-unavailable`, those with no free slot of their own. For the other two causes,
   * those whose absence alone would free a time (empty when no single person would). Empty for
   * `deadline-too-soon`.
   */
  readonly blockers: readonly AttendeeRef[];
  /** Each required attendee, alone. Empty for `deadline-too-soon`. */
  readonly attendees: readonly AttendeeFinding[];
  /**
   * "Book without one attendee": for each required attendee (never the organiser) whose absence frees a time,
   * the best slots for everyone else. The left-out attendee is not in those slots' flags.
   */
  readonly withoutAttendee: readonly { readonly attendee: AttendeeRef; readonly slots: readonly Slot[] }[];
  /** "A shorter meeting": the longest shorter length (in granularity steps, not under the floor) with slots. */
  readonly shorter?: { readonly minutes: number; readonly slots: readonly Slot[] };
}

interface SearchBase {
  readonly minutes: number;
  /** The earliest start (ISO) after notice, and the deadline (ISO): the end of the due date. */
  readonly window: { readonly earliest: string; readonly deadline: string };
  /** The working hours used for each attendee, in the order given. */
  readonly hours: readonly AttendeeHours[];
}

export interface SlotsFound extends SearchBase {
  readonly kind: 'slots';
  /** Earliest first; at least one. */
  readonly slots: readonly Slot[];
  /** Absent when no later slot exists before the deadline. */
  readonly later?: LaterTimes;
}

/** Paged past the last slot: there were slots, but none at or after `from`. */
export interface NoLaterSlots extends SearchBase {
  readonly kind: 'no-later-slots';
}

export interface NoSlot extends SearchBase {
  readonly kind: 'no-slot';
  readonly explanation: NoSlotExplanation;
}

export type SlotSearch = SlotsFound | NoLaterSlots | NoSlot;

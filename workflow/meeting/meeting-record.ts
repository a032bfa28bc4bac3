/** An audit's meetings as recorded on it (the rules are in meeting.ts). */
import type { PersonId } from '../people.js';
import type { ResponseStatus } from '../scheduling/calendar.js';
import type { Slot } from '../scheduling/types.js';

/**
 * Which of an audit's meetings: the collaborative meeting before grading (`audit.meeting`), or West Sussex's
 * Reflective Practice & Action Meeting once an Inadequate grade stands (`audit.meetings.reflective`, asked for by
 * the Inadequate pathway). Both are booked, moved, cancelled and followed the same way.
 */
export const MEETING_KINDS = ['collaborative', 'reflective'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** What each meeting is called on cards, in invitations and in the history. */
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  collaborative: 'Collaborative audit meeting',
  reflective: 'Reflective Practice & Action Meeting',
};

export const MEETING_ROLES = ['reviewer', 'practitioner', 'teamManager', 'conferenceReviewingOfficer', 'serviceManager', 'moderator'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export const MEETING_ROLE_LABELS: Record<MeetingRole, string> = {
  reviewer: 'Reviewer',
  practitioner: 'Practitioner',
  teamManager: 'Team manager',
  conferenceReviewingOfficer: 'Conference & Reviewing Officer',
  serviceManager: 'Service manager',
  moderator: 'Moderator',
};

/** Who is asked to the meeting, and whether they must be free. */
export interface MeetingAttendance {
  readonly personId: PersonId;
  readonly role: MeetingRole;
  readonly required: boolean;
  /** The reviewer, in whose calendar the event is created. */
  readonly organiser?: true;
}

/** The slots on the reviewer's card. Numbered, so a card from an older offer is recognisably stale. */
export interface MeetingOffer {
  /** 1, 2, … over the audit's life. */
  readonly number: number;
  readonly madeAt: string;
  readonly minutes: number;
  /** Who the slots were found for (with "book without", the left-out attendee is here as optional). */
  readonly attendees: readonly MeetingAttendance[];
  /** Earliest first, at most three; each with flags for people who may not make it (see scheduling/types.ts). */
  readonly slots: readonly Slot[];
  /** "Show later times" continues from this instant; absent when nothing later fits before the deadline. */
  readonly later?: string;
  /** The offer this one is the "later times" of, so pressing "show later times" twice pages once. */
  readonly after?: number;
  /** The required attendee the reviewer chose to book without: invited as optional. */
  readonly without?: PersonId;
}

export interface BookedAttendee extends MeetingAttendance {
  /** The mailbox the invitation went to: responses come back by it. */
  readonly mailbox: string;
}

export interface RecordedResponse {
  readonly personId: PersonId;
  readonly response: ResponseStatus;
  /** When the change was seen. */
  readonly at: string;
}

/** One event in the reviewer's calendar, from creation to cancellation. */
export interface MeetingBooking {
  /** 1, 2, … over the audit's life: part of the transaction id, so each booking makes at most one event. */
  readonly number: number;
  /** Graph's `transactionId` for the create: a retried or repeated create returns the same event. */
  readonly transactionId: string;
  readonly eventId: string;
  /** ISO instants (UTC). */
  readonly start: string;
  readonly end: string;
  readonly minutes: number;
  /** The Teams join link, when the calendar gave one. */
  readonly joinUrl?: string;
  /** The offer the current time was picked from (booking, or the last move). */
  readonly offer: number;
  readonly attendees: readonly BookedAttendee[];
  readonly bookedAt: string;
  readonly bookedBy: PersonId;
  /** How many times it has been moved. */
  readonly moves: number;
  /** The last response seen from each attendee who has given one. */
  readonly responses: readonly RecordedResponse[];
  /** Declines seen per attendee (each one told to the reviewer once, when the attendee is required). */
  readonly declines: readonly { readonly personId: PersonId; readonly count: number }[];
  readonly cancelled?: { readonly at: string; readonly by: PersonId; readonly reason?: string };
}

export type MeetingStatus = 'proposed' | 'booked' | 'cancelled';

export interface Meeting {
  /** `proposed`: times offered, nothing booked. `booked`: an event exists. `cancelled`: the last one was cancelled. */
  readonly status: MeetingStatus;
  /** Offers made so far; the current one is `offer`. */
  readonly offers: number;
  /** Events created so far (the next booking is `bookings + 1`). */
  readonly bookings: number;
  /** The times on the card: to book, or (while booked) to move to. Cleared by booking, moving and cancelling. */
  readonly offer?: MeetingOffer;
  /** The live booking (`booked`). */
  readonly booking?: MeetingBooking;
  /** Cancelled bookings, oldest first. */
  readonly previous: readonly MeetingBooking[];
  /** What the last search said about who attends ("no Conference & Reviewing Officer in the directory"). */
  readonly notes: readonly string[];
  /**
   * Set on a meeting the bot asked the organiser to arrange rather than one they started (the reflective meeting,
   * asked for when the Inadequate pathway starts): the people and length fixed then, from the audit's roles and
   * the profile, so a later change of profile does not change a meeting already asked for.
   */
  readonly requested?: MeetingRequest;
}

export interface MeetingRequest {
  readonly at: string;
  /** The date (YYYY-MM-DD) it is to be held by: the search for times ends with that day. */
  readonly holdBy: string;
  readonly minutes: number;
  /** The organiser (the reviewer) first, then the profile's order. */
  readonly attendees: readonly MeetingAttendance[];
  /** Roles left out because nobody holds them on the audit: shown on the card with every search. */
  readonly notes: readonly string[];
}

/**
 * The Calendar port: what booking a collaborative review meeting needs from people's Outlook calendars.
 * graph/ implements it on Microsoft Graph (application permissions) and on the local Graph-compatible
 * calendar server; the domain never sees an SDK type.
 */
import type { FreeBusyItem } from './types.js';
import type { WorkingHours } from './working-hours.js';

/** A mailbox, by the address Graph knows it by (the user's UPN / primary SMTP address). */
export type Mailbox = string;

export interface MeetingAttendee {
  readonly mailbox: Mailbox;
  readonly name: string;
  readonly required: boolean;
}

export interface MeetingRequest {
  /** Idempotency key: a retried create with the same key never makes a second meeting (Graph `transactionId`). */
  readonly transactionId: string;
  /** Case reference and purpose only: never a child's name. */
  readonly subject: string;
  /** Plain text; case reference and purpose only. */
  readonly body: string;
  /** ISO instants (UTC). */
  readonly start: string;
  readonly end: string;
  readonly attendees: readonly MeetingAttendee[];
}

export type ResponseStatus = 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

export interface BookedMeeting {
  /** The event's id in the organiser's calendar. */
  readonly eventId: string;
  readonly start: string;
  readonly end: string;
  /** The Teams join link. */
  readonly joinUrl?: string;
}

export interface AttendeeResponse {
  readonly mailbox: Mailbox;
  readonly response: ResponseStatus;
}

export interface MailboxSchedule {
  readonly mailbox: Mailbox;
  /** Missing when the mailbox gave none: the policy default applies. */
  readonly workingHours?: WorkingHours;
  readonly timeZone?: string;
  readonly freeBusy: readonly FreeBusyItem[];
}

export interface Calendar {
  /** Free/busy and working hours of each mailbox over [start, end); the adapter batches (≤ 20 per call, < 62 days). */
  schedules(mailboxes: readonly Mailbox[], window: { readonly start: string; readonly end: string }): Promise<readonly MailboxSchedule[]>;
  /** Creates the event in the organiser's calendar as a Teams meeting; invites go to every attendee. */
  book(organiser: Mailbox, request: MeetingRequest): Promise<BookedMeeting>;
  /** Moves the event; attendees get the update. */
  move(organiser: Mailbox, eventId: string, slot: { readonly start: string; readonly end: string }): Promise<BookedMeeting>;
  /** Cancels the event; attendees get the cancellation with the comment. */
  cancel(organiser: Mailbox, eventId: string, comment: string): Promise<void>;
  /** The attendees' responses as the organiser's calendar records them. */
  responses(organiser: Mailbox, eventId: string): Promise<readonly AttendeeResponse[]>;
}

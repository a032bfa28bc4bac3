/**
 * What the local Graph-compatible calendar server is built from: a directory of users with their mailbox settings,
 * and the calendar items they start with. Plain data, so a test can write its own and `seedFromRoster` can make a
 * believable week for the demo people. Shapes follow Microsoft Graph (`@microsoft/microsoft-graph-types`).
 */
import type { AttendeeType, FreeBusyStatus, ResponseType, WorkingHours } from '@microsoft/microsoft-graph-types';

export interface LocalUser {
  /** The Entra object id. Requests may name the user by this id, the UPN or the mail address. */
  readonly id: string;
  readonly displayName: string;
  readonly mail: string;
  /** Defaults to `mail`. */
  readonly userPrincipalName?: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly officeLocation?: string;
  /** The line manager's user id: GET /users/{id}/manager, and `$expand=manager` on GET /users. */
  readonly managerId?: string;
  /** `mailboxSettings.timeZone` as Outlook states it: a Windows name ("GMT Standard Time") or an IANA one. */
  readonly timeZone: string;
  /** `mailboxSettings.workingHours`; null or absent: the mailbox states none. */
  readonly workingHours?: WorkingHours | null;
}

export interface SeedAttendee {
  readonly address: string;
  readonly name?: string;
  /** Default required. */
  readonly type?: AttendeeType;
  /** Default none (the invite is unanswered: it shows as tentative in the attendee's free/busy). */
  readonly response?: ResponseType;
}

interface SeedEventBase {
  /** Whose calendar: user id, UPN or mail. The organiser, when there are attendees. */
  readonly owner: string;
  readonly subject: string;
  /** Default busy. */
  readonly showAs?: FreeBusyStatus;
  readonly body?: string;
  readonly attendees?: readonly SeedAttendee[];
  readonly isOnlineMeeting?: boolean;
}

export interface SeedTimedEvent extends SeedEventBase {
  /** ISO instants with an offset. */
  readonly start: string;
  readonly end: string;
}

/** Whole local days in the owner's mailbox time zone, both days included (a week's leave: Monday to Friday). */
export interface SeedAllDayEvent extends SeedEventBase {
  readonly allDay: { readonly firstDay: string; readonly lastDay: string };
}

export type SeedEvent = SeedTimedEvent | SeedAllDayEvent;

export interface LocalCalendarData {
  readonly users: readonly LocalUser[];
  readonly events: readonly SeedEvent[];
}

/**
 * Faults the server injects, so that retries are exercised for real. Rates are fractions of 0 to 1, drawn per
 * request and, inside `$batch`, per inner request.
 */
export interface LocalCalendarFaults {
  /** Answered 429 TooManyRequests with Retry-After, before any processing. Default 0. */
  readonly throttleRate?: number;
  /** Answered 503 ServiceUnavailable with Retry-After, before any processing. Default 0. */
  readonly unavailableRate?: number;
  /**
   * Writes (POST, PATCH, DELETE) that are carried out but answered 504 GatewayTimeout, as when Graph times out
   * after Exchange committed: the case `transactionId` exists for. Default 0.
   */
  readonly lostResponseRate?: number;
  /** Retry-After on injected 429/503, in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
  /**
   * Outlook's concurrency limit per mailbox: a request arriving while this many are in flight for the same mailbox
   * is answered 429 (ApplicationThrottled, "MailboxConcurrency"). Default 4; 0 switches the check off (the server
   * still measures).
   */
  readonly mailboxConcurrency?: number;
  /** Outlook's request budget per mailbox: default 10,000 requests per 10 minutes; requests over it get 429. */
  readonly mailboxBudget?: { readonly requests: number; readonly windowMs: number };
  /** Processing time of each request, in ms: a number or a [min, max] range. Default [2, 8]. */
  readonly latencyMs?: number | readonly [number, number];
}

/** What the server measured since it started (or since `resetStats()`). */
export interface LocalCalendarStats {
  /** HTTP requests received under /v1.0, `$batch` envelopes included. */
  readonly httpRequests: number;
  readonly batches: number;
  /** Requests carried inside `$batch` envelopes. */
  readonly innerRequests: number;
  /** Final status of every request (plain and inner; not `$batch` envelopes), by status code. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly injected: {
    readonly throttled: number;
    readonly unavailable: number;
    readonly lostResponses: number;
    /** 429s for going over the per-mailbox concurrency limit. */
    readonly concurrency: number;
    /** 429s for going over the per-mailbox request budget. */
    readonly budget: number;
  };
  /** The most requests ever in flight at once for each mailbox (by mail address), rejected ones included. */
  readonly maxConcurrentPerMailbox: Readonly<Record<string, number>>;
  /** The largest value in `maxConcurrentPerMailbox` (0 when no mailbox was asked anything). */
  readonly maxConcurrent: number;
  readonly eventsCreated: number;
  /** Event POSTs whose transactionId matched an event already created: answered with that event. */
  readonly duplicateTransactionIds: number;
  readonly cancellations: number;
}

/** A cancellation the organiser sent: what the attendees were told. */
export interface CancellationRecord {
  readonly iCalUId: string;
  readonly organiser: string;
  readonly subject: string;
  readonly comment: string;
  /** Mail addresses of the attendees the cancellation went to. */
  readonly attendees: readonly string[];
  readonly at: string;
}

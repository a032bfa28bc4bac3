/**
 * The local calendar server's state, in memory: users and their mailbox settings, meetings and the copy of each
 * meeting in every attendee's calendar. Everything is synchronous; the HTTP layer (server.ts) adds latency,
 * faults and concurrency accounting around it.
 *
 * How it follows Outlook:
 * - a meeting lives in the organiser's calendar and, as a copy with its own event id, in each attendee's who is in
 *   the directory; an unanswered copy shows as tentative in the attendee's free/busy, an accepted one as busy, a
 *   declined one leaves the attendee's calendar;
 * - moving a meeting resets every attendee's response to none and puts it back into every calendar;
 * - cancelling removes it from every calendar and records what the attendees were told;
 * - a POST that repeats an organiser's `transactionId` returns the event that id already made.
 */
import { randomBytes } from 'node:crypto';
import type {
  Attendee,
  AttendeeType,
  Event,
  FreeBusyStatus,
  ItemBody,
  MailboxSettings,
  ResponseType,
  ScheduleInformation,
  ScheduleItem,
  User,
} from '@microsoft/microsoft-graph-types';
import { addDays, isIsoDate } from '../../workflow/dates.js';
import { normaliseTimeZone } from '../../workflow/scheduling/working-hours.js';
import { parseInstant, ZonedTime } from '../../workflow/scheduling/zoned-time.js';
import type { CancellationRecord, LocalCalendarData, LocalUser, SeedEvent } from './data.js';
import { GraphHttpError } from './errors.js';
import { type OutputZone, readDateTimeTimeZone, toDateTimeTimeZone } from './graph-time.js';

const DAY_MS = 86_400_000;
/** Graph refuses getSchedule windows of 62 days or more. */
const MAX_SCHEDULE_WINDOW_MS = 62 * DAY_MS;
export const MAX_SCHEDULES_PER_CALL = 20;
const FREE_BUSY_STATUSES: readonly FreeBusyStatus[] = ['unknown', 'free', 'tentative', 'busy', 'oof', 'workingElsewhere'];

type Timing =
  | { readonly kind: 'timed'; readonly startMs: number; readonly endMs: number }
  | { readonly kind: 'allDay'; readonly firstDay: string; readonly lastDay: string };

interface AttendeeState {
  readonly address: string;
  readonly name: string;
  readonly type: AttendeeType;
  /** Set when the attendee is in the directory: their calendar holds a copy. */
  readonly userId?: string;
  copyId?: string;
  response: ResponseType;
  responseTime: string;
  /** Declined, or deleted from their calendar: no longer shown there. */
  removed: boolean;
}

interface Meeting {
  readonly iCalUId: string;
  readonly organiserId: string;
  readonly organiserEventId: string;
  readonly createdDateTime: string;
  readonly transactionId?: string;
  subject: string;
  body: ItemBody;
  timing: Timing;
  showAs: FreeBusyStatus;
  isOnlineMeeting: boolean;
  onlineMeetingProvider?: 'teamsForBusiness';
  joinUrl?: string;
  allowNewTimeProposals: boolean;
  attendees: AttendeeState[];
  lastModifiedDateTime: string;
  changes: number;
}

/** Which meeting an event id is, and in whose calendar. */
interface EventRef {
  readonly iCalUId: string;
  readonly ownerId: string;
}

export interface StoreCounters {
  eventsCreated: number;
  duplicateTransactionIds: number;
}

export interface ListQuery {
  readonly filter?: string;
  readonly top?: number;
  readonly skip?: number;
}

function newId(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

function text(value: unknown, what: string, max = 10_000): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw new GraphHttpError(400, 'ErrorInvalidRequest', `${what} must be a string of at most ${max} characters.`);
  return value;
}

export class CalendarStore {
  private readonly zoned = new ZonedTime();
  private readonly users = new Map<string, LocalUser>();
  private readonly byAddress = new Map<string, string>();
  private readonly meetings = new Map<string, Meeting>();
  private readonly events = new Map<string, EventRef>();
  private readonly transactions = new Map<string, string>();
  private readonly cancelled: CancellationRecord[] = [];
  /** Teams apps installed in each user's personal scope (teamwork/installedApps): user id → catalog ids. */
  private readonly installedApps = new Map<string, string[]>();
  readonly counters: StoreCounters = { eventsCreated: 0, duplicateTransactionIds: 0 };

  constructor(
    data: LocalCalendarData,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const user of data.users) this.addUser(user);
    for (const event of data.events) this.addSeedEvent(event);
  }

  // ---- directory ---------------------------------------------------------------------------------------------

  private addUser(user: LocalUser): void {
    if (this.users.has(user.id)) throw new Error(`Local calendar: user id ${user.id} appears twice.`);
    if (!normaliseTimeZone(user.timeZone)) throw new Error(`Local calendar: ${user.mail}'s time zone "${user.timeZone}" is not known.`);
    this.users.set(user.id, user);
    for (const address of [user.id, user.mail, user.userPrincipalName ?? user.mail]) {
      const key = address.toLowerCase();
      const other = this.byAddress.get(key);
      if (other && other !== user.id) throw new Error(`Local calendar: address ${address} belongs to two users.`);
      this.byAddress.set(key, user.id);
    }
  }

  /** The user a path segment names (id, UPN or mail, any case). */
  resolve(idOrAddress: string): LocalUser | undefined {
    const id = this.byAddress.get(idOrAddress.trim().toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  requireUser(idOrAddress: string): LocalUser {
    const user = this.resolve(idOrAddress);
    if (!user) throw new GraphHttpError(404, 'ErrorInvalidUser', `The requested user '${idOrAddress}' is invalid.`);
    return user;
  }

  listUsers(): User[] {
    return [...this.users.values()].map((u) => this.userJson(u));
  }

  userJson(u: LocalUser): User {
    const [givenName, ...rest] = u.displayName.split(' ');
    return {
      id: u.id,
      displayName: u.displayName,
      givenName: givenName ?? null,
      surname: rest.join(' ') || null,
      mail: u.mail,
      userPrincipalName: u.userPrincipalName ?? u.mail,
      jobTitle: u.jobTitle ?? null,
      department: u.department ?? null,
      officeLocation: u.officeLocation ?? null,
    };
  }

  /** GET /users/{id}/manager: the line manager, or a 404 like Graph's when the user has none. */
  manager(user: LocalUser): User {
    const manager = user.managerId === undefined ? undefined : this.users.get(user.managerId);
    if (!manager) throw new GraphHttpError(404, 'Request_ResourceNotFound', `Resource 'manager' does not exist or one of its queried reference-property objects are not present.`);
    return this.userJson(manager);
  }

  /** The manager's id for `$expand=manager`, or undefined (Graph then leaves `manager` out). */
  managerIdOf(user: LocalUser): string | undefined {
    return user.managerId !== undefined && this.users.has(user.managerId) ? user.managerId : undefined;
  }

  /** GET /users, one page: `$top` (default 100, at most 999) from the `skip`th user, in a stable order. */
  listUserPage(top: number, skip: number): { value: LocalUser[]; more: boolean } {
    const all = [...this.users.values()];
    return { value: all.slice(skip, skip + top), more: skip + top < all.length };
  }

  mailboxSettings(user: LocalUser): MailboxSettings {
    return {
      archiveFolder: newId('AQMk'),
      timeZone: user.timeZone,
      language: { locale: 'en-GB', displayName: 'English (United Kingdom)' },
      dateFormat: 'dd/MM/yyyy',
      timeFormat: 'HH:mm',
      ...(user.workingHours ? { workingHours: user.workingHours } : {}),
    };
  }

  private zoneOf(user: LocalUser): string {
    return normaliseTimeZone(user.timeZone) ?? 'UTC';
  }

  // ---- seeding ------------------------------------------------------------------------------------------------

  private addSeedEvent(seed: SeedEvent): void {
    const organiser = this.resolve(seed.owner);
    if (!organiser) throw new Error(`Local calendar: seeded event "${seed.subject}" belongs to unknown user ${seed.owner}.`);
    let timing: Timing;
    if ('allDay' in seed) {
      const { firstDay, lastDay } = seed.allDay;
      if (!isIsoDate(firstDay) || !isIsoDate(lastDay) || lastDay < firstDay) throw new Error(`Local calendar: all-day event "${seed.subject}" has bad days.`);
      timing = { kind: 'allDay', firstDay, lastDay };
    } else {
      const startMs = parseInstant(seed.start);
      const endMs = parseInstant(seed.end);
      if (endMs <= startMs) throw new Error(`Local calendar: seeded event "${seed.subject}" ends before it starts.`);
      timing = { kind: 'timed', startMs, endMs };
    }
    const meeting = this.createMeeting(organiser, {
      subject: seed.subject,
      body: { contentType: 'text', content: seed.body ?? '' },
      timing,
      showAs: seed.showAs ?? 'busy',
      isOnlineMeeting: seed.isOnlineMeeting ?? false,
      attendees: (seed.attendees ?? []).map((a) => ({ address: a.address, name: a.name ?? a.address, type: a.type ?? 'required' })),
    });
    for (const [i, a] of (seed.attendees ?? []).entries()) {
      const state = meeting.attendees[i];
      if (state && a.response && a.response !== 'none') {
        state.response = a.response;
        state.removed = a.response === 'declined';
      }
    }
  }

  // ---- events ----------------------------------------------------------------------------------------------------

  private createMeeting(
    organiser: LocalUser,
    init: {
      subject: string;
      body: ItemBody;
      timing: Timing;
      showAs: FreeBusyStatus;
      isOnlineMeeting: boolean;
      attendees: readonly { address: string; name: string; type: AttendeeType }[];
      transactionId?: string;
      allowNewTimeProposals?: boolean;
    },
  ): Meeting {
    const at = this.now().toISOString();
    const seen = new Set<string>([organiser.id]);
    const attendees: AttendeeState[] = [];
    for (const a of init.attendees) {
      const user = this.resolve(a.address);
      const key = user?.id ?? a.address.toLowerCase();
      // The organiser is not their own attendee, and nobody is invited twice.
      if (seen.has(key)) continue;
      seen.add(key);
      attendees.push({
        address: user?.mail ?? a.address,
        name: a.name || user?.displayName || a.address,
        type: a.type,
        ...(user ? { userId: user.id } : {}),
        response: 'none',
        responseTime: '0001-01-01T00:00:00Z',
        removed: false,
      });
    }
    const meeting: Meeting = {
      iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(28).toString('hex').toUpperCase()}`,
      organiserId: organiser.id,
      organiserEventId: newId('AAMkAG'),
      createdDateTime: at,
      ...(init.transactionId ? { transactionId: init.transactionId } : {}),
      subject: init.subject,
      body: init.body,
      timing: init.timing,
      showAs: init.showAs,
      isOnlineMeeting: init.isOnlineMeeting,
      ...(init.isOnlineMeeting
        ? {
            onlineMeetingProvider: 'teamsForBusiness' as const,
            joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${randomBytes(24).toString('base64url')}%40thread.v2/0?context=%7b%22Tid%22%3a%22local%22%2c%22Oid%22%3a%22${organiser.id}%22%7d`,
          }
        : {}),
      allowNewTimeProposals: init.allowNewTimeProposals ?? true,
      attendees,
      lastModifiedDateTime: at,
      changes: 0,
    };
    this.meetings.set(meeting.iCalUId, meeting);
    this.events.set(meeting.organiserEventId, { iCalUId: meeting.iCalUId, ownerId: organiser.id });
    for (const a of attendees) {
      if (!a.userId) continue;
      a.copyId = newId('AAMkAG');
      this.events.set(a.copyId, { iCalUId: meeting.iCalUId, ownerId: a.userId });
    }
    return meeting;
  }

  /** POST /users/{id}/events. `created` is false when the transactionId had already made this event. */
  createEvent(organiser: LocalUser, body: unknown, zone: OutputZone): { event: Event; created: boolean } {
    if (!body || typeof body !== 'object') throw new GraphHttpError(400, 'ErrorInvalidRequest', 'The request body must be an event.');
    const e = body as Event;
    const transactionId = text(e.transactionId, 'transactionId', 300);
    if (transactionId) {
      const existing = this.transactions.get(`${organiser.id}\n${transactionId}`);
      const meeting = existing ? this.meetings.get(existing) : undefined;
      if (meeting) {
        this.counters.duplicateTransactionIds += 1;
        return { event: this.eventJson(meeting, organiser.id, meeting.organiserEventId, zone), created: false };
      }
    }
    const isAllDay = e.isAllDay === true;
    const startMs = readDateTimeTimeZone(e.start, 'start');
    const endMs = readDateTimeTimeZone(e.end, 'end');
    if (endMs <= startMs) throw new GraphHttpError(400, 'ErrorInvalidRequest', 'The event must end after it starts.');
    let timing: Timing = { kind: 'timed', startMs, endMs };
    if (isAllDay) {
      const first = e.start?.dateTime?.slice(0, 10) ?? '';
      const endDay = e.end?.dateTime?.slice(0, 10) ?? '';
      if (!/T00:00(:00(\.0+)?)?$/.test(e.start?.dateTime ?? '') || !/T00:00(:00(\.0+)?)?$/.test(e.end?.dateTime ?? '')) {
        throw new GraphHttpError(400, 'ErrorInvalidRequest', 'An all-day event starts and ends at midnight.');
      }
      timing = { kind: 'allDay', firstDay: first, lastDay: addDays(endDay, -1) };
    }
    const attendees = (e.attendees ?? []).map((a: Attendee, i) => {
      const address = a.emailAddress?.address?.trim();
      if (!address) throw new GraphHttpError(400, 'ErrorInvalidRecipients', `Attendee ${i + 1} has no email address.`);
      const type: AttendeeType = a.type === 'optional' || a.type === 'resource' ? a.type : 'required';
      return { address, name: a.emailAddress?.name ?? '', type };
    });
    const showAs = e.showAs && FREE_BUSY_STATUSES.includes(e.showAs) ? e.showAs : 'busy';
    const provider = e.onlineMeetingProvider ?? 'teamsForBusiness';
    if (e.isOnlineMeeting === true && provider !== 'teamsForBusiness') {
      throw new GraphHttpError(400, 'ErrorInvalidRequest', `Online meeting provider ${provider} is not allowed for this mailbox.`);
    }
    const meeting = this.createMeeting(organiser, {
      subject: text(e.subject, 'subject', 255) ?? '',
      body: { contentType: e.body?.contentType === 'html' ? 'html' : 'text', content: text(e.body?.content, 'body.content') ?? '' },
      timing,
      showAs,
      isOnlineMeeting: e.isOnlineMeeting === true,
      attendees,
      ...(transactionId ? { transactionId } : {}),
      ...(typeof e.allowNewTimeProposals === 'boolean' ? { allowNewTimeProposals: e.allowNewTimeProposals } : {}),
    });
    if (transactionId) this.transactions.set(`${organiser.id}\n${transactionId}`, meeting.iCalUId);
    this.counters.eventsCreated += 1;
    return { event: this.eventJson(meeting, organiser.id, meeting.organiserEventId, zone), created: true };
  }

  private find(owner: LocalUser, eventId: string): { meeting: Meeting; attendee?: AttendeeState } {
    const ref = this.events.get(eventId);
    const meeting = ref && ref.ownerId === owner.id ? this.meetings.get(ref.iCalUId) : undefined;
    if (!meeting) throw new GraphHttpError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (meeting.organiserId === owner.id) return { meeting };
    const attendee = meeting.attendees.find((a) => a.userId === owner.id && a.copyId === eventId);
    if (!attendee || attendee.removed) throw new GraphHttpError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return { meeting, attendee };
  }

  getEvent(owner: LocalUser, eventId: string, zone: OutputZone): Event {
    this.find(owner, eventId);
    const ref = this.events.get(eventId)!;
    return this.eventJson(this.meetings.get(ref.iCalUId)!, owner.id, eventId, zone);
  }

  /** The events in a calendar, earliest first, with `$filter` on transactionId, iCalUId or subject (eq only). */
  listEvents(owner: LocalUser, query: ListQuery, zone: OutputZone): { value: Event[]; more: boolean } {
    let filter: ((m: Meeting) => boolean) | undefined;
    if (query.filter) {
      const m = /^\s*(transactionId|iCalUId|subject)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(query.filter);
      if (!m) throw new GraphHttpError(400, 'ErrorInvalidUrlQueryFilter', `The local calendar server supports $filter=<transactionId|iCalUId|subject> eq '…' only.`);
      const field = m[1]!.toLowerCase();
      const value = m[2]!.replace(/''/g, "'");
      filter = (meeting) =>
        field === 'transactionid'
          ? meeting.organiserId === owner.id && meeting.transactionId === value
          : field === 'icaluid'
            ? meeting.iCalUId === value
            : meeting.subject === value;
    }
    const mine = this.calendarOf(owner).filter(({ meeting }) => !filter || filter(meeting));
    mine.sort((a, b) => a.startMs - b.startMs || a.eventId.localeCompare(b.eventId));
    const skip = query.skip ?? 0;
    const top = query.top ?? 10;
    const page = mine.slice(skip, skip + top);
    return { value: page.map(({ meeting, eventId }) => this.eventJson(meeting, owner.id, eventId, zone)), more: skip + top < mine.length };
  }

  /** Every meeting that shows in a user's calendar, with the event id it has there. */
  private calendarOf(owner: LocalUser): { meeting: Meeting; eventId: string; status: FreeBusyStatus; startMs: number; endMs: number }[] {
    const out: { meeting: Meeting; eventId: string; status: FreeBusyStatus; startMs: number; endMs: number }[] = [];
    const zone = this.zoneOf(owner);
    for (const meeting of this.meetings.values()) {
      let eventId: string | undefined;
      let status: FreeBusyStatus = meeting.showAs;
      if (meeting.organiserId === owner.id) {
        eventId = meeting.organiserEventId;
      } else {
        const a = meeting.attendees.find((x) => x.userId === owner.id);
        if (!a || a.removed || !a.copyId) continue;
        eventId = a.copyId;
        if (a.response !== 'accepted' && meeting.showAs !== 'free') status = 'tentative';
      }
      const { startMs, endMs } = this.instants(meeting.timing, zone);
      out.push({ meeting, eventId, status, startMs, endMs });
    }
    return out;
  }

  private instants(timing: Timing, zone: string): { startMs: number; endMs: number } {
    if (timing.kind === 'timed') return timing;
    return { startMs: this.zoned.startOfDay(timing.firstDay, zone), endMs: this.zoned.startOfDay(addDays(timing.lastDay, 1), zone) };
  }

  /** PATCH /users/{id}/events/{eventId}: the organiser moves or retitles the meeting. */
  updateEvent(owner: LocalUser, eventId: string, body: unknown, zone: OutputZone): Event {
    const { meeting, attendee } = this.find(owner, eventId);
    if (!body || typeof body !== 'object') throw new GraphHttpError(400, 'ErrorInvalidRequest', 'The request body must be an event.');
    const patch = body as Event;
    if (attendee) {
      if (patch.start !== undefined || patch.end !== undefined || patch.subject !== undefined || patch.attendees !== undefined) {
        throw new GraphHttpError(403, 'ErrorAccessDenied', 'Only the organizer can change the time, subject or attendees of a meeting.');
      }
      return this.eventJson(meeting, owner.id, eventId, zone);
    }
    if (patch.start !== undefined || patch.end !== undefined) {
      const current = this.instants(meeting.timing, this.zoneOf(owner));
      const startMs = patch.start !== undefined ? readDateTimeTimeZone(patch.start, 'start') : current.startMs;
      const endMs = patch.end !== undefined ? readDateTimeTimeZone(patch.end, 'end') : current.endMs;
      if (endMs <= startMs) throw new GraphHttpError(400, 'ErrorInvalidRequest', 'The event must end after it starts.');
      const moved = meeting.timing.kind !== 'timed' || meeting.timing.startMs !== startMs || meeting.timing.endMs !== endMs;
      meeting.timing = { kind: 'timed', startMs, endMs };
      if (moved) {
        // Outlook sends every attendee the update: their earlier answer no longer stands.
        for (const a of meeting.attendees) {
          a.response = 'none';
          a.responseTime = '0001-01-01T00:00:00Z';
          a.removed = false;
        }
      }
    }
    const subject = text(patch.subject, 'subject', 255);
    if (subject !== undefined) meeting.subject = subject;
    if (patch.body) meeting.body = { contentType: patch.body.contentType === 'html' ? 'html' : 'text', content: text(patch.body.content, 'body.content') ?? '' };
    if (patch.showAs && FREE_BUSY_STATUSES.includes(patch.showAs)) meeting.showAs = patch.showAs;
    meeting.lastModifiedDateTime = this.now().toISOString();
    meeting.changes += 1;
    return this.eventJson(meeting, owner.id, eventId, zone);
  }

  /** POST …/cancel: the organiser cancels; the meeting leaves every calendar and the attendees are told. */
  cancelEvent(owner: LocalUser, eventId: string, comment: string): void {
    const { meeting, attendee } = this.find(owner, eventId);
    if (attendee) throw new GraphHttpError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. You need to be an organizer to cancel a meeting.');
    this.remove(meeting, comment);
  }

  /** DELETE: the organiser's delete cancels the meeting (without a comment); an attendee's removes only their copy. */
  deleteEvent(owner: LocalUser, eventId: string): void {
    const { meeting, attendee } = this.find(owner, eventId);
    if (attendee) {
      attendee.removed = true;
      return;
    }
    if (meeting.attendees.length > 0) this.remove(meeting, '');
    else this.removeQuietly(meeting);
  }

  private remove(meeting: Meeting, comment: string): void {
    const organiser = this.users.get(meeting.organiserId)!;
    this.cancelled.push({
      iCalUId: meeting.iCalUId,
      organiser: organiser.mail,
      subject: meeting.subject,
      comment,
      attendees: meeting.attendees.map((a) => a.address),
      at: this.now().toISOString(),
    });
    this.removeQuietly(meeting);
  }

  private removeQuietly(meeting: Meeting): void {
    this.meetings.delete(meeting.iCalUId);
    this.events.delete(meeting.organiserEventId);
    for (const a of meeting.attendees) if (a.copyId) this.events.delete(a.copyId);
    // The transactionId stays taken: a late retry of the POST must not bring the meeting back.
  }

  /** POST …/accept | decline | tentativelyAccept, by the attendee on their own copy. */
  respond(owner: LocalUser, eventId: string, response: 'accepted' | 'declined' | 'tentativelyAccepted'): void {
    const { attendee } = this.find(owner, eventId);
    if (!attendee) throw new GraphHttpError(400, 'ErrorInvalidRequest', 'Your request can\'t be completed. You can\'t respond to a meeting you organized.');
    attendee.response = response;
    attendee.responseTime = this.now().toISOString();
    attendee.removed = response === 'declined';
  }

  cancellations(): readonly CancellationRecord[] {
    return this.cancelled;
  }

  // ---- free/busy ---------------------------------------------------------------------------------------------------

  /** POST /users/{id}/calendar/getSchedule. */
  schedule(body: unknown, zone: OutputZone): ScheduleInformation[] {
    const b = (body ?? {}) as { schedules?: unknown; startTime?: unknown; endTime?: unknown; availabilityViewInterval?: unknown };
    if (!Array.isArray(b.schedules) || b.schedules.length === 0 || !b.schedules.every((s) => typeof s === 'string')) {
      throw new GraphHttpError(400, 'ErrorInvalidRequest', 'schedules must be a non-empty list of SMTP addresses.');
    }
    if (b.schedules.length > MAX_SCHEDULES_PER_CALL) {
      throw new GraphHttpError(400, 'ErrorInvalidRequest', `No more than ${MAX_SCHEDULES_PER_CALL} schedules can be requested at once (got ${b.schedules.length}).`);
    }
    const startMs = readDateTimeTimeZone(b.startTime, 'startTime');
    const endMs = readDateTimeTimeZone(b.endTime, 'endTime');
    if (endMs <= startMs) throw new GraphHttpError(400, 'ErrorInvalidTimeInterval', 'The end time must be after the start time.');
    if (endMs - startMs >= MAX_SCHEDULE_WINDOW_MS) throw new GraphHttpError(400, 'ErrorInvalidTimeInterval', 'The requested time duration must be less than 62 days.');
    const interval = b.availabilityViewInterval === undefined ? 30 : Number(b.availabilityViewInterval);
    if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
      throw new GraphHttpError(400, 'ErrorInvalidRequest', 'availabilityViewInterval must be 5 to 1440 minutes.');
    }
    return (b.schedules as string[]).map((scheduleId) => {
      const user = this.resolve(scheduleId);
      if (!user) {
        return { scheduleId, error: { message: `The SMTP address "${scheduleId}" has no mailbox associated with it.`, responseCode: 'ErrorMailRecipientNotFound' } };
      }
      const items = this.calendarOf(user)
        .filter((x) => x.startMs < endMs && x.endMs > startMs)
        .sort((x, y) => x.startMs - y.startMs);
      const scheduleItems: ScheduleItem[] = items.map((x) => ({
        isPrivate: false,
        status: x.status,
        start: toDateTimeTimeZone(x.startMs, zone, this.zoned),
        end: toDateTimeTimeZone(x.endMs, zone, this.zoned),
      }));
      return {
        scheduleId,
        availabilityView: this.availabilityView(items, startMs, endMs, interval),
        scheduleItems,
        ...(user.workingHours ? { workingHours: user.workingHours } : {}),
      };
    });
  }

  private availabilityView(items: readonly { status: FreeBusyStatus; startMs: number; endMs: number }[], startMs: number, endMs: number, minutes: number): string {
    const weight: Record<FreeBusyStatus, number> = { free: 0, tentative: 1, busy: 2, oof: 3, workingElsewhere: 4, unknown: 0 };
    const rank: Record<FreeBusyStatus, number> = { free: 0, unknown: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };
    const step = minutes * 60_000;
    let view = '';
    for (let t = startMs; t < endMs; t += step) {
      let best: FreeBusyStatus = 'free';
      for (const x of items) if (x.startMs < t + step && x.endMs > t && rank[x.status] > rank[best]) best = x.status;
      view += String(weight[best]);
    }
    return view;
  }

  // ---- rendering ------------------------------------------------------------------------------------------------------

  private eventJson(meeting: Meeting, viewerId: string, eventId: string, zone: OutputZone): Event & { readonly '@odata.etag': string } {
    const organiser = this.users.get(meeting.organiserId)!;
    const isOrganizer = viewerId === meeting.organiserId;
    const me = isOrganizer ? undefined : meeting.attendees.find((a) => a.userId === viewerId);
    let showAs = meeting.showAs;
    if (me && me.response !== 'accepted' && meeting.showAs !== 'free') showAs = 'tentative';
    const timing = meeting.timing;
    const start =
      timing.kind === 'timed'
        ? toDateTimeTimeZone(timing.startMs, zone, this.zoned)
        : { dateTime: `${timing.firstDay}T00:00:00.0000000`, timeZone: zone.name };
    const end =
      timing.kind === 'timed'
        ? toDateTimeTimeZone(timing.endMs, zone, this.zoned)
        : { dateTime: `${addDays(timing.lastDay, 1)}T00:00:00.0000000`, timeZone: zone.name };
    const changeKey = Buffer.from(`${meeting.iCalUId}:${meeting.changes}`).toString('base64url').slice(-24);
    return {
      '@odata.etag': `W/"${changeKey}"`,
      id: eventId,
      createdDateTime: meeting.createdDateTime,
      lastModifiedDateTime: meeting.lastModifiedDateTime,
      changeKey,
      categories: [],
      ...(isOrganizer && meeting.transactionId ? { transactionId: meeting.transactionId } : { transactionId: null }),
      originalStartTimeZone: 'UTC',
      originalEndTimeZone: 'UTC',
      iCalUId: meeting.iCalUId,
      reminderMinutesBeforeStart: 15,
      isReminderOn: true,
      hasAttachments: false,
      subject: meeting.subject,
      bodyPreview: meeting.body.content?.slice(0, 255) ?? '',
      importance: 'normal',
      sensitivity: 'normal',
      isAllDay: timing.kind === 'allDay',
      isCancelled: false,
      isOrganizer,
      responseRequested: true,
      seriesMasterId: null,
      showAs,
      type: 'singleInstance',
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(eventId)}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      isOnlineMeeting: meeting.isOnlineMeeting,
      onlineMeetingProvider: meeting.onlineMeetingProvider ?? 'unknown',
      allowNewTimeProposals: meeting.allowNewTimeProposals,
      isDraft: false,
      hideAttendees: false,
      responseStatus: isOrganizer
        ? { response: 'organizer', time: meeting.createdDateTime }
        : { response: me?.response ?? 'none', time: me?.responseTime ?? '0001-01-01T00:00:00Z' },
      body: meeting.body,
      start,
      end,
      location: { displayName: meeting.isOnlineMeeting ? 'Microsoft Teams Meeting' : '', locationType: 'default', uniqueIdType: 'unknown' },
      locations: [],
      recurrence: null,
      attendees: meeting.attendees.map((a) => ({
        type: a.type,
        status: { response: a.response, time: a.responseTime },
        emailAddress: { name: a.name, address: a.address },
      })),
      organizer: { emailAddress: { name: organiser.displayName, address: organiser.mail } },
      onlineMeeting: meeting.joinUrl ? { joinUrl: meeting.joinUrl } : null,
    };
  }

  // ---- Teams apps in a user's personal scope (not calendar: POST/GET /users/{id}/teamwork/installedApps) ------------

  /** Installs a catalog app for the user; false (and nothing changes) when it already was: Graph's 409. */
  installApp(user: LocalUser, teamsAppId: string): boolean {
    const apps = this.installedApps.get(user.id) ?? [];
    if (apps.includes(teamsAppId)) return false;
    this.installedApps.set(user.id, [...apps, teamsAppId]);
    return true;
  }

  /** The catalog ids of the apps installed for the user, in the order they were installed. */
  appsInstalledFor(user: LocalUser): readonly string[] {
    return this.installedApps.get(user.id) ?? [];
  }
}

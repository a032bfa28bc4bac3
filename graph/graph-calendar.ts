/**
 * The `Calendar` port on Microsoft Graph (application permissions: Calendars.ReadWrite, MailboxSettings.Read),
 * through `@microsoft/microsoft-graph-client` 3. The same code talks to real Graph and to the local calendar
 * server; see graph-client.ts for the client and graph-requests.ts for throttling and retries.
 *
 * - `schedules`: getSchedule, ≤ 20 schedules and < 62 days per call (`scheduleRequests`), several calls in one
 *   `$batch`, each posted to the mailbox of the first schedule it asks about (spreading the load over mailboxes),
 *   in UTC (`Prefer: outlook.timezone="UTC"`). Working hours come with the schedule; for a mailbox whose schedule
 *   has none (or none usable), its mailboxSettings are read for the time zone the policy's default hours apply in.
 *   A schedule Graph could not read (unknown address) is one `unknown` item over the whole window: the slot finder
 *   does not book over what it cannot see.
 * - `book`: POST /users/{organiser}/events as a Teams meeting with the request's `transactionId`, so a retried
 *   POST (after a 504 or a dropped connection) returns the same event instead of a second meeting.
 * - `move`: PATCH start/end. `cancel`: POST …/cancel with the comment. `responses`: the organiser's copy's
 *   attendees and their `status.response`.
 * - An event that no longer exists is the domain's `NotFound`; anything else Graph refuses is a `GraphCalendarError`.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Attendee, DateTimeTimeZone, Event, MailboxSettings, ScheduleInformation } from '@microsoft/microsoft-graph-types';
import { NotFound } from '../workflow/errors.js';
import type { AttendeeResponse, BookedMeeting, Calendar, Mailbox, MailboxSchedule, MeetingRequest, ResponseStatus } from '../workflow/scheduling/calendar.js';
import { scheduleRequests } from '../workflow/scheduling/schedule-requests.js';
import type { FreeBusyItem, FreeBusyStatus } from '../workflow/scheduling/types.js';
import { normaliseTimeZone, type WorkingHours, workingHoursFromMailbox } from '../workflow/scheduling/working-hours.js';
import { localDateTimeToInstant, parseInstant } from '../workflow/scheduling/zoned-time.js';
import { GraphRequester, type GraphStep, type RequestStats, type RetryPolicy, type StepResult } from './graph-requests.js';
import { type Clock, type MailboxLimits, MailboxThrottle, realClock } from './throttle.js';

export interface GraphCalendarOptions extends MailboxLimits {
  readonly retry?: Partial<RetryPolicy>;
  /** Tests only: time and jitter. */
  readonly clock?: Clock;
  readonly random?: () => number;
}

/** Graph refused a request, or kept throttling it past the retry policy. */
export class GraphCalendarError extends Error {
  constructor(
    readonly operation: string,
    readonly mailbox: string,
    readonly status: number,
    readonly code: string,
    readonly attempts: number,
    message: string,
  ) {
    super(`Graph ${operation} for ${mailbox} failed (HTTP ${status || 'no answer'} ${code}) after ${attempts} attempt(s): ${message}`);
  }
}

export interface GraphCalendarStats extends RequestStats {
  /** The most requests the adapter ever had in flight for one mailbox (never above the limit). */
  readonly maxInFlightPerMailbox: number;
}

const UTC_PREFER = Object.freeze({ Prefer: 'outlook.timezone="UTC"' });
const DOMAIN_STATUSES: readonly FreeBusyStatus[] = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'];
const RESPONSES: readonly ResponseStatus[] = ['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded'];

function users(mailbox: string): string {
  return `/users/${encodeURIComponent(mailbox.trim())}`;
}

/** A Graph dateTimeTimeZone in UTC for an ISO instant. */
function utc(instant: string): DateTimeTimeZone {
  return { dateTime: new Date(parseInstant(instant)).toISOString().slice(0, 23), timeZone: 'UTC' };
}

/** The ISO instant (UTC, "Z") of a Graph dateTimeTimeZone. */
function instantOf(value: DateTimeTimeZone | null | undefined): string {
  if (!value?.dateTime) throw new RangeError('Graph gave a dateTimeTimeZone without a dateTime.');
  const text = value.dateTime;
  if (/(?:Z|[+-]\d{2}:\d{2})$/i.test(text)) return new Date(parseInstant(text)).toISOString();
  const zone = normaliseTimeZone(value.timeZone ?? 'UTC');
  if (!zone) throw new RangeError(`Graph gave a time in an unknown zone "${value.timeZone}".`);
  return localDateTimeToInstant(text, zone);
}

function errorOf(result: StepResult): { code: string; message: string } {
  const e = (result.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof e?.code === 'string' ? e.code : 'Unknown',
    message: typeof e?.message === 'string' ? e.message : `HTTP ${result.status}`,
  };
}

export class GraphCalendar implements Calendar {
  private readonly throttle: MailboxThrottle;
  private readonly requester: GraphRequester;

  constructor(client: Client, options: GraphCalendarOptions = {}) {
    const clock = options.clock ?? realClock;
    this.throttle = new MailboxThrottle({ ...(options.concurrency ? { concurrency: options.concurrency } : {}), ...(options.budget ? { budget: options.budget } : {}) }, clock);
    this.requester = new GraphRequester(client, this.throttle, options.retry, clock, options.random);
  }

  stats(): GraphCalendarStats {
    return { ...this.requester.stats, maxInFlightPerMailbox: Math.max(0, ...Object.values(this.throttle.maxInFlight())) };
  }

  private fail(operation: string, mailbox: string, result: StepResult): never {
    const { code, message } = errorOf(result);
    throw new GraphCalendarError(operation, mailbox, result.status, code, result.attempts, message);
  }

  // ---- free/busy ---------------------------------------------------------------------------------------------

  async schedules(mailboxes: readonly Mailbox[], window: { readonly start: string; readonly end: string }): Promise<readonly MailboxSchedule[]> {
    interface Acc {
      readonly mailbox: string;
      freeBusy: FreeBusyItem[];
      rawHours?: ScheduleInformation['workingHours'];
      unreadable: boolean;
    }
    const acc = new Map<string, Acc>();
    for (const m of mailboxes) {
      const key = m.trim().toLowerCase();
      if (key !== '' && !acc.has(key)) acc.set(key, { mailbox: m.trim(), freeBusy: [], unreadable: false });
    }
    let chunks = scheduleRequests(mailboxes, window);
    while (chunks.length > 0) {
      const steps: GraphStep[] = chunks.map((c, i) => ({
        id: String(i + 1),
        mailbox: c.schedules[0]!,
        method: 'POST',
        url: `${users(c.schedules[0]!)}/calendar/getSchedule`,
        headers: UTC_PREFER,
        body: { schedules: c.schedules, startTime: utc(c.start), endTime: utc(c.end), availabilityViewInterval: 30 },
      }));
      const results = await this.requester.run(steps);
      const again: typeof chunks = [];
      chunks.forEach((chunk, i) => {
        const result = results.get(String(i + 1))!;
        if (result.status === 404) {
          // The mailbox the call was posted to does not exist: it cannot be read, the others can elsewhere.
          const [first, ...rest] = chunk.schedules;
          const a = acc.get(first!.toLowerCase());
          if (a) a.unreadable = true;
          if (rest.length > 0) again.push({ ...chunk, schedules: rest });
          return;
        }
        if (result.status !== 200) this.fail('getSchedule', chunk.schedules[0]!, result);
        const value = (result.body as { value?: ScheduleInformation[] } | undefined)?.value ?? [];
        for (const info of value) {
          const a = acc.get((info.scheduleId ?? '').toLowerCase());
          if (!a) continue;
          if (info.error) {
            a.unreadable = true;
            continue;
          }
          if (a.rawHours === undefined && info.workingHours) a.rawHours = info.workingHours;
          for (const item of info.scheduleItems ?? []) {
            const status = item.status && DOMAIN_STATUSES.includes(item.status) ? item.status : 'unknown';
            a.freeBusy.push({ status, start: instantOf(item.start), end: instantOf(item.end) });
          }
        }
      });
      chunks = again;
    }

    // Mailboxes whose schedule gave no usable working hours: their settings say which zone they work in.
    const settingsFor = [...acc.values()].filter((a) => !a.unreadable && !workingHoursFromMailbox(a.rawHours ?? undefined));
    const settings = new Map<string, MailboxSettings>();
    if (settingsFor.length > 0) {
      const steps: GraphStep[] = settingsFor.map((a, i) => ({
        id: String(i + 1),
        mailbox: a.mailbox,
        method: 'GET',
        url: `${users(a.mailbox)}/mailboxSettings?$select=timeZone,workingHours`,
      }));
      const results = await this.requester.run(steps);
      settingsFor.forEach((a, i) => {
        const result = results.get(String(i + 1))!;
        if (result.status === 200) settings.set(a.mailbox.toLowerCase(), result.body as MailboxSettings);
        else if (result.status !== 404) this.fail('mailboxSettings', a.mailbox, result);
      });
    }

    return [...acc.values()].map((a): MailboxSchedule => {
      if (a.unreadable) return { mailbox: a.mailbox, freeBusy: [{ status: 'unknown', start: window.start, end: window.end }] };
      const s = settings.get(a.mailbox.toLowerCase());
      const workingHours: WorkingHours | undefined = workingHoursFromMailbox(a.rawHours ?? undefined) ?? workingHoursFromMailbox(s?.workingHours ?? undefined);
      const timeZone = normaliseTimeZone(s?.timeZone ?? undefined) ?? workingHours?.timeZone;
      return { mailbox: a.mailbox, ...(workingHours ? { workingHours } : {}), ...(timeZone ? { timeZone } : {}), freeBusy: a.freeBusy };
    });
  }

  // ---- events --------------------------------------------------------------------------------------------------

  async book(organiser: Mailbox, request: MeetingRequest): Promise<BookedMeeting> {
    const me = organiser.trim().toLowerCase();
    const attendees: Attendee[] = request.attendees
      .filter((a) => a.mailbox.trim().toLowerCase() !== me)
      .map((a) => ({ emailAddress: { address: a.mailbox.trim(), name: a.name }, type: a.required ? 'required' : 'optional' }));
    const event: Event = {
      subject: request.subject,
      body: { contentType: 'text', content: request.body },
      start: utc(request.start),
      end: utc(request.end),
      attendees,
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      responseRequested: true,
      showAs: 'busy',
      transactionId: request.transactionId,
    };
    const result = await this.requester.one({ id: 'book', mailbox: organiser, method: 'POST', url: `${users(organiser)}/events`, headers: UTC_PREFER, body: event });
    if (result.status !== 201 && result.status !== 200) this.fail('create event', organiser, result);
    let created = result.body as Event;
    if (!created.onlineMeeting?.joinUrl) {
      // Exchange may add the Teams meeting a moment after creating the event.
      const again = await this.requester.one({ id: 'get', mailbox: organiser, method: 'GET', url: `${users(organiser)}/events/${encodeURIComponent(created.id ?? '')}`, headers: UTC_PREFER });
      if (again.status === 200) created = again.body as Event;
    }
    return this.booked(created);
  }

  async move(organiser: Mailbox, eventId: string, slot: { readonly start: string; readonly end: string }): Promise<BookedMeeting> {
    const result = await this.requester.one({
      id: 'move',
      mailbox: organiser,
      method: 'PATCH',
      url: `${users(organiser)}/events/${encodeURIComponent(eventId)}`,
      headers: UTC_PREFER,
      body: { start: utc(slot.start), end: utc(slot.end) } satisfies Event,
    });
    if (result.status === 404) throw new NotFound('The meeting');
    if (result.status !== 200) this.fail('move event', organiser, result);
    return this.booked(result.body as Event);
  }

  async cancel(organiser: Mailbox, eventId: string, comment: string): Promise<void> {
    const result = await this.requester.one({
      id: 'cancel',
      mailbox: organiser,
      method: 'POST',
      url: `${users(organiser)}/events/${encodeURIComponent(eventId)}/cancel`,
      body: { Comment: comment },
    });
    if (result.status === 202 || result.status === 200 || result.status === 204) return;
    // An earlier attempt that got no clear answer did cancel it.
    if (result.status === 404 && result.ambiguous) return;
    if (result.status === 404) throw new NotFound('The meeting');
    this.fail('cancel event', organiser, result);
  }

  async responses(organiser: Mailbox, eventId: string): Promise<readonly AttendeeResponse[]> {
    const result = await this.requester.one({
      id: 'responses',
      mailbox: organiser,
      method: 'GET',
      url: `${users(organiser)}/events/${encodeURIComponent(eventId)}?$select=attendees`,
    });
    if (result.status === 404) throw new NotFound('The meeting');
    if (result.status !== 200) this.fail('read event', organiser, result);
    return ((result.body as Event).attendees ?? [])
      .filter((a) => a.emailAddress?.address)
      .map((a) => {
        const r = a.status?.response;
        return { mailbox: a.emailAddress!.address!, response: r && RESPONSES.includes(r) ? r : 'none' };
      });
  }

  private booked(event: Event): BookedMeeting {
    if (!event.id) throw new RangeError('Graph answered without an event id.');
    const joinUrl = event.onlineMeeting?.joinUrl ?? undefined;
    return { eventId: event.id, start: instantOf(event.start), end: instantOf(event.end), ...(joinUrl ? { joinUrl } : {}) };
  }
}

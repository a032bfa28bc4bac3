import type {
  AttendeeResponse,
  BookedMeeting,
  Calendar,
  Mailbox,
  MailboxSchedule,
  MeetingRequest,
  ResponseStatus,
} from '../../workflow/scheduling/calendar.js';
import type { FreeBusyItem } from '../../workflow/scheduling/types.js';
import type { WorkingHours } from '../../workflow/scheduling/working-hours.js';
import { copy, pause } from './support.js';

export interface FakeEvent {
  readonly eventId: string;
  readonly organiser: Mailbox;
  readonly request: MeetingRequest;
  start: string;
  end: string;
  readonly joinUrl: string;
  /** By mailbox (lower case). */
  readonly responses: Map<string, ResponseStatus>;
  cancelled?: { readonly comment: string };
}

interface MailboxSetup {
  workingHours?: WorkingHours;
  timeZone?: string;
  freeBusy: FreeBusyItem[];
}

type Method = 'schedules' | 'book' | 'move' | 'cancel' | 'responses';

const key = (mailbox: string) => mailbox.trim().toLowerCase();

/**
 * The Calendar port in memory, with the semantics the Graph adapter promises:
 * - `book` is idempotent per organiser and `transactionId`: the same id returns the event already made (at the
 *   time it has now), never a second one;
 * - booked (not cancelled) events show as busy in the organiser's free/busy and, as in Outlook until they answer,
 *   as tentative in each attendee's (accepted: busy);
 * - `move` keeps responses (tests set them again, as attendees would answer the update); `cancel` of an event
 *   already cancelled is done, not an error;
 * - `failNext(method)` makes the next call throw (after `book`'s event is made, with `afterEffect`), to stand for
 *   a crash or a lost response.
 * Mailboxes nobody set up are free, with no working hours (the policy default applies); `unreadable` ones are
 * left out of `schedules`' answer, as Graph leaves a mailbox it could not read.
 */
export class FakeCalendar implements Calendar {
  private readonly mailboxes = new Map<string, MailboxSetup>();
  private readonly events = new Map<string, FakeEvent>();
  private readonly byTransaction = new Map<string, string>();
  private readonly unreadableMailboxes = new Set<string>();
  private readonly failures: { method: Method; afterEffect: boolean; error: Error }[] = [];
  private eventCount = 0;

  private accepted(event: FakeEvent, mailbox: Mailbox): boolean {
    return event.responses.get(key(mailbox)) === 'accepted';
  }

  /** Every call, in order, as `method mailbox`. */
  readonly calls: string[] = [];

  // ---- the port ----

  async schedules(mailboxes: readonly Mailbox[], window: { readonly start: string; readonly end: string }): Promise<readonly MailboxSchedule[]> {
    this.calls.push(`schedules ${mailboxes.join(',')}`);
    await pause();
    this.maybeFail('schedules', false);
    const from = Date.parse(window.start);
    const to = Date.parse(window.end);
    return mailboxes
      .filter((m) => !this.unreadableMailboxes.has(key(m)))
      .map((mailbox) => {
        const setup = this.mailboxes.get(key(mailbox));
        const own = (setup?.freeBusy ?? []).filter((item) => 'allDay' in item || (Date.parse(item.end) > from && Date.parse(item.start) < to));
        const meetings: FreeBusyItem[] = this.liveEvents()
          .filter((e) => key(e.organiser) === key(mailbox) || e.request.attendees.some((a) => key(a.mailbox) === key(mailbox)))
          .filter((e) => Date.parse(e.end) > from && Date.parse(e.start) < to)
          .map((e) => ({ status: key(e.organiser) === key(mailbox) || this.accepted(e, mailbox) ? 'busy' : 'tentative', start: e.start, end: e.end }));
        return copy({
          mailbox,
          ...(setup?.workingHours ? { workingHours: setup.workingHours } : {}),
          ...(setup?.timeZone ? { timeZone: setup.timeZone } : {}),
          freeBusy: [...own, ...meetings],
        });
      });
  }

  async book(organiser: Mailbox, request: MeetingRequest): Promise<BookedMeeting> {
    this.calls.push(`book ${organiser}`);
    await pause();
    this.maybeFail('book', false);
    const txKey = `${key(organiser)}|${request.transactionId}`;
    const existing = this.byTransaction.get(txKey);
    let event = existing ? this.events.get(existing)! : undefined;
    if (!event) {
      this.eventCount += 1;
      const eventId = `event-${this.eventCount}`;
      event = {
        eventId,
        organiser,
        request: copy(request),
        start: new Date(request.start).toISOString(),
        end: new Date(request.end).toISOString(),
        joinUrl: `https://teams.example/l/meetup-join/${eventId}`,
        responses: new Map(request.attendees.map((a) => [key(a.mailbox), 'none' as ResponseStatus])),
      };
      this.events.set(eventId, event);
      this.byTransaction.set(txKey, eventId);
    }
    this.maybeFail('book', true);
    return this.booked(event);
  }

  async move(organiser: Mailbox, eventId: string, slot: { readonly start: string; readonly end: string }): Promise<BookedMeeting> {
    this.calls.push(`move ${organiser}`);
    await pause();
    this.maybeFail('move', false);
    const event = this.live(organiser, eventId);
    event.start = new Date(slot.start).toISOString();
    event.end = new Date(slot.end).toISOString();
    this.maybeFail('move', true);
    return this.booked(event);
  }

  async cancel(organiser: Mailbox, eventId: string, comment: string): Promise<void> {
    this.calls.push(`cancel ${organiser}`);
    await pause();
    this.maybeFail('cancel', false);
    const event = this.events.get(eventId);
    if (!event || key(event.organiser) !== key(organiser)) throw new Error(`No event ${eventId} in ${organiser}'s calendar`);
    if (!event.cancelled) event.cancelled = { comment };
    this.maybeFail('cancel', true);
  }

  async responses(organiser: Mailbox, eventId: string): Promise<readonly AttendeeResponse[]> {
    this.calls.push(`responses ${organiser}`);
    await pause();
    this.maybeFail('responses', false);
    const event = this.events.get(eventId);
    if (!event || key(event.organiser) !== key(organiser)) throw new Error(`No event ${eventId} in ${organiser}'s calendar`);
    return event.request.attendees.map((a) => ({ mailbox: a.mailbox, response: event.responses.get(key(a.mailbox)) ?? 'none' }));
  }

  // ---- test helpers (not part of the port) ----

  /** A mailbox's working hours, zone and calendar items (replacing any set before). */
  setMailbox(mailbox: Mailbox, setup: { workingHours?: WorkingHours; timeZone?: string; freeBusy?: FreeBusyItem[] }): this {
    this.mailboxes.set(key(mailbox), { ...setup, freeBusy: [...(setup.freeBusy ?? [])] });
    return this;
  }

  /** Adds calendar items to a mailbox. */
  busy(mailbox: Mailbox, ...items: FreeBusyItem[]): this {
    const setup = this.mailboxes.get(key(mailbox)) ?? { freeBusy: [] };
    setup.freeBusy.push(...items);
    this.mailboxes.set(key(mailbox), setup);
    return this;
  }

  /** `schedules` leaves this mailbox out of its answer. */
  unreadable(mailbox: Mailbox): this {
    this.unreadableMailboxes.add(key(mailbox));
    return this;
  }

  /** An attendee answers the invitation. */
  respond(eventId: string, mailbox: Mailbox, response: ResponseStatus): this {
    const event = this.events.get(eventId);
    if (!event) throw new Error(`No event ${eventId}`);
    if (!event.responses.has(key(mailbox))) throw new Error(`${mailbox} is not invited to ${eventId}`);
    event.responses.set(key(mailbox), response);
    return this;
  }

  /**
   * The next call of `method` throws. `afterEffect`: it fails after doing its work (the event is made, moved or
   * cancelled), as a response lost on the way back or a crash right after the call would.
   */
  failNext(method: Method, options: { afterEffect?: boolean; error?: Error } = {}): this {
    this.failures.push({ method, afterEffect: options.afterEffect ?? false, error: options.error ?? new Error(`${method} failed (injected)`) });
    return this;
  }

  /** Every event ever made (cancelled ones too), in creation order. */
  allEvents(): FakeEvent[] {
    return [...this.events.values()];
  }

  /** Events not cancelled. */
  liveEvents(): FakeEvent[] {
    return this.allEvents().filter((e) => !e.cancelled);
  }

  event(eventId: string): FakeEvent {
    const event = this.events.get(eventId);
    if (!event) throw new Error(`No event ${eventId}`);
    return event;
  }

  /** How many calls of `method` were made. */
  count(method: Method): number {
    return this.calls.filter((c) => c.startsWith(`${method} `)).length;
  }

  private live(organiser: Mailbox, eventId: string): FakeEvent {
    const event = this.events.get(eventId);
    if (!event || key(event.organiser) !== key(organiser)) throw new Error(`No event ${eventId} in ${organiser}'s calendar`);
    if (event.cancelled) throw new Error(`Event ${eventId} is cancelled`);
    return event;
  }

  private booked(event: FakeEvent): BookedMeeting {
    return { eventId: event.eventId, start: event.start, end: event.end, joinUrl: event.joinUrl };
  }

  private maybeFail(method: Method, afterEffect: boolean): void {
    const index = this.failures.findIndex((f) => f.method === method && f.afterEffect === afterEffect);
    if (index < 0) return;
    const [failure] = this.failures.splice(index, 1);
    throw failure!.error;
  }
}

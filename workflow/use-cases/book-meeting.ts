import type { Audit } from '../audit.js';
import { DEFAULT_TIME_ZONE } from '../dates.js';
import { NotFound, StaleCard } from '../errors.js';
import { invitationFor } from '../meeting/attendees.js';
import { meetingBody, meetingSubject } from '../meeting/invitation.js';
import {
  cardInstant,
  liveBooking,
  meetingOf,
  offeredSlot,
  recordBooking,
  requireMeetingOrganiser,
  transactionIdFor,
  withMeeting,
  type MeetingBooking,
  type MeetingKind,
} from '../meeting/meeting.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock, Directory } from '../ports.js';
import type { BookedMeeting, Calendar } from '../scheduling/calendar.js';

export interface BookMeetingInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly round: number;
  readonly actorId: PersonId;
  /** The offer number the card shows (action data `offer`). */
  readonly offer: number;
  /** The chosen slot's start, ISO (field `meeting.slot`). */
  readonly start: string;
  /** Which meeting (the card's signed `meetingKind`): the collaborative meeting unless it says otherwise. */
  readonly kind?: MeetingKind;
}

export interface MeetingOutcome {
  readonly audit: Audit;
  /** The live booking (after a cancel: the cancelled one). */
  readonly booking: MeetingBooking;
  /** True when it had already been done (a second click, a retried invoke): nothing more was changed or sent. */
  readonly alreadyDone: boolean;
}

/**
 * The reviewer picks one of the offered slots: the bot creates a Teams meeting in the reviewer's calendar with
 * every attendee (Outlook sends the invitations), records it on the audit (status meetingBooked), and gives the
 * practitioner and team manager a heads-up in chat. A slot that was not offered is refused (TamperedCard); one
 * from an older offer is a StaleCard.
 *
 * **Ordering and crashes.** The event is created *before* the audit is written, with a transaction id fixed by
 * the audit, its round and the booking number (`transactionIdFor`), and the calendar makes at most one event per
 * transaction id. So:
 * - a double click or a retried invoke reuses the id: the calendar returns the same event and the second write
 *   sees it already recorded (`alreadyDone`, the same meeting);
 * - a crash after the event was created but before the audit was written leaves the audit with its offer and
 *   booking number unchanged: the next pick reuses the id, gets the same event back (moved to the newly picked
 *   slot if the reviewer picks another) and records it. Until then the orphan event sits in the reviewer's own
 *   calendar, never duplicated;
 * - two different slots picked at once from one card share the id, so still one event: the pick that had to move
 *   it records its time last-writer-wins; a pick that only created it never overwrites one already recorded.
 *
 * The reflective meeting (`kind: 'reflective'`) books the same way, with its own subject and transaction ids; it
 * leaves the audit's status and its collaborative meeting as they are.
 */
export function bookMeeting(deps: { audits: Audits; directory: Directory; calendar: Calendar; clock: Clock }) {
  return {
    async execute(input: BookMeetingInput): Promise<MeetingOutcome> {
      const before = await deps.audits.get(input.tenantId, input.auditId);
      if (!before) throw new NotFound(`Audit ${input.auditId}`);
      const kind = input.kind ?? 'collaborative';
      requireMeetingOrganiser(before, input.actorId, input.round, kind, 'book');
      const live = liveBooking(before, kind);
      if (live) {
        // The same pick again, after it was recorded: nothing to do.
        if (live.offer === input.offer && Date.parse(live.start) === Date.parse(cardInstant(input.start))) {
          return { audit: before, booking: live, alreadyDone: true };
        }
        throw new StaleCard(`A meeting for case ${before.caseRef} is already booked: move or cancel it from the card.`);
      }
      const { offer, slot } = offeredSlot(before, input.offer, input.start, kind);
      const now = deps.clock.now();
      if (Date.parse(slot.start) <= now.getTime()) {
        throw new StaleCard(`That time has passed: press "Book meeting" for new times for case ${before.caseRef}.`);
      }

      const people = await deps.directory.all(input.tenantId);
      const { organiser, attendees, request } = invitationFor(offer.attendees, people, before.caseRef);
      const transactionId = transactionIdFor(before, meetingOf(before, kind)!.bookings + 1, kind);
      let event: BookedMeeting = await deps.calendar.book(organiser.email, {
        transactionId,
        subject: meetingSubject(before, kind),
        body: meetingBody(before, offer.minutes, kind),
        start: slot.start,
        end: slot.end,
        attendees: request,
      });
      // The id was used before (a crash, a concurrent pick of another slot): the event is where that pick put it.
      const moved = Date.parse(event.start) !== Date.parse(slot.start) || Date.parse(event.end) !== Date.parse(slot.end);
      if (moved) event = await deps.calendar.move(organiser.email, event.eventId, { start: slot.start, end: slot.end });

      let alreadyDone = false;
      const at = deps.clock.now().toISOString();
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        const recorded = liveBooking(current, kind);
        if (recorded?.transactionId === transactionId && recorded.eventId === event.eventId) {
          alreadyDone = !moved || Date.parse(recorded.start) === Date.parse(slot.start);
          if (alreadyDone) return current;
          const minutes = Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000);
          return withMeeting(current, kind, { ...meetingOf(current, kind)!, booking: { ...recorded, start: slot.start, end: slot.end, minutes, offer: offer.number } });
        }
        alreadyDone = false;
        return recordBooking(
          current,
          input.actorId,
          input.round,
          {
            offer: input.offer,
            slot,
            transactionId,
            eventId: event.eventId,
            ...(event.joinUrl ? { joinUrl: event.joinUrl } : {}),
            attendees,
            timeZone: organiser.timeZone ?? DEFAULT_TIME_ZONE,
          },
          at,
          kind,
        );
      });
      return { audit, booking: liveBooking(audit, kind)!, alreadyDone };
    },
  };
}

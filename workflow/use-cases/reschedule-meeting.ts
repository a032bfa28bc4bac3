import { NotFound, StaleCard } from '../errors.js';
import { cardInstant, liveBooking, offeredSlot, recordMove, requireMeetingOrganiser, type MeetingKind } from '../meeting/meeting.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock, Directory } from '../ports.js';
import type { Calendar } from '../scheduling/calendar.js';
import type { MeetingOutcome } from './book-meeting.js';

export interface RescheduleMeetingInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly round: number;
  readonly actorId: PersonId;
  /** The offer number the card shows: times found (find-meeting-slots) while the meeting was booked. */
  readonly offer: number;
  /** The chosen slot's start, ISO (field `meeting.slot`). */
  readonly start: string;
  /** Which meeting (the card's signed `meetingKind`): the collaborative meeting unless it says otherwise. */
  readonly kind?: MeetingKind;
}

/**
 * Moves the booked meeting to another offered time (Calendar.move: attendees get Outlook's update), and updates
 * the practitioner's and team manager's chat card. Only offered times (TamperedCard otherwise); the attendee list
 * stays as booked.
 *
 * The calendar is moved before the audit is written. Moving is idempotent (the event ends up at the same time
 * however often it is asked), so a crash in between is repaired by the next press: the audit still holds the
 * offer, the event is moved there again, and the move is recorded. A second press after it was recorded is
 * `alreadyDone`.
 */
export function rescheduleMeeting(deps: { audits: Audits; directory: Directory; calendar: Calendar; clock: Clock }) {
  return {
    async execute(input: RescheduleMeetingInput): Promise<MeetingOutcome> {
      const before = await deps.audits.get(input.tenantId, input.auditId);
      if (!before) throw new NotFound(`Audit ${input.auditId}`);
      const kind = input.kind ?? 'collaborative';
      requireMeetingOrganiser(before, input.actorId, input.round, kind, 'move');
      const live = liveBooking(before, kind);
      if (!live) {
        throw new StaleCard(`No meeting is booked for case ${before.caseRef} any more: press "Book meeting" to book one.`);
      }
      const wanted = Date.parse(cardInstant(input.start));
      if (live.offer === input.offer && Date.parse(live.start) === wanted) return { audit: before, booking: live, alreadyDone: true };
      const { slot } = offeredSlot(before, input.offer, input.start, kind);
      const now = deps.clock.now();
      if (Date.parse(slot.start) <= now.getTime()) {
        throw new StaleCard(`That time has passed: press "Book meeting" for new times for case ${before.caseRef}.`);
      }
      const organiser = live.attendees.find((a) => a.organiser);
      if (!organiser) throw new Error(`The meeting for case ${before.caseRef} has no organiser on record.`);
      const reviewer = await deps.directory.get(input.tenantId, before.reviewerId);

      const event = await deps.calendar.move(organiser.mailbox, live.eventId, { start: slot.start, end: slot.end });

      let alreadyDone = false;
      const at = deps.clock.now().toISOString();
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        const recorded = liveBooking(current, kind);
        alreadyDone = recorded?.eventId === live.eventId && recorded.offer === input.offer && Date.parse(recorded.start) === Date.parse(slot.start);
        if (alreadyDone) return current;
        return recordMove(
          current,
          input.actorId,
          input.round,
          {
            offer: input.offer,
            slot,
            eventId: live.eventId,
            ...(event.joinUrl ? { joinUrl: event.joinUrl } : {}),
            ...(reviewer ? { timeZone: reviewer.timeZone } : {}),
          },
          at,
          kind,
        );
      });
      return { audit, booking: liveBooking(audit, kind)!, alreadyDone };
    },
  };
}

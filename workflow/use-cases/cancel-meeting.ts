import { InvalidInput, NotFound, StaleCard, TamperedCard } from '../errors.js';
import {
  cancelledBooking,
  MEETING_KIND_LABELS,
  MEETING_PATH,
  MEETING_TEXT_MAX,
  meetingOf,
  recordCancellation,
  requireMeetingOrganiser,
  type MeetingKind,
} from '../meeting/meeting.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { Calendar } from '../scheduling/calendar.js';
import type { MeetingOutcome } from './book-meeting.js';

export interface CancelMeetingInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly round: number;
  readonly actorId: PersonId;
  /** The booking number the card was rendered for (action data `booking`), so an old card never cancels a newer meeting. */
  readonly booking: number;
  /** Optional, sent with the cancellation (field `meeting.cancelReason`). */
  readonly reason?: string;
  /** Which meeting (the card's signed `meetingKind`): the collaborative meeting unless it says otherwise. */
  readonly kind?: MeetingKind;
}

/**
 * Cancels the booked meeting: Calendar.cancel sends every attendee Outlook's cancellation with the comment; the
 * audit goes back to `accepted` (from meetingBooked), the offer is cleared, the practitioner's and team manager's
 * chat card is updated. A withdrawn audit may cancel the meeting it left behind.
 *
 * The event is cancelled before the audit is written. A crash in between leaves the audit saying "booked": the
 * next press cancels again (the calendar treats cancelling a cancelled event as done) and records it. A second
 * press after it was recorded is `alreadyDone`.
 */
export function cancelMeeting(deps: { audits: Audits; calendar: Calendar; clock: Clock }) {
  return {
    async execute(input: CancelMeetingInput): Promise<MeetingOutcome> {
      const before = await deps.audits.get(input.tenantId, input.auditId);
      if (!before) throw new NotFound(`Audit ${input.auditId}`);
      const kind = input.kind ?? 'collaborative';
      requireMeetingOrganiser(before, input.actorId, input.round, kind, 'cancel');
      const reason = input.reason?.trim() || undefined;
      if (reason && reason.length > MEETING_TEXT_MAX) {
        throw new InvalidInput({ [MEETING_PATH.cancelReason]: `Keep the reason to ${MEETING_TEXT_MAX} characters (it has ${reason.length}).` });
      }
      const meeting = meetingOf(before, kind);
      if (!Number.isInteger(input.booking) || input.booking < 1 || input.booking > (meeting?.bookings ?? 0)) throw new TamperedCard();
      const live = meeting?.status === 'booked' ? meeting.booking : undefined;
      if (!live || live.number !== input.booking) {
        const done = meeting?.previous.find((b) => b.number === input.booking);
        if (done && !live && meeting?.previous.at(-1) === done) return { audit: before, booking: done, alreadyDone: true };
        throw new StaleCard(`The meeting for case ${before.caseRef} has changed since this card was sent: open the latest one from "my audits".`);
      }
      const organiser = live.attendees.find((a) => a.organiser);
      if (!organiser) throw new Error(`The meeting for case ${before.caseRef} has no organiser on record.`);

      const name = kind === 'collaborative' ? 'The collaborative audit meeting' : `The ${MEETING_KIND_LABELS[kind]}`;
      const comment = reason
        ? `${name} for case ${before.caseRef} is cancelled: ${reason}`
        : `${name} for case ${before.caseRef} is cancelled. The reviewer will arrange a new time.`;
      await deps.calendar.cancel(organiser.mailbox, live.eventId, comment);

      let alreadyDone = false;
      const at = deps.clock.now().toISOString();
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        alreadyDone = cancelledBooking(current, live.eventId, kind) !== undefined;
        if (alreadyDone) return current;
        return recordCancellation(current, input.actorId, input.round, live.eventId, reason, at, kind);
      });
      return { audit, booking: cancelledBooking(audit, live.eventId, kind)!, alreadyDone };
    },
  };
}

import { liveBookings, recordResponses } from '../meeting/meeting.js';
import type { Audits, Clock } from '../ports.js';
import type { Calendar } from '../scheduling/calendar.js';

export interface ResponsesTally {
  /** Booked meetings whose responses were read. */
  checked: number;
  /** Audits written because a response changed. */
  changed: number;
  /** Declines by required attendees told to the reviewer in this run. */
  declined: number;
  /** Audits whose responses could not be read this time (tried again next run). */
  failed: { readonly auditId: string; readonly error: string }[];
}

/**
 * A timer (jobs/) polls this: for each booked meeting of the tenant that has not ended yet (collaborative or
 * reflective, each on its own), reads the attendees'
 * responses from the organiser's calendar and records what changed. A required attendee's decline is told to
 * the reviewer once (message `meeting-declined`, whose card offers new times); an optional attendee's is only
 * recorded. Idempotent: a second run with nothing new writes and sends nothing. One audit's failure does not stop
 * the others.
 */
export function checkMeetingResponses(deps: { audits: Audits; calendar: Calendar; clock: Clock }) {
  return {
    async execute(input: { tenantId: string }): Promise<ResponsesTally> {
      const tally: ResponsesTally = { checked: 0, changed: 0, declined: 0, failed: [] };
      const now = deps.clock.now();
      // An audit may have two live bookings (the collaborative and the reflective meeting): each is read on its own.
      const booked = (await deps.audits.withBookedMeetings(input.tenantId, now)).flatMap((audit) =>
        liveBookings(audit)
          .filter(({ booking }) => Date.parse(booking.end) > now.getTime())
          .map(({ kind, booking }) => ({ audit, kind, booking })),
      );
      for (const { audit, kind, booking } of booked) {
        const organiser = booking.attendees.find((a) => a.organiser);
        if (!organiser) continue;
        try {
          const seen = await deps.calendar.responses(organiser.mailbox, booking.eventId);
          tally.checked += 1;
          const at = deps.clock.now().toISOString();
          let changed = false;
          let told = 0;
          await deps.audits.update(audit.tenantId, audit.id, (current) => {
            const next = recordResponses(current, booking.eventId, seen, at, kind);
            changed = next !== current;
            told = next.outbox.length - current.outbox.length;
            return next;
          });
          if (changed) tally.changed += 1;
          tally.declined += told;
        } catch (error) {
          tally.failed.push({ auditId: audit.id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return tally;
    },
  };
}

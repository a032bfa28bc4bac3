import type { Meeting, MeetingBooking } from '../../workflow/meeting/meeting.js';
import { cast } from './cast.js';

/**
 * A meeting booked as book-meeting records it, for tests that start from a booked audit (storage queries, the
 * responses check): the demo cast's reviewer organising, the practitioner and team manager required.
 */
export function aBookedMeeting(options: { start?: string; end?: string; eventId?: string; number?: number; booking?: Partial<MeetingBooking> } = {}): Meeting {
  const start = options.start ?? '2026-12-02T09:00:00.000Z';
  const end = options.end ?? new Date(Date.parse(start) + 3_600_000).toISOString();
  const number = options.number ?? 1;
  const eventId = options.eventId ?? `event-${number}`;
  return {
    status: 'booked',
    offers: 1,
    bookings: number,
    previous: [],
    notes: [],
    booking: {
      number,
      transactionId: `qa-test-b${number}`,
      eventId,
      start,
      end,
      minutes: Math.round((Date.parse(end) - Date.parse(start)) / 60_000),
      joinUrl: `https://teams.example/l/meetup-join/${eventId}`,
      offer: 1,
      attendees: [
        { personId: cast.reviewer.id, role: 'reviewer', required: true, organiser: true, mailbox: cast.reviewer.email },
        { personId: cast.practitioner.id, role: 'practitioner', required: true, mailbox: cast.practitioner.email },
        { personId: cast.teamManager.id, role: 'teamManager', required: true, mailbox: cast.teamManager.email },
      ],
      bookedAt: '2026-12-01T09:00:00.000Z',
      bookedBy: cast.reviewer.id,
      moves: 0,
      responses: [],
      declines: [],
      ...options.booking,
    },
  };
}

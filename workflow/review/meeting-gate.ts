import type { Audit } from '../audit.js';
import type { PolicyProfile } from '../policy/profile.js';

/**
 * Whether the collaborative meeting stands between the reviewer and Submit. Where the profile makes it mandatory
 * (West Sussex: "good practice and mandatory"), it counts as held once its booked start has passed; until then
 * the reviewer may submit only by saying why it could not take place, which QA sees on the result and history.
 */
export type MeetingGate =
  | { readonly required: false }
  | { readonly required: true; readonly held: boolean; /** ISO instant of the booked start, while one is booked. */ readonly bookedFor?: string };

export function meetingGate(audit: Audit, profile: PolicyProfile, now: Date): MeetingGate {
  if (!profile.meeting.mandatory) return { required: false };
  const booking = audit.meeting?.status === 'booked' ? audit.meeting.booking : undefined;
  if (!booking) return { required: true, held: false };
  return { required: true, held: Date.parse(booking.start) <= now.getTime(), bookedFor: booking.start };
}

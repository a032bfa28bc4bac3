/**
 * West Sussex's Reflective Practice & Action Meeting (WS-39): "Inadequate Audit - Reflective Practice & Action
 * Meetings … Where the moderation confirms the grade, the 'Inadequate' process should be followed." When the
 * Inadequate pathway starts on an audit whose profile holds one (`inadequate.reflectiveMeeting`), the reviewer is
 * asked to arrange it: the audit gets a second meeting, of kind `reflective`, which they find times for, book, move
 * and cancel exactly as the collaborative meeting (meeting.ts, the same use cases with `kind: 'reflective'`).
 *
 * Who is asked and for how long are fixed here, from the audit's own roles, when the request is made: the seed
 * names the meeting but not its people, so the profile lists them (West Sussex: the auditor, the practitioner, the
 * team manager and the moderator, declared in `defaulted`). A role with nobody in it (no moderator on an audit
 * that was not moderated) is left out, and the card says so.
 */
import type { Audit } from '../audit.js';
import { personInRole } from '../case-roles.js';
import { chaseSettings } from '../chasing/chase-settings.js';
import { addWorkingDays } from '../chasing/bank-holidays.js';
import { DEFAULT_TIME_ZONE, localDate } from '../dates.js';
import { enqueue } from '../outbox.js';
import { SYSTEM_ACTOR } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import { emptyMeeting, MEETING_ROLE_LABELS, meetingKeys, meetingOf, withMeeting, type MeetingAttendance, type MeetingRole } from './meeting.js';

type ReflectiveSetting = Exclude<PolicyProfile['inadequate']['reflectiveMeeting'], false>;

/**
 * Who is asked: the reviewer first, organising (the event is in their calendar, as for the collaborative
 * meeting), then the profile's roles in its order, each required and asked once (a person in two roles is asked in
 * the first). Notes name any role with nobody in it.
 */
export function reflectiveAttendees(audit: Audit, setting: ReflectiveSetting): { attendees: MeetingAttendance[]; notes: string[] } {
  const attendees: MeetingAttendance[] = [{ personId: audit.reviewerId, role: 'reviewer', required: true, organiser: true }];
  const notes: string[] = [];
  for (const role of setting.attendees) {
    // The profile's roles here are all held on the audit itself (no head of service), so no directory is needed.
    const personId = personInRole(audit, role, []);
    if (personId === undefined) {
      notes.push(`This audit has no ${MEETING_ROLE_LABELS[role as MeetingRole].toLowerCase()}, so none is invited. Forward the invitation to anyone who should join.`);
      continue;
    }
    if (attendees.some((a) => a.personId === personId)) continue;
    attendees.push({ personId, role, required: true });
  }
  return { attendees, notes };
}

/**
 * Asks the reviewer to arrange the reflective meeting, once per audit: records the request (who, how long, held by
 * when) as the audit's reflective meeting, notes it in the history and sends the reviewer the meeting card. Nothing
 * where the profile holds no such meeting, or it was asked for already (the pathway restarting after a regrade
 * keeps the meeting it had).
 */
export function requestReflectiveMeeting(audit: Audit, profile: PolicyProfile, at: string): Audit {
  const setting = profile.inadequate.reflectiveMeeting;
  if (!setting || meetingOf(audit, 'reflective')) return audit;
  const { attendees, notes } = reflectiveAttendees(audit, setting);
  const holdBy = addWorkingDays(localDate(new Date(at), DEFAULT_TIME_ZONE), setting.withinWorkingDays, chaseSettings(profile).calendar);
  const roles = attendees.filter((a) => !a.organiser).map((a) => MEETING_ROLE_LABELS[a.role].toLowerCase());
  const requested: Audit = {
    ...withMeeting(audit, 'reflective', { ...emptyMeeting(), notes, requested: { at, holdBy, minutes: setting.minutes, attendees, notes } }),
    history: [
      ...audit.history,
      {
        at,
        by: SYSTEM_ACTOR,
        event: 'reflective meeting requested',
        detail: `${audit.reviewerId} to arrange the Reflective Practice & Action Meeting (${setting.minutes} minutes, by ${holdBy}) with ${roles.join(', ') || 'nobody else'}`,
      },
    ],
  };
  return enqueue(requested, { key: meetingKeys.reflectiveRequest(audit.id), kind: 'reflective-meeting', to: audit.reviewerId, meeting: 'reflective' }, at);
}

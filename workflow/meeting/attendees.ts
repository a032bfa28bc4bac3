/**
 * Who is asked to the collaborative meeting, under the policy profile's `meeting.attendees`:
 * - the **reviewer**, always: they organise it (the event is in their calendar) and must be free;
 * - the **practitioner** and the **team manager**, when the profile lists them: required;
 * - the **Conference & Reviewing Officer**, when the profile lists `conferenceReviewingOfficer` and the child is
 *   looked after (CLA) or on a child-protection plan (CP): optional — invited, and a slot where only they are
 *   busy is still offered, flagged. The case list names no CRO, so one is chosen from the directory: someone with
 *   the role in the case's service (their team is the audit's service area or team, or their line manager is the
 *   audit's service manager), else anyone with it, by name. With nobody in the role, the meeting goes ahead
 *   without one, and the plan says so;
 * - **partners** (SCSP's multi-agency audits) are not in the directory: the plan says to forward the invitation.
 * A person holding two roles (a team manager reviewing their own team's case, where the profile allows it) is
 * asked once, in their first role.
 */
import type { Audit, ChildStatus } from '../audit.js';
import { NotFound } from '../errors.js';
import { hasRole, type Person, type PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { MeetingAttendee } from '../scheduling/calendar.js';
import { MEETING_ROLE_LABELS, type BookedAttendee, type MeetingAttendance, type MeetingRequest, type MeetingRole } from './meeting.js';

/** Children whose meetings the CRO/IRO is asked to. */
export const CRO_CHILD_STATUSES: readonly ChildStatus[] = ['CLA', 'CP'];

export interface PlannedAttendee extends MeetingAttendance {
  readonly person: Person;
}

export interface AttendeePlan {
  /** The organiser (reviewer) first, then the profile's order. */
  readonly attendees: readonly PlannedAttendee[];
  /** Safe to show on the card: who is not invited and why. */
  readonly notes: readonly string[];
}

/** The CRO for an audit's meeting (see the module comment), or undefined when nobody holds the role. */
export function chooseCro(audit: Audit, people: readonly Person[], exclude: ReadonlySet<PersonId> = new Set()): Person | undefined {
  const holders = people
    .filter((p) => hasRole(p, 'conferenceReviewingOfficer') && !exclude.has(p.id))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const sameService = (p: Person) =>
    (p.team !== undefined && (p.team === audit.serviceArea || p.team === audit.team)) || p.lineManagerId === audit.serviceManagerId;
  return holders.find(sameService) ?? holders[0];
}

export function planAttendees(audit: Audit, profile: Pick<PolicyProfile, 'meeting'>, people: readonly Person[]): AttendeePlan {
  const byId = new Map(people.map((p) => [p.id, p]));
  const listed = new Set(profile.meeting.attendees);
  const attendees: PlannedAttendee[] = [];
  const notes: string[] = [];
  const add = (role: MeetingRole, id: PersonId, required: boolean) => {
    if (attendees.some((a) => a.personId === id)) return;
    const person = byId.get(id);
    if (!person) throw new NotFound(`The ${MEETING_ROLE_LABELS[role].toLowerCase()} of case ${audit.caseRef} (in the directory)`);
    attendees.push({ person, personId: id, role, required, ...(role === 'reviewer' ? { organiser: true as const } : {}) });
  };

  add('reviewer', audit.reviewerId, true);
  if (listed.has('practitioner')) add('practitioner', audit.practitionerId, true);
  if (listed.has('teamManager')) add('teamManager', audit.teamManagerId, true);
  if (listed.has('conferenceReviewingOfficer') && CRO_CHILD_STATUSES.includes(audit.childStatus)) {
    const cro = chooseCro(audit, people, new Set(attendees.map((a) => a.personId)));
    if (cro) add('conferenceReviewingOfficer', cro.id, false);
    else notes.push('Nobody in the directory is a Conference & Reviewing Officer, so the meeting is arranged without one. Ask QA to add one if they should attend.');
  }
  if (listed.has('partners')) notes.push('Partner agencies are not in the directory: forward the Outlook invitation to anyone who should join.');
  return { attendees, notes };
}

/**
 * The plan for a meeting whose people were fixed when it was asked for (the reflective meeting: reflective.ts),
 * with each person as the directory knows them now; the notes made then still stand.
 */
export function requestedAttendees(audit: Audit, asked: MeetingRequest, people: readonly Person[]): AttendeePlan {
  const byId = new Map(people.map((p) => [p.id, p]));
  const attendees = asked.attendees.map((a) => {
    const person = byId.get(a.personId);
    if (!person) throw new NotFound(`The ${MEETING_ROLE_LABELS[a.role].toLowerCase()} of case ${audit.caseRef} (in the directory)`);
    return { ...a, person };
  });
  return { attendees, notes: [...asked.notes] };
}

export interface Invitation {
  /** The reviewer: the event is created in their calendar. */
  readonly organiser: Person;
  /** Everyone, organiser included, with the mailbox each was invited at: recorded on the booking. */
  readonly attendees: readonly BookedAttendee[];
  /** The invitation's attendee list (the organiser is not one of their own attendees). */
  readonly request: readonly MeetingAttendee[];
}

/** The invitation for an offer's attendees, as the directory knows them now. */
export function invitationFor(offered: readonly MeetingAttendance[], people: readonly Person[], caseRef: string): Invitation {
  const byId = new Map(people.map((p) => [p.id, p]));
  const found = offered.map((a) => {
    const person = byId.get(a.personId);
    if (!person) throw new NotFound(`The ${MEETING_ROLE_LABELS[a.role].toLowerCase()} of case ${caseRef} (in the directory)`);
    return { a, person };
  });
  const organiser = found.find((f) => f.a.organiser)?.person;
  if (!organiser) throw new Error(`The meeting for case ${caseRef} has no organiser.`);
  return {
    organiser,
    attendees: found.map(({ a, person }) => ({ ...a, mailbox: person.email })),
    request: found.filter(({ a }) => !a.organiser).map(({ a, person }) => ({ mailbox: person.email, name: person.name, required: a.required })),
  };
}

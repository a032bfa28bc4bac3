/** Shared set-up for the booking use-case tests (issue 4). */
import { auditId, type Audit } from '../../../workflow/audit.js';
import type { DomainError } from '../../../workflow/errors.js';
import type { Person, PersonId } from '../../../workflow/people.js';
import type { FreeBusyItem, FreeBusyStatus } from '../../../workflow/scheduling/types.js';
import { bookMeeting } from '../../../workflow/use-cases/book-meeting.js';
import { cancelMeeting } from '../../../workflow/use-cases/cancel-meeting.js';
import { checkMeetingResponses } from '../../../workflow/use-cases/check-meeting-responses.js';
import { findMeetingSlots, type FindMeetingSlotsInput, type FindMeetingSlotsOutcome } from '../../../workflow/use-cases/find-meeting-slots.js';
import { listMyAudits } from '../../../workflow/use-cases/list-my-audits.js';
import { requestLaterDeadline } from '../../../workflow/use-cases/request-later-deadline.js';
import { rescheduleMeeting } from '../../../workflow/use-cases/reschedule-meeting.js';
import { aPerson, anAudit, aWorld, cast, castList, TENANT, type WorldOptions } from '../../fakes/index.js';

export const CYCLE = '2026-12';
export const ID = auditId(CYCLE, 'CR-1001');
/** The world's clock starts Tuesday 1 Dec 2026, 09:00 London (= UTC in winter): the first slot is Wednesday 09:00. */
export const WED = '2026-12-02';

/** Conference & Reviewing Officers: one elsewhere (first by name), one in the case's service area. */
export const cros = {
  elsewhere: aPerson().named('Ada Bright').withRoles('conferenceReviewingOfficer').inTeam('Children in Care North').build(),
  sameService: aPerson().named('Zed Young').withRoles('conferenceReviewingOfficer').inTeam('Children in Need').build(),
} as const satisfies Record<string, Person>;

export const { reviewer, practitioner, teamManager, coordinator, secondReviewer, colleague } = cast;

export const iso = (date: string, time: string) => `${date}T${time}:00.000Z`;
export const at = (date: string, from: string, to: string, status: FreeBusyStatus = 'busy'): FreeBusyItem => ({ status, start: iso(date, from), end: iso(date, to) });
export const allDay = (firstDay: string, lastDay: string, status: FreeBusyStatus = 'oof'): FreeBusyItem => ({ status, allDay: true, firstDay, lastDay });

/** A world with the cast (and both CROs unless `people` is given), one accepted audit CR-1001, every booking use case. */
export function setup(options: WorldOptions & { audits?: Audit[] } = {}) {
  const w = aWorld({ people: [...castList, ...Object.values(cros)], ...options });
  w.audits.seed(...(options.audits ?? [anAudit().accepted().build()]));
  const base = { tenantId: TENANT, auditId: ID, round: 1 };
  const uc = {
    find: findMeetingSlots(w),
    book: bookMeeting(w),
    reschedule: rescheduleMeeting(w),
    cancel: cancelMeeting(w),
    responses: checkMeetingResponses(w),
    deadline: requestLaterDeadline(w),
    list: listMyAudits(w),
  };
  return {
    ...w,
    ...uc,
    stored: (id = ID) => w.audits.peek(TENANT, id),
    findAs: (actorId: PersonId = reviewer.id, extra: Partial<FindMeetingSlotsInput> = {}) => uc.find.execute({ ...base, actorId, ...extra }),
    bookAs: (actorId: PersonId, offer: number, start: string) => uc.book.execute({ ...base, actorId, offer, start }),
    rescheduleAs: (actorId: PersonId, offer: number, start: string) => uc.reschedule.execute({ ...base, actorId, offer, start }),
    cancelAs: (actorId: PersonId, booking: number, reason?: string) => uc.cancel.execute({ ...base, actorId, booking, ...(reason ? { reason } : {}) }),
    check: () => uc.responses.execute({ tenantId: TENANT }),
  };
}

export type BookingWorld = ReturnType<typeof setup>;

/** Asks for times as the reviewer and books the first one offered. */
export async function booked(w: BookingWorld) {
  const found = slotsOf(await w.findAs());
  return w.bookAs(reviewer.id, found.offer.number, found.offer.slots[0]!.start);
}

export function slotsOf(outcome: FindMeetingSlotsOutcome) {
  if (outcome.kind !== 'slots') throw new Error(`expected slots, got ${outcome.kind}${outcome.kind === 'no-slot' ? `: ${outcome.explanation.message}` : ''}`);
  return outcome;
}

/** "HH:mm" of each offered slot's start (UTC, = London in winter), with its date when not Wednesday 2 Dec. */
export function times(outcome: FindMeetingSlotsOutcome): string[] {
  return slotsOf(outcome).offer.slots.map((s) => (s.start.startsWith(WED) ? s.start.slice(11, 16) : `${s.start.slice(0, 10)} ${s.start.slice(11, 16)}`));
}

/** The error a promise rejects with (failing the test if it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the action to fail, but it succeeded');
}

/** "kind → to (state)" for each outbox message. */
export const outboxOf = (audit: Audit) => audit.outbox.map((m) => `${m.kind} → ${m.to} (${m.state})`);

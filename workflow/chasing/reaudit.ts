/**
 * Re-audits of Inadequate audits: scheduled at the profile's interval (BCP 2 months, West Sussex 3) for the same
 * reviewer where possible, and sent out through the normal allocation flow when they fall due. A case stays on
 * the re-audit cycle while it is Inadequate: each Inadequate re-audit schedules the next.
 */
import { cycleDeadline } from '../cycle.js';
import { addDays, daysBetween, localDate } from '../dates.js';
import { isWorkingDay, type HolidayCalendar } from './bank-holidays.js';
import type { Audit } from '../audit.js';
import { enqueue } from '../outbox.js';
import { hasRole, SYSTEM_ACTOR, type Person, type PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import { reviewerConflict } from '../reviewer-conflict.js';
import { isInadequate } from './inadequate.js';

/** The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

export function reauditId(parent: Audit, cycle: string): string {
  return `a-${cycle}-${parent.caseRef}-re${(parent.reauditOf?.number ?? 0) + 1}`;
}

/**
 * The working day a re-audit goes out: `reauditAfterMonths` after `from` (YYYY-MM-DD), or the next working day when
 * that falls on a weekend or a bank holiday.
 */
export function reauditGoesOutOn(from: string, profile: PolicyProfile, calendar: HolidayCalendar): string {
  let allocateOn = addMonths(from, profile.inadequate.reauditAfterMonths);
  while (!isWorkingDay(allocateOn, calendar)) allocateOn = addDays(allocateOn, 1);
  return allocateOn;
}

/**
 * When the re-audit of an Inadequate audit goes out: as scheduled, or, before it is (from finalisation, or from the
 * notice while in moderation), when it would. Undefined once the grade is no longer Inadequate.
 */
export function reauditDate(audit: Audit, profile: PolicyProfile, calendar: HolidayCalendar): string | undefined {
  if (!audit.inadequate || audit.inadequate.stopped) return undefined;
  if (audit.inadequate.reaudit) return audit.inadequate.reaudit.allocateOn;
  return reauditGoesOutOn(localDate(new Date(audit.finalisedAt ?? audit.inadequate.since)), profile, calendar);
}

/** Whether a finalised audit needs a re-audit scheduled now. */
export function needsReaudit(audit: Audit): boolean {
  return audit.status === 'finalised' && isInadequate(audit) && audit.inadequate !== undefined && audit.inadequate.reaudit === undefined;
}

/**
 * The re-audit of `parent`, due `reauditAfterMonths` after it was finalised (`finalisedOn`, YYYY-MM-DD): its cycle
 * is the month it falls in, its deadline that cycle's. Same people on the case; the same reviewer for now (whether
 * they still can is decided when it goes out).
 */
export function scheduleReaudit(parent: Audit, profile: PolicyProfile, finalisedOn: string, at: string, calendar: HolidayCalendar): Audit {
  const allocateOn = reauditGoesOutOn(finalisedOn, profile, calendar);
  const cycle = allocateOn.slice(0, 7);
  const number = (parent.reauditOf?.number ?? 0) + 1;
  return {
    id: reauditId(parent, cycle),
    tenantId: parent.tenantId,
    kind: 'reaudit',
    reauditOf: { auditId: parent.id, number },
    cycle,
    caseRef: parent.caseRef,
    serviceArea: parent.serviceArea,
    team: parent.team,
    childStatus: parent.childStatus,
    restricted: parent.restricted,
    dueDate: reauditDeadline(cycle, allocateOn, profile),
    status: 'scheduled',
    allocateOn,
    round: 1,
    reviewerId: parent.reviewerId,
    practitionerId: parent.practitionerId,
    teamManagerId: parent.teamManagerId,
    serviceManagerId: parent.serviceManagerId,
    coordinatorId: parent.coordinatorId,
    previousReviewerIds: [],
    history: [{ at, by: SYSTEM_ACTOR, event: 'scheduled', detail: `re-audit ${number} of ${parent.id} (Inadequate), goes out on ${allocateOn}` }],
    outbox: [],
    sourceFingerprint: `reaudit:${parent.id}`,
  };
}

/** The cycle's deadline, or the next cycle's when the re-audit would otherwise have under two weeks. */
function reauditDeadline(cycle: string, allocateOn: string, profile: PolicyProfile): string {
  const deadline = cycleDeadline(cycle, profile);
  if (daysBetween(allocateOn, deadline) >= 14) return deadline;
  const [y, m] = cycle.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return cycleDeadline(next, profile);
}

/**
 * Where and when a scheduled re-audit goes, as people read it: "Re-audit · goes to <reviewer id> on <date>" (the
 * view names the person and formats the date), or to QA to choose a reviewer where the profile says so.
 */
export function reauditGoesTo(reaudit: Audit, profile: PolicyProfile): string {
  return `Re-audit · goes to ${reauditRecipient(reaudit, profile) ?? 'QA to choose a reviewer'} on ${reaudit.allocateOn}`;
}

/** Who a scheduled re-audit is meant for: its reviewer where the profile keeps the same one, else nobody yet (QA chooses). */
export function reauditRecipient(reaudit: Audit, profile: PolicyProfile): PersonId | undefined {
  return profile.inadequate.reauditSameReviewer ? reaudit.reviewerId : undefined;
}

/** Records the scheduled re-audit on the parent's pathway. */
export function recordReaudit(parent: Audit, reaudit: Audit, profile: PolicyProfile, at: string): Audit {
  if (!parent.inadequate || parent.inadequate.reaudit) return parent;
  return {
    ...parent,
    inadequate: { ...parent.inadequate, reaudit: { auditId: reaudit.id, allocateOn: reaudit.allocateOn! } },
    history: [...parent.history, { at, by: SYSTEM_ACTOR, event: 're-audit scheduled', detail: reauditGoesTo(reaudit, profile) }],
  };
}

/** The previous reviewer may take the re-audit if they still review and have no conflict with this case. */
function reviewerStillAvailable(audit: Audit, profile: PolicyProfile, people: readonly Person[]): boolean {
  const reviewer = people.find((p) => p.id === audit.reviewerId);
  if (!reviewer || !hasRole(reviewer, 'reviewer')) return false;
  return reviewerConflict(reviewer, audit, profile, people) === undefined;
}

/**
 * On its date a scheduled re-audit goes out: to the same reviewer as an allocation card, or, when they can no
 * longer take it, back to QA as a decline to reallocate.
 */
export function releaseReaudit(audit: Audit, ctx: { profile: PolicyProfile; people: readonly Person[]; today: string; at: string }): Audit {
  if (audit.status !== 'scheduled' || !audit.allocateOn || audit.allocateOn > ctx.today) return audit;
  const { at } = ctx;
  if (ctx.profile.inadequate.reauditSameReviewer && reviewerStillAvailable(audit, ctx.profile, ctx.people)) {
    const allocated: Audit = {
      ...audit,
      status: 'allocated',
      history: [...audit.history, { at, by: SYSTEM_ACTOR, event: 'allocated', detail: `re-audit to ${audit.reviewerId}, the reviewer of the Inadequate audit` }],
    };
    return enqueue(allocated, { key: `allocation:${audit.id}:r${audit.round}`, kind: 'allocation', to: audit.reviewerId }, at);
  }
  const reason = ctx.profile.inadequate.reauditSameReviewer
    ? 'The reviewer of the Inadequate audit can no longer take the re-audit: choose another reviewer.'
    : 'A re-audit of an Inadequate audit is due: choose its reviewer.';
  const declined: Audit = {
    ...audit,
    status: 'declined',
    declineReason: reason,
    history: [...audit.history, { at, by: SYSTEM_ACTOR, event: 'needs a reviewer', detail: reason }],
  };
  return enqueue(declined, { key: `declined:${audit.id}:r${audit.round}`, kind: 'declined', to: audit.coordinatorId, round: audit.round }, at);
}

/** A scheduled re-audit whose Inadequate audit has since been regraded (a dispute decided otherwise) is withdrawn. */
export function withdrawReaudit(audit: Audit, parentGrade: string | undefined, at: string): Audit {
  if (audit.status !== 'scheduled') return audit;
  const { nextChaseAt: _n, ...rest } = audit;
  return {
    ...rest,
    status: 'withdrawn',
    history: [...audit.history, { at, by: SYSTEM_ACTOR, event: 'withdrawn', detail: `the audit it follows up (${audit.reauditOf?.auditId}) is no longer Inadequate${parentGrade ? ` (now ${parentGrade})` : ''}` }],
  };
}

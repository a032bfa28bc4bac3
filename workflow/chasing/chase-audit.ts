/**
 * One audit's chasing, as a pure function of the audit and the time: what to send (reminders, nudges,
 * escalations, the QA alert), what to record (each escalation on its action), which managers' digests list it
 * today, what re-audit to schedule or release, and when to look at the audit again (`nextChaseAt`).
 *
 * Every message has a deterministic key, so running this twice, or on two instances, enqueues nothing twice;
 * nudges wait for the recipient's working hours (quiet-hours.ts).
 */
import type { AuditAction } from '../actions.js';
import type { Audit } from '../audit.js';
import { addDays, DEFAULT_TIME_ZONE, localDate } from '../dates.js';
import { enqueue, type MessageKind } from '../outbox.js';
import { SYSTEM_ACTOR, type Person, type PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import { ZonedTime } from '../scheduling/zoned-time.js';
import { addWorkingDays, isWorkingDay, subtractWorkingDays, workingDaysAfter } from './bank-holidays.js';
import type { ChaseSettings } from './chase-settings.js';
import { actionManager, statusOf } from './action-lifecycle.js';
import { alertUnacknowledged, assuranceDeadline, chaseAssurance, headOfServiceFor, pathwayRunning, unacknowledged } from './inadequate.js';
import { alertUnacknowledgedConcerns, nextConcernDeadline } from '../concerns/immediate-concern.js';
import { nudgeKey, rungsDue, type LadderRecipient } from './ladder.js';
import { quietUntil } from './quiet-hours.js';
import { linkReviewersOf, linkReviewersTrack } from './link-reviewer.js';
import { needsReaudit, recordReaudit, releaseReaudit, scheduleReaudit } from './reaudit.js';
import { REVIEWABLE } from '../review/review.js';
import { feedbackOverdueKey, feedbackRequestKey } from '../review/family-feedback.js';
import { feedbackPlanManager, feedbackPlanNextAt, feedbackPlanStep } from './family-feedback-chase.js';
import { needsFollowUp, sendFollowUp } from './follow-up.js';

export interface ChaseContext {
  readonly now: Date;
  readonly settings: ChaseSettings;
  readonly profile: PolicyProfile;
  readonly people: readonly Person[];
  readonly zoned?: ZonedTime;
  /** Hold nudges for the recipient's working hours (default). Off only for a local demo that runs at any hour. */
  readonly quietHours?: boolean;
}

export interface ChasePlan {
  readonly audit: Audit;
  /** Managers whose digest lists this audit's actions today (only on working days). */
  readonly digestFor: readonly PersonId[];
  /** A re-audit to create before `audit` is written (its id is recorded on `audit`). */
  readonly reaudit?: Audit;
}

const CLOSED = new Set(['withdrawn']);

/** The day before an action is due, counted in working days: when its reminder goes. */
export function reminderDay(action: AuditAction, settings: ChaseSettings): string {
  return subtractWorkingDays(action.dueDate, 1, settings.calendar);
}

/** Open and due within the digest's "due soon" window (not yet overdue). */
export function isDueSoon(action: AuditAction, today: string, settings: ChaseSettings): boolean {
  return statusOf(action) === 'open' && action.dueDate >= today && workingDaysAfter(today, action.dueDate, settings.calendar) <= settings.dueSoonWorkingDays;
}

/** Whether a manager's digest lists the action: overdue, due soon, or done and waiting for their sign-off. */
export function inDigest(action: AuditAction, today: string, settings: ChaseSettings): boolean {
  const status = statusOf(action);
  return status === 'done' || (status === 'open' && (action.dueDate < today || isDueSoon(action, today, settings)));
}

function recipientOf(audit: Audit, action: AuditAction, to: LadderRecipient, people: readonly Person[]): PersonId | undefined {
  switch (to) {
    case 'owner':
      return action.ownerId;
    case 'teamManager':
      return actionManager(audit, action);
    case 'serviceManager':
      return audit.serviceManagerId;
    case 'headOfService':
      return headOfServiceFor(audit, people);
  }
}

export function chaseAudit(audit: Audit, ctx: ChaseContext): ChasePlan {
  const { now, settings, people } = ctx;
  const zoned = ctx.zoned ?? new ZonedTime();
  const at = now.toISOString();
  const today = localDate(now);
  const byId = new Map(people.map((p) => [p.id, p]));
  /** The first moment `to` may be nudged from now on (quiet hours in their own zone). */
  const sendTime = (to: PersonId): string | undefined =>
    ctx.quietHours === false ? undefined : quietUntil(now, { timeZone: byId.get(to)?.timeZone ?? DEFAULT_TIME_ZONE }, settings.calendar, zoned)?.toISOString();
  const nudge = (a: Audit, key: string, kind: MessageKind, to: PersonId, about?: string): Audit => {
    if (a.outbox.some((m) => m.key === key)) return a;
    const notBefore = sendTime(to);
    return enqueue(a, { key, kind, to, ...(about ? { about } : {}), ...(notBefore ? { notBefore } : {}) }, at);
  };

  let next = audit;
  const digestFor = new Set<PersonId>();
  const tracking = linkReviewersTrack(ctx.profile);
  const linkReviewers = tracking ? linkReviewersOf(audit, people) : [];
  if (!CLOSED.has(audit.status)) {
    // Sandwell (ST-28): a finalised RI or Inadequate audit goes to the SW Academy, who then follow its actions.
    next = sendFollowUp(next, { profile: ctx.profile, people, at });
    for (const action of audit.actions ?? []) {
      next = chaseAction(next, action);
      if (inDigest(action, today, settings) && isWorkingDay(today, settings.calendar)) {
        digestFor.add(actionManager(audit, action));
        if (tracking && statusOf(action) === 'open') for (const id of linkReviewers) digestFor.add(id);
        if (statusOf(action) === 'open') for (const id of next.followUp?.to ?? []) digestFor.add(id);
      }
    }
    if (next.inadequate) next = chaseAssurance(alertUnacknowledged(next, now, sendTime(next.coordinatorId)), now, sendTime);
    next = chaseModeration(next);
    next = chaseOverdueAudit(next);
    next = chaseFeedbackPlan(next);
  }
  next = alertUnacknowledgedConcerns(next, now, sendTime(next.coordinatorId));

  let reaudit: Audit | undefined;
  if (needsReaudit(next)) {
    const scheduled = scheduleReaudit(next, ctx.profile, localDate(new Date(next.finalisedAt ?? at)), at, settings.calendar);
    reaudit = { ...scheduled, nextChaseAt: nextChaseAt(scheduled, now, settings, zoned)! };
    next = recordReaudit(next, reaudit, ctx.profile, at);
  }
  if (next.status === 'scheduled' && next.allocateOn && now.getTime() >= releaseTime(next.allocateOn, zoned)) {
    next = releaseReaudit(next, { profile: ctx.profile, people, today, at });
  }

  const chaseAt = nextChaseAt(next, now, ctx.settings, zoned);
  const { nextChaseAt: _old, ...rest } = next;
  next = (chaseAt === undefined ? rest : { ...rest, nextChaseAt: chaseAt }) as Audit;
  return { audit: sameJson(next, audit) ? audit : next, digestFor: [...digestFor], ...(reaudit ? { reaudit } : {}) };

  /** An open moderation: the moderator is reminded before its due date; past it, the moderator and QA are told, once. */
  function chaseModeration(a: Audit): Audit {
    const step = moderationChaseStep(a, today);
    if (step === 'reminder') return nudge(a, `moderation-reminder:${a.id}:${a.moderation!.dueDate}`, 'moderation-reminder', a.moderatorId!);
    if (step !== 'overdue') return a;
    const due = a.moderation!.dueDate!;
    const overdueKey = (to: PersonId) => `moderation-overdue:${a.id}:${due}:${to}`;
    if (a.outbox.some((m) => m.key === overdueKey(a.coordinatorId))) return a;
    const told = nudge(nudge(a, overdueKey(a.moderatorId!), 'moderation-reminder', a.moderatorId!), overdueKey(a.coordinatorId), 'moderation-overdue', a.coordinatorId);
    return { ...told, history: [...told.history, { at, by: SYSTEM_ACTOR, event: 'moderation overdue', detail: `due ${due}: ${a.moderatorId} and ${a.coordinatorId} told` }] };
  }

  /** An audit past its due date and not submitted: the reviewer is told, then (some working days on) QA. */
  function chaseOverdueAudit(a: Audit): Audit {
    const step = overdueAuditStep(a, today, settings);
    if (!step) return a;
    const reviewer = nudge(a, `audit-overdue:${a.id}:${a.dueDate}:reviewer`, 'audit-overdue', a.reviewerId);
    const out = step === 'qa' ? nudge(reviewer, `audit-overdue:${a.id}:${a.dueDate}:qa`, 'audit-overdue', a.coordinatorId) : reviewer;
    const told = [reviewer !== a ? 'the reviewer' : undefined, out !== reviewer ? 'QA' : undefined].filter(Boolean).join(' and ');
    if (!told) return a;
    return { ...out, history: [...out.history, { at, by: SYSTEM_ACTOR, event: 'audit overdue', detail: `due ${a.dueDate}, not submitted: ${told} told` }] };
  }

  /**
   * Family feedback not obtained at submission (BC-10): on its plan's date the reviewer is asked for it; some working
   * days on, the team manager is told. Once per date: a new date (still not possible) is chased afresh.
   */
  function chaseFeedbackPlan(a: Audit): Audit {
    const due = feedbackPlanStep(a, today, settings);
    if (!due) return a;
    const manager = feedbackPlanManager(a);
    const asked = nudge(a, feedbackRequestKey(a, due.planBy), 'family-feedback-request', a.reviewerId);
    const out = due.step === 'manager' ? nudge(asked, feedbackOverdueKey(a, due.planBy), 'family-feedback-overdue', manager) : asked;
    const told = [asked !== a ? 'the reviewer asked' : undefined, out !== asked ? `${manager} told` : undefined].filter(Boolean).join(' and ');
    if (!told) return a;
    return { ...out, history: [...out.history, { at, by: SYSTEM_ACTOR, event: 'family feedback chased', detail: `plan due ${due.planBy}, feedback not recorded: ${told}` }] };
  }

  function chaseAction(a: Audit, action: AuditAction): Audit {
    if (statusOf(action) !== 'open') return a;
    const snoozed = action.snoozedUntil !== undefined && action.snoozedUntil > today;
    if (action.dueDate >= today) {
      // Not overdue: the reminder the working day before it is due.
      return today >= reminderDay(action, settings) && !snoozed
        ? nudge(a, `action-reminder:${action.id}:${action.dueDate}`, 'action-reminder', action.ownerId, action.id)
        : a;
    }
    const reached = rungsDue(action.dueDate, today, settings.ladder, settings.calendar);
    let out = a;
    // Escalations are recorded for every rung reached; each person is sent only the highest rung that names
    // them, so a sweep that missed days does not send a pile of nudges at once.
    const latestFor = new Map<PersonId, { key: string; kind: MessageKind }>();
    const recorded = new Set((action.escalations ?? []).map((e) => `${e.rung}:${e.day}`));
    const escalations = [...(action.escalations ?? [])];
    for (const { rung, reachedOn } of reached) {
      const to: PersonId[] = [];
      for (const target of rung.targets) {
        const person = recipientOf(a, action, target.to, people);
        if (!person) continue;
        to.push(person);
        if (target.via === 'digest') {
          // A rung "via digest" puts the action in that person's digest (the default's team manager is the manager anyway).
          if (isWorkingDay(today, settings.calendar)) digestFor.add(person);
          continue;
        }
        const key = target.to === 'owner' ? nudgeKey(action.id, rung.id, reachedOn) : `${nudgeKey(action.id, rung.id, reachedOn)}:${person}`;
        latestFor.set(person, { key, kind: target.to === 'owner' ? 'action-nudge' : 'action-escalation' });
      }
      if (!recorded.has(`${rung.id}:${reachedOn}`)) escalations.push({ rung: rung.id, day: reachedOn, at, to: [...new Set(to)] });
    }
    if (escalations.length !== (action.escalations ?? []).length) {
      out = {
        ...out,
        actions: (out.actions ?? []).map((x) => (x.id === action.id ? { ...x, escalations } : x)),
        history: [
          ...out.history,
          ...escalations.slice((action.escalations ?? []).length).map((e) => ({ at, by: SYSTEM_ACTOR, event: 'action escalated', detail: `${action.description}: ${e.rung} (overdue since ${action.dueDate}), to ${e.to.join(', ')}` })),
        ],
      };
    }
    let ownerNudged = false;
    for (const [person, m] of latestFor) {
      if (person === action.ownerId && snoozed) continue;
      if (person === action.ownerId) ownerNudged = !out.outbox.some((x) => x.key === m.key);
      out = nudge(out, m.key, m.kind, person, action.id);
    }
    // A snooze that ended today brings the nudge back, unless a rung's nudge goes to the owner today anyway.
    if (action.snoozedUntil !== undefined && action.snoozedUntil <= today && !ownerNudged) {
      out = nudge(out, `nudge:${action.id}:snooze${action.snoozes ?? 1}:${action.snoozedUntil}`, 'action-nudge', action.ownerId, action.id);
    }
    return out;
  }
}

/**
 * When the sweep next needs this audit: tomorrow's start (in the authority's zone) while any action is open or
 * waiting for sign-off and within reach of a reminder, a rung or a digest; else the start of its reminder day;
 * the notice deadline while acknowledgements are missing; a scheduled re-audit's date. Undefined when nothing
 * is left to chase.
 */
export function nextChaseAt(audit: Audit, now: Date, settings: ChaseSettings, zoned = new ZonedTime()): string | undefined {
  if (CLOSED.has(audit.status)) return undefined;
  const today = localDate(now);
  const dayStart = (date: string) => zoned.startOfDay(date, DEFAULT_TIME_ZONE);
  const tomorrow = dayStart(addDays(today, 1));
  const times: number[] = [];
  for (const action of audit.actions ?? []) {
    const status = statusOf(action);
    if (status === 'done') times.push(tomorrow);
    if (status !== 'open') continue;
    // The earliest of the reminder day and the first day the digest lists it as due soon.
    const soonFrom = settings.dueSoonWorkingDays > 0 ? subtractWorkingDays(action.dueDate, settings.dueSoonWorkingDays, settings.calendar) : action.dueDate;
    const first = [reminderDay(action, settings), soonFrom].sort()[0]!;
    times.push(first > today ? dayStart(first) : tomorrow);
  }
  if (NOT_SUBMITTED.has(audit.status)) {
    const qaOn = addWorkingDays(audit.dueDate, settings.overdueAuditToQaWorkingDays, settings.calendar);
    if (today <= audit.dueDate) times.push(dayStart(addDays(audit.dueDate, 1)));
    else if (today < qaOn) times.push(dayStart(qaOn));
    else if (!audit.outbox.some((m) => m.key === `audit-overdue:${audit.id}:${audit.dueDate}:qa`)) times.push(now.getTime());
  }
  const assuranceDue = assuranceDeadline(audit);
  if (assuranceDue !== undefined && audit.inadequate && pathwayRunning(audit)) times.push(assuranceDue);
  const concernDue = nextConcernDeadline(audit);
  if (concernDue !== undefined) times.push(concernDue);
  const moderation = audit.moderation;
  if (audit.status === 'awaitingModeration' && moderation?.dueDate && audit.moderatorId) {
    const assignedOn = localDate(new Date(moderation.assignedAt));
    if (moderation.reminderOn && moderation.reminderOn > assignedOn && moderation.reminderOn > today) times.push(dayStart(moderation.reminderOn));
    else if (moderation.dueDate >= today) times.push(dayStart(addDays(moderation.dueDate, 1)));
    else if (!audit.outbox.some((m) => m.key === `moderation-overdue:${audit.id}:${moderation.dueDate}:${audit.coordinatorId}`)) times.push(now.getTime());
  }
  const pathway = audit.inadequate;
  if (pathway && !pathway.qaAlertedAt && unacknowledged(pathway).length > 0) times.push(Date.parse(pathway.noticeDueBy));
  const feedbackDue = feedbackPlanNextAt(audit, today, now, settings, dayStart);
  if (feedbackDue !== undefined) times.push(feedbackDue);
  if (needsFollowUp(audit, settings.followUpGrades)) times.push(now.getTime());
  if (needsReaudit(audit)) times.push(now.getTime());
  if (audit.status === 'scheduled' && audit.allocateOn) times.push(Math.max(releaseTime(audit.allocateOn, zoned), now.getTime()));
  if (times.length === 0) return undefined;
  return new Date(Math.min(...times)).toISOString();
}

const NOT_SUBMITTED = new Set<Audit['status']>(['allocated', ...REVIEWABLE]);

/** Allocated or being written: the reviewer has not submitted it yet. */
export function awaitingSubmission(audit: Audit): boolean {
  return NOT_SUBMITTED.has(audit.status);
}

/** An audit not submitted by its due date: `reviewer` from the day after, `qa` once the profile's working days have passed too. */
export function overdueAuditStep(audit: Audit, today: string, settings: ChaseSettings): 'reviewer' | 'qa' | undefined {
  if (!NOT_SUBMITTED.has(audit.status) || today <= audit.dueDate) return undefined;
  return today >= addWorkingDays(audit.dueDate, settings.overdueAuditToQaWorkingDays, settings.calendar) ? 'qa' : 'reviewer';
}

/**
 * Where an open moderation stands on `today`: its reminder is due (the reminder day has come, and it is later than
 * the day the moderation card went out, which is a reminder in itself), or it is overdue.
 */
export function moderationChaseStep(audit: Audit, today: string): 'reminder' | 'overdue' | undefined {
  const m = audit.moderation;
  if (audit.status !== 'awaitingModeration' || !m?.dueDate || !audit.moderatorId) return undefined;
  if (today > m.dueDate) return 'overdue';
  return m.reminderOn && today >= m.reminderOn && m.reminderOn > localDate(new Date(m.assignedAt)) ? 'reminder' : undefined;
}

/** A re-audit goes out at the start of its working day (09:00 in the authority's zone), not at midnight. */
function releaseTime(allocateOn: string, zoned: ZonedTime): number {
  return zoned.toInstant(allocateOn, 9 * 60, DEFAULT_TIME_ZONE);
}


function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}


/** Asks the sweep to look at the audit now: after a change that starts or changes what is chased. */
export function chaseSoon(audit: Audit, at: string): Audit {
  if (audit.nextChaseAt !== undefined && audit.nextChaseAt <= at) return audit;
  return { ...audit, nextChaseAt: at };
}

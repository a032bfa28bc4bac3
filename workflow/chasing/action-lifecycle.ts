/**
 * What people do with an action once it is set (QA-DOMAIN.md, "Actions and chasing"): the owner marks it done
 * with a short note, asks for more time or snoozes the nudges; the manager approves more time, signs done
 * actions off, or nudges the owner. Every change is recorded on the audit's history; messages it causes are
 * enqueued on the same audit, so they are written under the same ETag.
 */
import { ACTION_DESCRIPTION_MAX, actionLimit, remedialLimit, type AuditAction, type ExtensionRequest } from '../actions.js';
import type { Audit } from '../audit.js';
import { formatShortDate, isIsoDate, localDate } from '../dates.js';
import { InvalidInput, NotFound, NotPermitted, StaleCard } from '../errors.js';
import { cancelUnsent, enqueue } from '../outbox.js';
import type { PersonId } from '../people.js';
import { nextWorkingDay, type HolidayCalendar } from './bank-holidays.js';

/** Field ids on the action cards, so a problem shows next to its input. */
export const ACTION_PATHS = { note: 'note', dueDate: 'newDueDate', reason: 'reason' } as const;
export const NOTE_MAX = ACTION_DESCRIPTION_MAX;

export function statusOf(action: AuditAction): NonNullable<AuditAction['status']> {
  return action.status ?? 'open';
}

/**
 * Who approves more time and signs the action off: the team manager, or the service manager when the team
 * manager owns it; QA when the service manager does.
 */
export function actionManager(audit: Audit, action: AuditAction): PersonId {
  if (action.ownerId === audit.serviceManagerId) return audit.coordinatorId;
  if (action.ownerId === audit.teamManagerId) return audit.serviceManagerId;
  return audit.teamManagerId;
}

export function findAction(audit: Audit, actionId: string): AuditAction {
  const action = audit.actions?.find((a) => a.id === actionId);
  if (!action) throw new NotFound(`Action ${actionId} on case ${audit.caseRef}`);
  return action;
}

export function pendingExtension(action: AuditAction): ExtensionRequest | undefined {
  return action.extensions?.find((e) => e.decision === undefined);
}

function withAction(audit: Audit, actionId: string, change: (a: AuditAction) => AuditAction): Audit {
  return { ...audit, actions: (audit.actions ?? []).map((a) => (a.id === actionId ? change(a) : a)) };
}

const CHASE_KINDS = new Set(['action-reminder', 'action-nudge', 'action-escalation']);

/**
 * Cancels the action's reminders, nudges and escalations not yet shown (one queued at midnight for 09:00, say):
 * once it is done, snoozed or given more time they would be wrong. Sent ones stay as they were.
 */
function cancelQueuedNudges(audit: Audit, actionId: string, onlyTo?: PersonId): Audit {
  let next = audit;
  for (const m of audit.outbox) {
    if (m.about === actionId && CHASE_KINDS.has(m.kind) && (onlyTo === undefined || m.to === onlyTo)) next = cancelUnsent(next, m.key);
  }
  return next;
}

function log(audit: Audit, at: string, by: PersonId, event: string, detail: string, reason?: string): Audit {
  return { ...audit, history: [...audit.history, { at, by, event, detail, ...(reason ? { reason } : {}) }] };
}

function requireOwner(action: AuditAction, actorId: PersonId, what: string): void {
  if (action.ownerId !== actorId) throw new NotPermitted(actorId, `${what} an action someone else owns`);
}

function requireOpen(audit: Audit, action: AuditAction): void {
  const status = statusOf(action);
  if (status !== 'open') {
    const said = status === 'done' ? 'has been marked done' : status === 'signedOff' ? 'has been signed off' : 'was cancelled';
    throw new StaleCard(`Nothing changed: this action on case ${audit.caseRef} ${said}.`);
  }
}

/** The owner marks the action done. It stays open until the manager signs it off; chasing stops. */
export function markDone(audit: Audit, actionId: string, actorId: PersonId, note: string, at: string): Audit {
  const action = findAction(audit, actionId);
  requireOwner(action, actorId, 'mark done');
  if (statusOf(action) === 'done' && action.done?.by === actorId) return audit; // a second click
  requireOpen(audit, action);
  const text = note.trim();
  if (!text) throw new InvalidInput({ [ACTION_PATHS.note]: 'Say in a few words what was done.' });
  if (text.length > NOTE_MAX) throw new InvalidInput({ [ACTION_PATHS.note]: `Keep the note under ${NOTE_MAX} characters (it has ${text.length}).` });
  const done = withAction(audit, actionId, (a) => ({ ...a, status: 'done', done: { at, by: actorId, note: text } }));
  return log(cancelQueuedNudges(done, actionId), at, actorId, 'action done', action.description, text);
}

/** The manager signs a done action off; the audit discussion leaves supervision once every action is. */
export function signOff(audit: Audit, actionId: string, actorId: PersonId, at: string): Audit {
  const action = findAction(audit, actionId);
  if (actionManager(audit, action) !== actorId) throw new NotPermitted(actorId, 'sign off an action you do not manage');
  const status = statusOf(action);
  if (status === 'signedOff') return audit;
  if (status !== 'done') throw new StaleCard(`Nothing changed: this action on case ${audit.caseRef} has not been marked done yet.`);
  const signed = withAction(audit, actionId, (a) => ({ ...a, status: 'signedOff', signedOff: { at, by: actorId } }));
  return log(signed, at, actorId, 'action signed off', action.description);
}

export interface MoreTimeRules {
  /** YYYY-MM-DD, the authority's zone. */
  readonly today: string;
  readonly maxWeeks: number;
  readonly remedialActionDays: number;
}

/**
 * The latest date an action may be moved to: the policy's limit counted from the day it was set, so asking again
 * and again never moves it further (4 weeks; a remedial action of an Inadequate audit, its remedial days).
 */
export function latestDueDate(action: AuditAction, rules: Pick<MoreTimeRules, 'maxWeeks' | 'remedialActionDays'>): string {
  const setOn = localDate(new Date(action.setAt));
  return action.remedial ? remedialLimit({ today: setOn, remedialActionDays: rules.remedialActionDays }) : actionLimit({ today: setOn, maxWeeks: rules.maxWeeks });
}

/** The owner asks for a later due date, with a reason; it goes to the manager to approve. */
export function requestMoreTime(
  audit: Audit,
  actionId: string,
  actorId: PersonId,
  input: { readonly dueDate: string; readonly reason: string; readonly requestId: string },
  rules: MoreTimeRules,
  at: string,
): Audit {
  const action = findAction(audit, actionId);
  requireOwner(action, actorId, 'ask for more time on');
  requireOpen(audit, action);
  const dueDate = input.dueDate.trim();
  const reason = input.reason.trim();
  const pending = pendingExtension(action);
  if (pending) {
    if (pending.dueDate === dueDate && pending.reason === reason) return audit; // a second click
    throw new StaleCard(`You have already asked for more time (to ${formatShortDate(pending.dueDate)}); your manager has not answered yet.`);
  }
  const problems: Record<string, string> = {};
  const limit = latestDueDate(action, rules);
  if (!dueDate) problems[ACTION_PATHS.dueDate] = 'Choose the new due date.';
  else if (!isIsoDate(dueDate)) problems[ACTION_PATHS.dueDate] = 'The new due date must be a date, like 2026-12-24.';
  else if (dueDate <= action.dueDate || dueDate <= rules.today) {
    problems[ACTION_PATHS.dueDate] = `Choose a date after ${formatShortDate(action.dueDate > rules.today ? action.dueDate : rules.today)}.`;
  } else if (dueDate > limit) {
    problems[ACTION_PATHS.dueDate] = action.remedial
      ? `A remedial action must be done within ${rules.remedialActionDays} days of the audit: by ${formatShortDate(limit)} at the latest. Talk to your manager if it cannot be.`
      : `The new date is after the ${rules.maxWeeks}-week limit from when the action was set (${formatShortDate(limit)}).`;
  }
  if (!reason) problems[ACTION_PATHS.reason] = 'Say why more time is needed.';
  else if (reason.length > NOTE_MAX) problems[ACTION_PATHS.reason] = `Keep the reason under ${NOTE_MAX} characters (it has ${reason.length}).`;
  if (Object.keys(problems).length > 0) throw new InvalidInput(problems);

  const managerId = actionManager(audit, action);
  const request: ExtensionRequest = { id: input.requestId, requestedAt: at, by: actorId, dueDate, reason, managerId, fromDueDate: action.dueDate };
  let next = withAction(audit, actionId, (a) => ({ ...a, extensions: [...(a.extensions ?? []), request] }));
  next = log(next, at, actorId, 'more time asked', `${action.description}: to ${dueDate}`, reason);
  return enqueue(next, { key: `extension-request:${actionId}:${request.id}`, kind: 'extension-request', to: managerId, about: actionId, requestId: request.id }, at);
}

/** The manager approves (the due date moves; the original is kept) or refuses; the owner is told either way. */
export function decideMoreTime(
  audit: Audit,
  actionId: string,
  requestId: string,
  actorId: PersonId,
  approved: boolean,
  at: string,
): Audit {
  const action = findAction(audit, actionId);
  const request = action.extensions?.find((e) => e.id === requestId);
  if (!request) throw new NotFound(`That request for more time on case ${audit.caseRef}`);
  if (request.managerId !== actorId) throw new NotPermitted(actorId, 'decide a request for more time sent to someone else');
  if (request.decision) {
    if (request.decision.approved === approved && request.decision.by === actorId) return audit;
    throw new StaleCard(`Nothing changed: you already ${request.decision.approved ? 'approved' : 'refused'} this request.`);
  }
  requireOpen(audit, action);
  const decision = { at, by: actorId, approved };
  let next = withAction(audit, actionId, (a) => ({
    ...a,
    ...(approved ? { dueDate: request.dueDate, originalDueDate: a.originalDueDate ?? a.dueDate, snoozedUntil: undefined } : {}),
    extensions: (a.extensions ?? []).map((e) => (e.id === requestId ? { ...e, decision } : e)),
  }));
  if (approved) next = cancelQueuedNudges(next, actionId);
  next = log(next, at, actorId, approved ? 'more time agreed' : 'more time refused', `${action.description}: ${approved ? `now due ${request.dueDate}` : `still due ${action.dueDate}`}`);
  return enqueue(next, { key: `extension-decision:${actionId}:${requestId}`, kind: 'extension-decision', to: request.by, about: actionId, requestId }, at);
}

/** The owner snoozes the nudges for a working day, at most `limit` times; the next nudge comes on that day. */
export function snooze(audit: Audit, actionId: string, actorId: PersonId, rules: { today: string; limit: number; calendar: HolidayCalendar }, at: string): Audit {
  const action = findAction(audit, actionId);
  requireOwner(action, actorId, 'snooze');
  requireOpen(audit, action);
  const until = nextWorkingDay(rules.today, rules.calendar);
  if (action.snoozedUntil === until) return audit; // a second click the same day
  const used = action.snoozes ?? 0;
  if (used >= rules.limit) {
    throw new StaleCard(`You have snoozed this action ${rules.limit === 1 ? 'once' : `${rules.limit} times`} already: mark it done or ask for more time.`);
  }
  const snoozed = withAction(audit, actionId, (a) => ({ ...a, snoozes: used + 1, snoozedUntil: until }));
  // Only the owner's own nudges wait; escalations to managers go on.
  return log(cancelQueuedNudges(snoozed, actionId, actorId), at, actorId, 'action snoozed', `${action.description}: until ${until}`);
}

/** The manager's "Nudge owner" from the digest: one nudge a day at most. */
export function nudgeOwner(audit: Audit, actionId: string, actorId: PersonId, today: string, at: string): Audit {
  const action = findAction(audit, actionId);
  if (actionManager(audit, action) !== actorId) throw new NotPermitted(actorId, 'nudge the owner of an action you do not manage');
  requireOpen(audit, action);
  const key = `nudge:${actionId}:manual:${today}`;
  if (audit.outbox.some((m) => m.key === key)) return audit;
  const nudged = log(audit, at, actorId, 'owner nudged', action.description);
  return enqueue(nudged, { key, kind: 'action-nudge', to: action.ownerId, about: actionId }, at);
}

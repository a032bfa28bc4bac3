import type { Audit } from '../audit.js';
import { InvalidInput, NotFound, NotPermitted, StaleCard } from '../errors.js';
import { enqueue } from '../outbox.js';
import { SYSTEM_ACTOR, type Person, type PersonId } from '../people.js';
import { personInRole } from '../case-roles.js';
import type { PolicyProfile } from '../policy/profile.js';
import { tooLong } from '../review/record-paths.js';
import type { ConcernRecipient, ConcernRole, ImmediateConcern } from './concern-record.js';

/**
 * An immediate safeguarding concern (West Sussex: "escalated immediately to the … Team Manager, relevant Service
 * Manager and Head of Service"; BCP: "shared in writing within 24 hours"). Whoever reviews or moderates the audit
 * raises it at any point, with a reason; it goes at once to the people the profile names, each must acknowledge
 * it, and QA is told if anyone has not within the profile's hours. It is independent of any grade.
 */
export const CONCERN_PATH = 'concern.reason';
export const CONCERN_MAX = 500;

/** Statuses in which there is a case in front of a reviewer or moderator. */
const CLOSED = new Set(['withdrawn', 'scheduled']);

/** Whether `personId` may raise a concern on this audit: its reviewer or its moderator. */
export function mayRaiseConcern(audit: Audit, personId: PersonId): boolean {
  return !CLOSED.has(audit.status) && (audit.reviewerId === personId || audit.moderatorId === personId);
}

export function raiseConcern(audit: Audit, actorId: PersonId, text: string, ctx: { profile: PolicyProfile; people: readonly Person[]; at: string }): Audit {
  if (audit.reviewerId !== actorId && audit.moderatorId !== actorId) throw new NotPermitted(actorId, `raise a concern about case ${audit.caseRef}: its reviewer or moderator does`);
  const reason = text.trim();
  const last = audit.concerns?.at(-1);
  if (last && last.raisedBy === actorId && last.reason === reason) return audit; // a second click
  if (CLOSED.has(audit.status)) throw new StaleCard(`Nothing was sent: this audit is no longer open. Raise the concern with the case's team manager directly.`);
  if (!reason) throw new InvalidInput({ [CONCERN_PATH]: 'Say what the concern is, so the managers can act on it now.' });
  if (reason.length > CONCERN_MAX) throw new InvalidInput({ [CONCERN_PATH]: tooLong(CONCERN_MAX, reason.length) });
  const { profile, people, at } = ctx;
  const recipients: ConcernRecipient[] = [];
  const missing: ConcernRole[] = [];
  for (const role of profile.concerns.to) {
    const personId = personInRole(audit, role, people);
    if (!personId) missing.push(role);
    else if (personId !== actorId && !recipients.some((r) => r.personId === personId)) recipients.push({ personId, role });
  }
  const id = `c${(audit.concerns?.length ?? 0) + 1}`;
  const concern: ImmediateConcern = { id, raisedBy: actorId, at, reason, recipients, dueBy: new Date(Date.parse(at) + profile.concerns.acknowledgeWithinHours * 3_600_000).toISOString() };
  let next: Audit = {
    ...audit,
    concerns: [...(audit.concerns ?? []), concern],
    history: [
      ...audit.history,
      { at, by: actorId, event: 'immediate concern raised', detail: `sent to ${recipients.map((r) => r.personId).join(', ')}${missing.length ? `; nobody found for ${missing.join(', ')}` : ''}`, reason },
    ],
  };
  for (const r of recipients) next = enqueue(next, { key: `concern:${audit.id}:${id}:${r.personId}`, kind: 'concern', to: r.personId, about: id }, at);
  // Nobody is skipped silently: when a named role has nobody, QA is told at once.
  if (missing.length > 0 && !recipients.some((r) => r.personId === audit.coordinatorId)) {
    next = enqueue(next, { key: `concern:${audit.id}:${id}:${audit.coordinatorId}`, kind: 'concern', to: audit.coordinatorId, about: id }, at);
  }
  return next;
}

export function findConcern(audit: Audit, concernId: string): ImmediateConcern {
  const concern = audit.concerns?.find((c) => c.id === concernId);
  if (!concern) throw new NotFound('The concern on this card');
  return concern;
}

/** A recipient acknowledges the concern. A second click changes nothing. */
export function acknowledgeConcern(audit: Audit, concernId: string, actorId: PersonId, at: string): Audit {
  const concern = findConcern(audit, concernId);
  const mine = concern.recipients.find((r) => r.personId === actorId);
  if (!mine) throw new NotPermitted(actorId, `acknowledge the concern about case ${audit.caseRef}: it was not sent to you`);
  if (mine.acknowledgedAt) return audit;
  return {
    ...audit,
    concerns: audit.concerns!.map((c) => (c.id !== concernId ? c : { ...c, recipients: c.recipients.map((r) => (r.personId === actorId ? { ...r, acknowledgedAt: at } : r)) })),
    history: [...audit.history, { at, by: actorId, event: 'immediate concern acknowledged', detail: concernId }],
  };
}

export function unacknowledgedOf(concern: ImmediateConcern): ConcernRecipient[] {
  return concern.recipients.filter((r) => !r.acknowledgedAt);
}

/** QA is told once about each concern still unacknowledged at its deadline. */
export function alertUnacknowledgedConcerns(audit: Audit, now: Date, notBefore: string | undefined): Audit {
  const at = now.toISOString();
  let next = audit;
  for (const c of audit.concerns ?? []) {
    if (c.qaAlertedAt || now.getTime() < Date.parse(c.dueBy) || unacknowledgedOf(c).length === 0) continue;
    next = {
      ...next,
      concerns: next.concerns!.map((x) => (x.id === c.id ? { ...x, qaAlertedAt: at } : x)),
      history: [...next.history, { at, by: SYSTEM_ACTOR, event: 'immediate concern not acknowledged', detail: `${c.id}: not acknowledged by ${unacknowledgedOf(c).map((r) => r.personId).join(', ')}` }],
    };
    next = enqueue(next, { key: `concern-unacknowledged:${audit.id}:${c.id}`, kind: 'concern-unacknowledged', to: audit.coordinatorId, about: c.id, ...(notBefore ? { notBefore } : {}) }, at);
  }
  return next;
}

/** The earliest deadline of a concern QA has not yet been told about, for the chase sweep. */
export function nextConcernDeadline(audit: Audit): number | undefined {
  const due = (audit.concerns ?? []).filter((c) => !c.qaAlertedAt && unacknowledgedOf(c).length > 0).map((c) => Date.parse(c.dueBy));
  return due.length ? Math.min(...due) : undefined;
}

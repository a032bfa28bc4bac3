import { requireStatus, type Audit } from './audit.js';
import { isScope, scopeLabel, scopeName } from './audit-tools/audit-tool.js';
import { formatShortDate, localDate } from './dates.js';
import { IllegalTransition, InvalidInput, NobodyInRole, NotPermitted, StaleCard } from './errors.js';
import { GRADE_LABELS, isGrade, type Grade } from './grades.js';
import { enqueue } from './outbox.js';
import { hasRole, ROLE_LABELS, type Person, type PersonId } from './people.js';
import type { PolicyProfile } from './policy/profile.js';
import { PATH, LIMITS, tooLong, UPHOLD } from './review/record-paths.js';
export type { Dispute, DisputeDecision } from './dispute-record.js';
import type { Dispute, DisputeDecision } from './dispute-record.js';

export function openDispute(audit: Audit): Dispute | undefined {
  return audit.disputes?.find((d) => d.decision === undefined);
}

/** Who may dispute: the case's team manager or service manager. */
export function mayDispute(audit: Audit, personId: PersonId): boolean {
  return personId === audit.teamManagerId || personId === audit.serviceManagerId;
}

/**
 * The person who decides a dispute under this profile: for `headOfService`, the service manager's line
 * manager when they are a head of service, else any head of service; for `qaHeadOfService`, a QA head of
 * service. Never the person who raised it when anyone else holds the role. Ties by name.
 */
export function findDisputeOwner(profile: PolicyProfile, audit: Audit, people: readonly Person[], raisedBy: PersonId): Person | undefined {
  const role = profile.moderation.disputeOwner;
  const holders = people
    .filter((p) => hasRole(p, role))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const others = holders.filter((p) => p.id !== raisedBy);
  if (role === 'headOfService') {
    const sm = people.find((p) => p.id === audit.serviceManagerId);
    const lineManager = others.find((p) => p.id === sm?.lineManagerId);
    if (lineManager) return lineManager;
  }
  return others[0] ?? holders[0];
}

/** Everyone with a role on the audit, for the decision: reviewer, practitioner, TM, SM, moderator, QA coordinator. */
export function everyoneOn(audit: Audit): PersonId[] {
  const ids = [audit.reviewerId, audit.practitionerId, audit.teamManagerId, audit.serviceManagerId, audit.moderatorId, audit.coordinatorId];
  return [...new Set(ids.filter((id): id is PersonId => id !== undefined))];
}

/** True when this dispute is already open, as raised (a second click or a retried invoke). */
export function isSameOpenDispute(audit: Audit, actorId: PersonId, scope: string, reason: string): boolean {
  const open = openDispute(audit);
  return audit.status === 'disputed' && open !== undefined && open.raisedBy === actorId && open.scope === scope && open.reason === reason.trim();
}

export function raiseDispute(
  audit: Audit,
  actorId: PersonId,
  input: { readonly scope: string; readonly reason: string },
  /** The profile's dispute owner role, and the person found in it (`findDisputeOwner`), if anyone. */
  owner: { readonly role: Dispute['ownerRole']; readonly id?: PersonId },
  at: string,
): Audit {
  if (!mayDispute(audit, actorId)) throw new NotPermitted(actorId, 'dispute this audit’s grades: only its team manager or service manager can');
  if (audit.status === 'disputed') throw new IllegalTransition('disputed', 'disputed again until the open dispute is decided');
  requireStatus(audit, ['finalised'], 'disputed');
  if (!audit.moderation?.outcome) throw new IllegalTransition('finalised without moderation', 'disputed');
  const tool = audit.tool!;
  const scope = input.scope.trim();
  const reason = input.reason.trim();
  const problems: Record<string, string> = {};
  if (!scope || !isScope(tool, scope)) problems[PATH.dispute.scope] = 'Choose the grade you dispute.';
  else {
    const decided = audit.disputes?.find((d) => d.scope === scope && d.decision);
    if (decided) {
      problems[PATH.dispute.scope] = `The decision on ${scopeName(tool, scope)} is final: it was decided on ${formatShortDate(localDate(new Date(decided.decision!.at)))}.`;
    }
  }
  if (!reason) problems[PATH.dispute.reason] = 'Say why the service disagrees with the moderated grade.';
  else if (input.reason.length > LIMITS.reason) problems[PATH.dispute.reason] = tooLong(LIMITS.reason, input.reason.length);
  if (Object.keys(problems).length > 0) throw new InvalidInput(problems);
  if (!owner.id) throw new NobodyInRole(inSentence(ROLE_LABELS[owner.role]), 'there is nobody to decide the dispute');

  const id = `d${(audit.disputes?.length ?? 0) + 1}`;
  const disputedGrade = audit.grades![scope]!.final;
  const dispute: Dispute = { id, scope, disputedGrade, raisedBy: actorId, raisedAt: at, reason, ownerId: owner.id, ownerRole: owner.role };
  const next: Audit = {
    ...audit,
    status: 'disputed',
    disputes: [...(audit.disputes ?? []), dispute],
    history: [
      ...audit.history,
      { at, by: actorId, event: 'grade disputed', detail: `${scopeLabel(tool, scope)}: ${GRADE_LABELS[disputedGrade]}; to be decided by ${owner.id}`, reason },
    ],
  };
  return enqueue(next, { key: `dispute:${audit.id}:${id}`, kind: 'dispute', to: owner.id, disputeId: id }, at);
}

/** "Head of service" → "head of service"; "QA head of service" stays as it is. */
function inSentence(label: string): string {
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

export function applyDisputeDecision(
  audit: Audit,
  actorId: PersonId,
  input: { readonly disputeId: string; readonly outcome: string; readonly reason: string },
  at: string,
): Audit {
  const dispute = audit.disputes?.find((d) => d.id === input.disputeId);
  if (!dispute || dispute.ownerId !== actorId) throw new NotPermitted(actorId, 'decide this dispute: it was sent to someone else');
  if (dispute.decision) throw new StaleCard(`This dispute was decided on ${formatShortDate(localDate(new Date(dispute.decision.at)))}: the decision is final.`);
  requireStatus(audit, ['disputed'], 'decided');
  const tool = audit.tool!;
  const outcome = input.outcome.trim();
  const reason = input.reason.trim();
  const problems: Record<string, string> = {};
  if (!outcome) problems[PATH.ruling.outcome] = 'Uphold the moderated grade, or choose the grade that should stand.';
  else if (outcome !== UPHOLD && !isGrade(outcome)) problems[PATH.ruling.outcome] = 'Choose Uphold or a grade from the list.';
  if (!reason) problems[PATH.ruling.reason] = 'Give the reason for the decision: it is final and goes to everyone on the audit.';
  else if (input.reason.length > LIMITS.reason) problems[PATH.ruling.reason] = tooLong(LIMITS.reason, input.reason.length);
  if (Object.keys(problems).length > 0) throw new InvalidInput(problems);

  const grade: Grade = outcome === UPHOLD ? dispute.disputedGrade : (outcome as Grade);
  const upheld = grade === dispute.disputedGrade;
  const decision: DisputeDecision = { outcome: upheld ? 'upheld' : 'changed', grade, reason, by: actorId, at };
  const label = scopeLabel(tool, dispute.scope);
  let next: Audit = {
    ...audit,
    status: 'finalised',
    grades: { ...audit.grades, [dispute.scope]: { ...audit.grades![dispute.scope]!, decided: grade, final: grade } },
    disputes: audit.disputes!.map((d) => (d.id === dispute.id ? { ...d, decision } : d)),
    history: [
      ...audit.history,
      upheld
        ? { at, by: actorId, event: 'dispute upheld', detail: `${label}: ${GRADE_LABELS[grade]} stands`, reason }
        : { at, by: actorId, event: 'dispute: grade changed', detail: `${label}: ${GRADE_LABELS[dispute.disputedGrade]} → ${GRADE_LABELS[grade]}`, reason },
      { at, by: actorId, event: 'finalised', detail: `dispute ${dispute.id} decided` },
    ],
  };
  for (const to of everyoneOn(audit).filter((id) => id !== actorId)) {
    next = enqueue(next, { key: `dispute-decision:${audit.id}:${dispute.id}:${to}`, kind: 'dispute-decision', to }, at);
  }
  return next;
}

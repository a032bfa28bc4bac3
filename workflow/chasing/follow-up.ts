/**
 * Sandwell's follow-up of Requires Improvement and Inadequate reviews (ST-28: "The SW Academy … will review all
 * 'requires improvement' and 'inadequate' Practice Reviews (PRs) and track practice recommendations"). Once an audit
 * is finalised with an overall grade the profile's `followUp.grades` names, each person holding the `followUp.by`
 * role is sent the case reference, the grade and its actions (the practice recommendations), once; they may then
 * open the audit (`rolesOnAudit`: `followUp`) and follow its open actions in their daily digest. Nobody is skipped
 * silently: with nobody in the role, QA is told. Run by the chase sweep, like the re-audit, so a finalisation by
 * submission, moderation or a dispute's decision is followed up alike; keys are deterministic.
 */
import { OVERALL } from '../audit-tools/audit-tool.js';
import type { Audit } from '../audit.js';
import { GRADE_LABELS, isGrade, type Grade } from '../grades.js';
import { enqueue } from '../outbox.js';
import { hasRole, ROLE_LABELS, SYSTEM_ACTOR, type Person, type PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';

/** Finalised with a grade the profile follows up, and not followed up yet. */
export function needsFollowUp(audit: Audit, grades: readonly Grade[]): boolean {
  if (audit.status !== 'finalised' || audit.followUp !== undefined || grades.length === 0) return false;
  const grade = audit.grades?.[OVERALL]?.final;
  return isGrade(grade) && grades.includes(grade);
}

/** Sends the follow-up where it is needed (see the module comment); unchanged otherwise. */
export function sendFollowUp(audit: Audit, ctx: { profile: PolicyProfile; people: readonly Person[]; at: string }): Audit {
  const rule = ctx.profile.followUp;
  if (!rule || !needsFollowUp(audit, rule.grades)) return audit;
  const grade = audit.grades![OVERALL]!.final;
  const to = ctx.people.filter((p) => hasRole(p, rule.by)).map((p) => p.id);
  const role = ROLE_LABELS[rule.by];
  let next: Audit = {
    ...audit,
    followUp: { at: ctx.at, grade, by: rule.by, to },
    history: [
      ...audit.history,
      { at: ctx.at, by: SYSTEM_ACTOR, event: 'follow-up', detail: `${GRADE_LABELS[grade]}: ${to.length > 0 ? `sent to the ${role} (${to.join(', ')})` : `nobody holds the ${role} role, QA told`}` },
    ],
  };
  for (const id of to) next = enqueue(next, { key: `follow-up:${audit.id}:${id}`, kind: 'follow-up', to: id }, ctx.at);
  if (to.length === 0) next = enqueue(next, { key: `follow-up-recipient-missing:${audit.id}`, kind: 'follow-up-recipient-missing', to: audit.coordinatorId }, ctx.at);
  return next;
}

/** Whether the person was sent the audit's follow-up (and so follows it up). */
export function followsUp(audit: Pick<Audit, 'followUp'>, personId: PersonId): boolean {
  return audit.followUp?.to.includes(personId) ?? false;
}

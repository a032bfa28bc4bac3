import type { Audit } from '../audit.js';
import type { ScopeId } from '../audit-tools/audit-tool.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import { personInRole } from '../case-roles.js';

/** Who gets the result card: the people in the profile's `moderation.resultTo` roles on this audit, once each. */
export function resultRecipients(audit: Audit, profile: PolicyProfile): PersonId[] {
  return [...new Set(profile.moderation.resultTo.map((role) => personInRole(audit, role, [])).filter((id): id is PersonId => id !== undefined))];
}

/** Scopes whose grade the moderator changed. */
export function changedAtModeration(audit: Audit): ScopeId[] {
  const decisions = audit.moderation?.outcome?.decisions ?? {};
  return Object.entries(decisions)
    .filter(([, d]) => !d.agreed)
    .map(([scope]) => scope);
}

/**
 * Who talks a changed grade through, and with whom: the profile's `moderation.changeDiscussedBy` (BCP: "the
 * manager completing the PLR … with the allocated Social Worker/Practitioner/Team Manager and Service Manager";
 * West Sussex: the moderator, who moderates alongside them), with the case's people among the result's recipients.
 * Undefined when no grade changed.
 */
export function changeDiscussion(audit: Audit, profile: PolicyProfile): { by: PersonId; with: PersonId[] } | undefined {
  if (changedAtModeration(audit).length === 0) return undefined;
  const by = personInRole(audit, profile.moderation.changeDiscussedBy, []) ?? audit.teamManagerId;
  const caseSide = new Set([audit.practitionerId, audit.teamManagerId, audit.serviceManagerId]);
  return { by, with: resultRecipients(audit, profile).filter((id) => id !== by && caseSide.has(id)) };
}

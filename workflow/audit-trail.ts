import { rolesOn, type Audit, type HistoryEntry } from './audit.js';
import type { PersonId } from './people.js';

/**
 * Who may read an audit's rationale, family feedback and history: the people with a role on it — reviewer,
 * practitioner, team manager, service manager, moderator, the QA coordinator — whoever was asked to decide a
 * dispute on it, the members of its moderation panel, and whoever was sent its written Inadequate notice (Sandwell's head of service: "the findings
 * must immediately be shared with the responsible Service Manager, and Head of Service"), and whoever was sent its
 * follow-up (Sandwell's SW Academy, who "will review all 'requires improvement' and 'inadequate' Practice Reviews").
 */
export type AuditRole = 'reviewer' | 'practitioner' | 'teamManager' | 'serviceManager' | 'qaCoordinator' | 'moderator' | 'disputeOwner' | 'noticeRecipient' | 'panelMember' | 'followUp';

export function rolesOnAudit(audit: Audit, personId: PersonId): AuditRole[] {
  const roles = rolesOn(audit, personId) as AuditRole[];
  if (audit.disputes?.some((d) => d.ownerId === personId)) roles.push('disputeOwner');
  if (audit.inadequate?.recipients.some((r) => r.personId === personId)) roles.push('noticeRecipient');
  if (audit.moderation?.panel?.includes(personId)) roles.push('panelMember');
  if (audit.followUp?.to.includes(personId)) roles.push('followUp');
  return roles;
}

export function canSeeRationale(audit: Audit, personId: PersonId): boolean {
  return rolesOnAudit(audit, personId).length > 0;
}

/**
 * The audit trail — every grade, change and decision with who, when, what and why — in time order, for a
 * person with a role on the audit; undefined for anyone else (they may not even learn what it holds).
 */
export function auditHistory(audit: Audit, viewerId: PersonId): readonly HistoryEntry[] | undefined {
  if (!canSeeRationale(audit, viewerId)) return undefined;
  // A stable sort: entries written in one change share a time and keep their order.
  return [...audit.history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

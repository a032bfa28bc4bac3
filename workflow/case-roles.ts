import type { Audit } from './audit.js';
import { hasRole, upTheLine, type Person, type PersonId } from './people.js';

/** The people around one audit, by the role they hold on it: what a profile names when it says who is told. */
export type CaseRole = 'reviewer' | 'practitioner' | 'teamManager' | 'serviceManager' | 'headOfService' | 'qaCoordinator' | 'moderator';

/**
 * The head of service over the audit's service manager, up their line-management chain; else the only head of
 * service in the directory. With several and none in the chain, nobody is guessed at.
 */
export function headOfServiceFor(audit: Pick<Audit, 'serviceManagerId'>, people: readonly Person[]): PersonId | undefined {
  const inLine = upTheLine(audit.serviceManagerId, 'headOfService', people);
  if (inLine) return inLine;
  const all = people.filter((p) => hasRole(p, 'headOfService'));
  return all.length === 1 ? all[0]!.id : undefined;
}

/** Who holds `role` on this audit, or undefined when nobody does (no moderator yet, no head of service found). */
export function personInRole(audit: Audit, role: CaseRole, people: readonly Person[]): PersonId | undefined {
  switch (role) {
    case 'reviewer':
      return audit.reviewerId;
    case 'practitioner':
      return audit.practitionerId;
    case 'teamManager':
      return audit.teamManagerId;
    case 'serviceManager':
      return audit.serviceManagerId;
    case 'headOfService':
      return headOfServiceFor(audit, people);
    case 'qaCoordinator':
      return audit.coordinatorId;
    case 'moderator':
      return audit.moderatorId;
  }
}

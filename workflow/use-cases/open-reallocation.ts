import type { Audit } from '../audit.js';
import { NotPermitted } from '../errors.js';
import { hasRole, type PersonId } from '../people.js';
import type { Audits, Directory } from '../ports.js';
import { loadAudit } from './load-audit.js';

/** A declined audit's reallocation card, for QA coordinators. */
export function openReallocation(deps: { audits: Audits; directory: Directory }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId }): Promise<Audit> {
      const viewer = await deps.directory.get(input.tenantId, input.viewerId);
      if (!viewer || !hasRole(viewer, 'qaCoordinator')) throw new NotPermitted(input.viewerId, 'reallocate audits: only QA coordinators can');
      return loadAudit(deps.audits, input.tenantId, input.auditId);
    },
  };
}

import type { Audit } from '../audit.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';
import { auditCardFor, type AuditCardChoice } from './open-audit-card.js';

/**
 * The moderation card: its moderator always sees it (the form while it waits for them, then what they decided);
 * anyone else sees the card they should see for the audit (refused for someone with no role on it).
 */
export function openModeration(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId }): Promise<{ audit: Audit; otherwise?: AuditCardChoice }> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (audit.moderatorId === input.viewerId) return { audit };
      return { audit, otherwise: auditCardFor(audit, input.viewerId) };
    },
  };
}

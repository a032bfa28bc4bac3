import type { Audit } from '../audit.js';
import type { Dispute } from '../dispute-record.js';
import { NotFound } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';
import { auditCardFor, type AuditCardChoice } from './open-audit-card.js';

/** A dispute decision card: the owner's, or for anyone else the card they should see for the audit. */
export function openDispute(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; disputeId: string; viewerId: PersonId }): Promise<{ audit: Audit; dispute: Dispute; owner: boolean; otherwise?: AuditCardChoice }> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      const dispute = audit.disputes?.find((d) => d.id === input.disputeId);
      if (!dispute) throw new NotFound('The dispute on this card');
      if (dispute.ownerId === input.viewerId) return { audit, dispute, owner: true };
      return { audit, dispute, owner: false, otherwise: auditCardFor(audit, input.viewerId) };
    },
  };
}

import type { Audit } from '../audit.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/**
 * The allocation card, for the reviewer it was sent to (or a previous reviewer, who sees that it moved on).
 * `declining`: whether the decline form may open now (still allocated to them, on the card's round).
 */
export function openAllocation(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId; round: number }): Promise<{ audit: Audit; mayDecline: boolean }> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (audit.reviewerId !== input.viewerId && !audit.previousReviewerIds.includes(input.viewerId)) {
        throw new NotPermitted(input.viewerId, 'act on an allocation sent to someone else');
      }
      return { audit, mayDecline: audit.status === 'allocated' && audit.round === input.round && audit.reviewerId === input.viewerId };
    },
  };
}

import type { AuditAction } from '../actions.js';
import type { Audit } from '../audit.js';
import { findAction } from '../chasing/action-lifecycle.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/** An action's card (reminder, nudge), for its owner. */
export function openAction(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; actionId: string; viewerId: PersonId }): Promise<{ audit: Audit; action: AuditAction }> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      const action = findAction(audit, input.actionId);
      if (action.ownerId !== input.viewerId) throw new NotPermitted(input.viewerId, 'act on an action someone else owns');
      return { audit, action };
    },
  };
}

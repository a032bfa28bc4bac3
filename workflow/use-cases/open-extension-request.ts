import type { AuditAction, ExtensionRequest } from '../actions.js';
import type { Audit } from '../audit.js';
import { findAction } from '../chasing/action-lifecycle.js';
import { NotFound, NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/** A request for more time, for the manager it was sent to. */
export function openExtensionRequest(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; actionId: string; requestId: string; viewerId: PersonId }): Promise<{ audit: Audit; action: AuditAction; request: ExtensionRequest }> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      const action = findAction(audit, input.actionId);
      const request = action.extensions?.find((e) => e.id === input.requestId);
      if (!request) throw new NotFound('That request for more time');
      if (request.managerId !== input.viewerId) throw new NotPermitted(input.viewerId, 'decide a request for more time sent to someone else');
      return { audit, action, request };
    },
  };
}

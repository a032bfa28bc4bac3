import type { OPEN_AUDIT_ACTIONS } from '../../cards/my-audits.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { cardForViewer } from '../views/audit-card-view.js';

/** "Open case …" on a list or an allocation card: the card this person should see for the audit now. */
export function openAuditHandlers(s: Services): CardActionHandlers<typeof OPEN_AUDIT_ACTIONS> {
  return {
    'audit.open': async ({ actorId, data }) => cardForViewer(s, await loadAudit(s.audits, s.tenantId, data.auditId), actorId),
  };
}

import type { Audit } from '../audit.js';
import type { Audits } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';

/**
 * Applies one pure domain change under the audit's ETag. A change that returns the audit unchanged (a second
 * click, a retried invoke) writes nothing and is reported as `alreadyDone`.
 */
export async function changeAudit(audits: Audits, tenantId: string, auditId: string, change: (current: Audit) => Audit): Promise<AuditOutcome> {
  let alreadyDone = false;
  const audit = await audits.update(tenantId, auditId, (current) => {
    const next = change(current);
    alreadyDone = next === current;
    return next;
  });
  return { audit, alreadyDone };
}

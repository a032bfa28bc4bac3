import type { AuditStatus, HistoryEntry } from '../audit.js';
import { auditHistory, rolesOnAudit, type AuditRole } from '../audit-trail.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';

export interface AuditHistoryView {
  readonly auditId: string;
  readonly cycle: string;
  readonly status: AuditStatus;
  readonly myRoles: readonly AuditRole[];
  readonly entries: readonly HistoryEntry[];
}

export interface CaseHistory {
  readonly caseRef: string;
  /** The case's audits the viewer has a role on, newest cycle first. */
  readonly audits: readonly AuditHistoryView[];
}

/**
 * `audit history <case ref>`: the trail of every audit of the case that the viewer has a role on. Someone with
 * no role on any of them — or asking about a case with no audit — gets NotPermitted, worded the same either
 * way, so the command never reveals whether a child's case is being audited.
 */
export function readAuditHistory(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; caseRef: string; viewerId: PersonId }): Promise<CaseHistory> {
      const caseRef = input.caseRef.trim().toUpperCase();
      const audits = await deps.audits.byCaseRef(input.tenantId, caseRef);
      const visible: AuditHistoryView[] = [];
      for (const audit of audits) {
        const entries = auditHistory(audit, input.viewerId);
        if (entries) {
          visible.push({ auditId: audit.id, cycle: audit.cycle, status: audit.status, myRoles: rolesOnAudit(audit, input.viewerId), entries });
        }
      }
      if (visible.length === 0) {
        throw new NotPermitted(input.viewerId, `read the history of case ${caseRef}: only people with a role on its audit can`);
      }
      return { caseRef, audits: visible };
    },
  };
}

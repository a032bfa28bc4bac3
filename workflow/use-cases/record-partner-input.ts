import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock } from '../ports.js';
import { recordPartnerInput as record, type PartnerDraft } from '../review/partner-input.js';
import type { AuditOutcome } from './audit-outcome.js';
import { changeAudit } from './change-audit.js';

/** The reviewer records a partner agency's contribution to a multi-agency audit (SCSP). */
export function recordPartnerInput(deps: { audits: Audits; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: { tenantId: string; auditId: string; actorId: PersonId; draft: PartnerDraft }): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      return changeAudit(deps.audits, input.tenantId, input.auditId, (c) => record(c, input.actorId, input.draft, deps.profile, at));
    },
  };
}

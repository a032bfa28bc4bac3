import type { Audit } from '../audit.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';
import { loadAudit } from './load-audit.js';

/** The meeting card, for the audit's reviewer, who arranges the meeting. */
export function openMeeting(deps: { audits: Audits }) {
  return {
    async execute(input: { tenantId: string; auditId: string; viewerId: PersonId }): Promise<Audit> {
      const audit = await loadAudit(deps.audits, input.tenantId, input.auditId);
      if (audit.reviewerId !== input.viewerId) throw new NotPermitted(input.viewerId, 'arrange the meeting for an audit allocated to someone else');
      return audit;
    },
  };
}

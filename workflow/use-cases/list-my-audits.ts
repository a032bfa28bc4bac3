import { rolesOn, type Audit } from '../audit.js';
import { meetingSummary, type MeetingSummary } from '../meeting/meeting.js';
import { followsUp } from '../chasing/follow-up.js';
import type { PersonId } from '../people.js';
import type { Audits } from '../ports.js';

export interface MyAudit {
  readonly audit: Audit;
  readonly myRoles: readonly string[];
  /** The collaborative meeting's status and time (in the reader's zone), while it is a question; see `meetingSummary`. */
  readonly meeting?: MeetingSummary;
}

/** Everything a person has a role on, newest cycle first, withdrawn audits last. */
export function listMyAudits(deps: { audits: Audits }) {
  return {
    /** `timeZone`: the reader's, for meeting times (default Europe/London). */
    async execute(input: { tenantId: string; personId: PersonId; timeZone?: string }): Promise<MyAudit[]> {
      const audits = await deps.audits.forPerson(input.tenantId, input.personId);
      return audits
        .map((audit) => {
          const meeting = meetingSummary(audit, input.timeZone);
          // Sandwell's SW Academy follows up audits they hold no other role on (ST-28).
          const myRoles = [...rolesOn(audit, input.personId), ...(followsUp(audit, input.personId) ? ['swAcademy'] : [])];
          return { audit, myRoles, ...(meeting ? { meeting } : {}) };
        })
        .sort(
          (a, b) =>
            Number(a.audit.status === 'withdrawn') - Number(b.audit.status === 'withdrawn') ||
            b.audit.cycle.localeCompare(a.audit.cycle) ||
            a.audit.caseRef.localeCompare(b.audit.caseRef),
        );
    },
  };
}

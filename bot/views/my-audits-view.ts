import { formatDate } from '../../cards/format.js';
import { renderMyAudits } from '../../cards/my-audits.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS } from '../../workflow/audit.js';
import { ROLE_LABELS, type Person, type Role } from '../../workflow/people.js';
import type { MyAudit } from '../../workflow/use-cases/list-my-audits.js';

export function myAuditsCard(audits: readonly MyAudit[], viewer: Person | undefined): AdaptiveCard {
  return renderMyAudits(
    audits.map(({ audit, myRoles }) => ({
      caseRef: audit.caseRef,
      cycle: audit.cycle,
      status: STATUS_LABELS[audit.status],
      dueDate: formatDate(audit.dueDate, viewer?.timeZone),
      roles: myRoles.map((r) => ROLE_LABELS[r as Role] ?? r).join(', '),
    })),
  );
}

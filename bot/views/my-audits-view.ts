import { formatDate } from '../../cards/format.js';
import { MY_AUDITS_MAX_ROWS, renderMyAudits } from '../../cards/my-audits.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS } from '../../workflow/audit.js';
import { meetingSummary } from '../../workflow/meeting/meeting.js';
import { ROLE_LABELS, type Person, type Role } from '../../workflow/people.js';
import type { MyAudit } from '../../workflow/use-cases/list-my-audits.js';
import type { Services } from '../services.js';
import { displayName, namesOf } from './people-names.js';

export async function myAuditsCard(s: Services, audits: readonly MyAudit[], viewer: Person | undefined): Promise<AdaptiveCard> {
  const shown = audits.slice(0, MY_AUDITS_MAX_ROWS);
  const names = await namesOf(s, shown.map(({ audit }) => audit.reviewerId));
  // Every row is passed, so the card can say how many were left out; names are looked up for the shown ones.
  return renderMyAudits(
    audits.map(({ audit, myRoles }) => ({
      caseRef: audit.caseRef,
      cycle: audit.cycle,
      status: STATUS_LABELS[audit.status],
      dueDate: formatDate(audit.dueDate, viewer?.timeZone),
      reviewer: audit.reviewerId === viewer?.id ? 'you' : displayName(names.get(audit.reviewerId)),
      roles: myRoles.map((r) => ROLE_LABELS[r as Role] ?? r).join(', '),
      meeting: meetingSummary(audit, viewer?.timeZone)?.text ?? '',
      open: s.signer.ref('open', audit.id, audit.round),
    })),
  );
}

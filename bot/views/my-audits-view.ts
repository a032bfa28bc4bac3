import { formatDate } from '../../cards/format.js';
import { MY_AUDITS_MAX_ROWS, renderMyAudits } from '../../cards/my-audits.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS, type Audit } from '../../workflow/audit.js';
import { reauditRecipient } from '../../workflow/chasing/reaudit.js';
import { meetingSummary } from '../../workflow/meeting/meeting.js';
import { ROLE_LABELS, type Person, type Role } from '../../workflow/people.js';
import type { MyAudit } from '../../workflow/use-cases/list-my-audits.js';
import type { Services } from '../services.js';
import { displayName, namesOf } from './people-names.js';

/** "Re-audit · goes to Alex Morgan on Mon 8 Feb 2027" while a re-audit waits for its date; the status otherwise. */
function statusOf(s: Services, audit: Audit, names: Map<string, Person | undefined>, viewer: Person | undefined): string {
  if (audit.kind !== 'reaudit') return STATUS_LABELS[audit.status];
  if (audit.status !== 'scheduled' || !audit.allocateOn) return `Re-audit · ${STATUS_LABELS[audit.status]}`;
  const to = reauditRecipient(audit, s.profile);
  const who = to === undefined ? 'QA to choose a reviewer' : to === viewer?.id ? 'you' : displayName(names.get(to));
  return `Re-audit · goes to ${who} on ${formatDate(audit.allocateOn, viewer?.timeZone)}`;
}

export async function myAuditsCard(s: Services, audits: readonly MyAudit[], viewer: Person | undefined): Promise<AdaptiveCard> {
  const shown = audits.slice(0, MY_AUDITS_MAX_ROWS);
  const names = await namesOf(s, shown.map(({ audit }) => audit.reviewerId));
  // Every row is passed, so the card can say how many were left out; names are looked up for the shown ones.
  return renderMyAudits(
    audits.map(({ audit, myRoles }) => ({
      caseRef: audit.caseRef,
      cycle: audit.cycle,
      status: statusOf(s, audit, names, viewer),
      reaudit: audit.kind === 'reaudit',
      dueDate: formatDate(audit.dueDate, viewer?.timeZone),
      reviewer: audit.reviewerId === viewer?.id ? 'you' : displayName(names.get(audit.reviewerId)),
      roles: myRoles.map((r) => ROLE_LABELS[r as Role] ?? r).join(', '),
      meeting: meetingSummary(audit, viewer?.timeZone)?.text ?? '',
      open: s.signer.audit('open', audit.id, audit.round),
    })),
  );
}

import { formatDate } from '../../cards/format.js';
import { renderMyAudits } from '../../cards/my-audits.js';
import type { AdaptiveCard } from '../../cards/template.js';
import { STATUS_LABELS, type Audit } from '../../workflow/audit.js';
import { reauditRecipient } from '../../workflow/chasing/reaudit.js';
import { meetingSummary, reflectiveSummary } from '../../workflow/meeting/meeting.js';
import { ROLE_LABELS, type PersonId, type Role } from '../../workflow/people.js';
import type { MyAudit } from '../../workflow/use-cases/list-my-audits.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, zoneOf, type ViewContext } from './view-context.js';

/** "Re-audit · goes to Alex Morgan on Mon 8 Feb 2027" while a re-audit waits for its date; the status otherwise. */
function statusOf(v: ViewContext, audit: Audit): string {
  if (audit.kind !== 'reaudit') return STATUS_LABELS[audit.status];
  if (audit.status !== 'scheduled' || !audit.allocateOn) return `Re-audit · ${STATUS_LABELS[audit.status]}`;
  const to = reauditRecipient(audit, v.profile);
  const who = to === undefined ? 'QA to choose a reviewer' : to === v.viewerId ? 'you' : nameIn(v, to);
  return `Re-audit · goes to ${who} on ${formatDate(audit.allocateOn, zoneOf(v))}`;
}

/** The viewer's audits; every row is passed, so the card can say how many were left out. */
export function myAuditsView(v: ViewContext, audits: readonly MyAudit[]): AdaptiveCard {
  return renderMyAudits(
    audits.map(({ audit, myRoles }) => ({
      caseRef: audit.caseRef,
      cycle: audit.cycle,
      status: statusOf(v, audit),
      reaudit: audit.kind === 'reaudit',
      dueDate: formatDate(audit.dueDate, zoneOf(v)),
      reviewer: audit.reviewerId === v.viewerId ? 'you' : nameIn(v, audit.reviewerId),
      roles: myRoles.map((r) => ROLE_LABELS[r as Role] ?? r).join(', '),
      // The reflective meeting, once asked for, is the meeting still to come (the collaborative one is over by then).
      meeting: (reflectiveSummary(audit, zoneOf(v)) ?? meetingSummary(audit, zoneOf(v)))?.text ?? '',
      open: v.signer.audit('open', audit.id, audit.round),
    })),
  );
}

export async function myAuditsCard(s: Services, audits: readonly MyAudit[], viewerId: PersonId): Promise<AdaptiveCard> {
  return myAuditsView(await readViewContext(s, viewerId), audits);
}

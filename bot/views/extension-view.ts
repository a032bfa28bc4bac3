import { renderExtension, type ExtensionCardState } from '../../cards/extension.js';
import { formatDate, formatDateTime } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { AuditAction, ExtensionRequest } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { statusOf } from '../../workflow/chasing/action-lifecycle.js';
import type { PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';
import { displayName, namesOf } from './people-names.js';

/** The manager's card for a request for more time: Approve / Keep the date, or what was decided. */
export async function extensionCard(s: Services, audit: Audit, action: AuditAction, request: ExtensionRequest, viewerId: PersonId, notice?: string): Promise<AdaptiveCard> {
  const names = await namesOf(s, [viewerId, request.by, request.decision?.by ?? '']);
  const zone = names.get(viewerId)?.timeZone;
  let state: ExtensionCardState = 'open';
  let outcome: string | undefined;
  if (request.decision) {
    const who = displayName(names.get(request.decision.by));
    const when = formatDateTime(request.decision.at, zone);
    state = request.decision.approved ? 'approved' : 'refused';
    outcome = request.decision.approved ? `✓ Approved by ${who} at ${when}: now due ${formatDate(action.dueDate, zone)}.` : `Kept the date: ${who} at ${when}. Still due ${formatDate(action.dueDate, zone)}.`;
  } else if (request.managerId !== viewerId || statusOf(action) !== 'open') {
    state = 'closed';
    outcome = request.managerId !== viewerId ? 'This request went to someone else.' : 'The action is no longer open, so there is nothing to decide.';
  }
  return renderExtension({
    ref: s.signer.audit('extension', audit.id, audit.round),
    actionId: action.id,
    requestId: request.id,
    caseRef: audit.caseRef,
    description: action.description,
    ownerName: displayName(names.get(request.by)),
    currentDue: formatDate(request.fromDueDate ?? action.originalDueDate ?? action.dueDate, zone),
    askedDue: formatDate(request.dueDate, zone),
    reason: request.reason,
    state,
    ...(outcome ? { outcome } : {}),
    ...(notice ? { notice } : {}),
  });
}

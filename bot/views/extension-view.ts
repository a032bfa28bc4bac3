import { renderExtension, type ExtensionCardState } from '../../cards/extension.js';
import { formatDate, formatDateTime } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { AuditAction, ExtensionRequest } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { statusOf } from '../../workflow/chasing/action-lifecycle.js';
import type { PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, zoneOf, type ViewContext } from './view-context.js';

/** The manager's card for a request for more time: Approve / Keep the date, or what was decided. */
export function extensionView(v: ViewContext, audit: Audit, action: AuditAction, request: ExtensionRequest, banner?: string): AdaptiveCard {
  const zone = zoneOf(v);
  let state: ExtensionCardState = 'open';
  let outcome: string | undefined;
  if (request.decision) {
    const who = nameIn(v, request.decision.by);
    const when = formatDateTime(request.decision.at, zone);
    state = request.decision.approved ? 'approved' : 'refused';
    outcome = request.decision.approved ? `✓ Approved by ${who} at ${when}: now due ${formatDate(action.dueDate, zone)}.` : `Kept the date: ${who} at ${when}. Still due ${formatDate(action.dueDate, zone)}.`;
  } else if (request.managerId !== v.viewerId || statusOf(action) !== 'open') {
    state = 'closed';
    outcome = request.managerId !== v.viewerId ? 'This request went to someone else.' : 'The action is no longer open, so there is nothing to decide.';
  }
  return renderExtension({
    ref: v.signer.audit('extension', audit.id, audit.round),
    actionId: action.id,
    requestId: request.id,
    caseRef: audit.caseRef,
    description: action.description,
    ownerName: nameIn(v, request.by),
    currentDue: formatDate(request.fromDueDate ?? action.originalDueDate ?? action.dueDate, zone),
    askedDue: formatDate(request.dueDate, zone),
    reason: request.reason,
    state,
    ...(outcome ? { outcome } : {}),
    ...(banner ? { banner } : {}),
  });
}

/** Reads what the card needs once, then renders it. */
export async function extensionCard(s: Services, audit: Audit, action: AuditAction, request: ExtensionRequest, viewerId: PersonId, banner?: string): Promise<AdaptiveCard> {
  return extensionView(await readViewContext(s, viewerId), audit, action, request, banner);
}

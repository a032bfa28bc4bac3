import { renderAllocation, type AllocationCardData, type AllocationInputs, type AllocationState } from '../../cards/allocation.js';
import { formatDate, formatDateTime } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import type { PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, refreshUserIdsOf, type ViewContext } from './view-context.js';

export interface AllocationViewOptions {
  /** Show the decline form instead of Accept/Decline. */
  readonly declining?: boolean;
  readonly banner?: string;
  readonly inputs?: AllocationInputs;
  readonly errors?: AllocationCardData['errors'];
}

function lastEntry(audit: Audit, event: string) {
  return [...audit.history].reverse().find((h) => h.event === event);
}

/** The allocation card as `viewerId` should see it now. Callers have already checked the viewer's role. */
export function allocationView(v: ViewContext, audit: Audit, options: AllocationViewOptions = {}): AdaptiveCard {
  const viewer = v.people.get(v.viewerId);
  const zone = viewer?.timeZone;
  const reviewer = nameIn(v, audit.reviewerId);

  let state: AllocationState;
  let outcome: string | undefined;
  if (audit.reviewerId !== v.viewerId) {
    state = 'reallocated';
    outcome = 'This case has been reallocated to another reviewer. No action is needed from you.';
  } else if (audit.status === 'allocated') {
    state = options.declining ? 'declining' : 'open';
  } else if (audit.status === 'declined') {
    const entry = lastEntry(audit, 'declined');
    state = 'declined';
    outcome = `Declined by ${reviewer}${entry ? ` at ${formatDateTime(entry.at, zone)}` : ''}: "${audit.declineReason ?? ''}". QA will reallocate it.`;
  } else if (audit.status === 'withdrawn') {
    state = 'closed';
    outcome = 'This audit has been withdrawn by QA. No action is needed.';
  } else {
    state = 'accepted';
    outcome = `✓ Accepted by ${reviewer}${audit.acceptedAt ? ` at ${formatDateTime(audit.acceptedAt, zone)}` : ''}.`;
  }

  return renderAllocation({
    caseRef: audit.caseRef,
    serviceArea: audit.serviceArea,
    team: audit.team,
    practitionerName: nameIn(v, audit.practitionerId),
    teamManagerName: nameIn(v, audit.teamManagerId),
    childStatus: audit.childStatus,
    dueDate: formatDate(audit.dueDate, zone),
    restricted: audit.restricted,
    state,
    ...(outcome ? { outcome } : {}),
    ...(options.banner ? { banner: options.banner } : {}),
    inputs: options.inputs ?? {},
    errors: options.errors ?? {},
    ref: v.signer.audit('allocation', audit.id, audit.round),
    openRef: v.signer.audit('open', audit.id, audit.round),
    meetingRef: v.signer.audit('meeting', audit.id, audit.round),
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** Reads what the card needs once, then renders it. */
export async function allocationCard(s: Services, audit: Audit, viewerId: PersonId, options: AllocationViewOptions = {}): Promise<AdaptiveCard> {
  return allocationView(await readViewContext(s, viewerId), audit, options);
}

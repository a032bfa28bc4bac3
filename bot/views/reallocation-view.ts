import { formatDate, formatDateTime } from '../../cards/format.js';
import { renderReallocation } from '../../cards/reallocation.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import type { PersonId } from '../../workflow/people.js';
import { reviewerCandidates } from '../../workflow/reviewer-choice.js';
import type { Services } from '../services.js';
import { displayName } from './people-names.js';
import { readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';

export interface ReallocationViewOptions {
  readonly chosen?: string;
  readonly error?: string;
  readonly banner?: string;
}

/**
 * The QA coordinator's card for the decline of allocation round `round`. While that decline is still open
 * it offers reviewers, least loaded first; afterwards it says what happened.
 */
export function reallocationView(v: ViewContext, audit: Audit, round: number, cycleAudits: readonly Audit[], options: ReallocationViewOptions = {}): AdaptiveCard {
  const declineEntries = audit.history.filter((h) => h.event === 'declined');
  const decline = declineEntries[round - 1] ?? declineEntries.at(-1);
  // Each reallocation moves the audit on by exactly one round, so the round-th one answers this decline.
  const reallocation = audit.history.filter((h) => h.event === 'reallocated')[round - 1];
  const names = v.people;
  const zone = zoneOf(v);
  const open = audit.status === 'declined' && audit.round === round;

  let outcome: string | undefined;
  if (reallocation) {
    const to = audit.round === round + 1 ? displayName(names.get(audit.reviewerId)) : 'another reviewer';
    outcome = `✓ Reallocated to ${to} by ${displayName(names.get(reallocation.by))} at ${formatDateTime(reallocation.at, zone)}.`;
  } else if (!open) {
    outcome = audit.status === 'withdrawn' ? 'This audit has been withdrawn.' : 'This decline has been dealt with.';
  }

  const candidates = open
    ? reviewerCandidates(audit, [...v.people.values()], v.profile, cycleAudits).map((c) => ({
        title: `${c.person.name} (${c.openInCycle} open this cycle)`,
        value: c.person.id,
      }))
    : [];

  return renderReallocation({
    caseRef: audit.caseRef,
    serviceArea: audit.serviceArea,
    team: audit.team,
    dueDate: formatDate(audit.dueDate, zone),
    declinedBy: displayName(decline ? names.get(decline.by) : undefined),
    reason: decline?.detail ?? '',
    state: open ? 'open' : 'done',
    candidates,
    ...(options.chosen ? { chosen: options.chosen } : {}),
    ...(options.error ? { error: options.error } : {}),
    ...(outcome ? { outcome } : {}),
    ...(options.banner ? { banner: options.banner } : {}),
    ref: v.signer.audit('reallocation', audit.id, round),
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** Reads what the card needs once (the cycle's audits, for each reviewer's load, only while it is open), then renders it. */
export async function reallocationCard(s: Services, audit: Audit, round: number, viewerId: PersonId, options: ReallocationViewOptions = {}): Promise<AdaptiveCard> {
  const open = audit.status === 'declined' && audit.round === round;
  const [v, cycleAudits] = await Promise.all([readViewContext(s, viewerId), open ? s.audits.forCycle(s.tenantId, audit.cycle) : []]);
  return reallocationView(v, audit, round, cycleAudits, options);
}

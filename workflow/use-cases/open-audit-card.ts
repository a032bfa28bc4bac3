import type { Audit } from '../audit.js';
import { canSeeRationale } from '../audit-trail.js';
import type { Dispute } from '../dispute-record.js';
import { openDispute } from '../disputes.js';
import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import { REVIEWABLE } from '../review/review.js';

/**
 * Which card a person should see for an audit now: the reviewer's form while it is theirs to write, the
 * moderator's card while it waits for them, the dispute owner's card while a dispute waits for them, and
 * otherwise the read-only record — only for people with a role on the audit.
 */
export type AuditCardChoice =
  | { readonly card: 'review' }
  | { readonly card: 'moderation' }
  | { readonly card: 'dispute'; readonly dispute: Dispute }
  | { readonly card: 'summary'; readonly note?: 'not-accepted' | 'scheduled' };

export function auditCardFor(audit: Audit, viewerId: PersonId): AuditCardChoice {
  const choice = cardChoice(audit, viewerId);
  if (!choice) throw new NotPermitted(viewerId, 'see this audit: you have no role on it');
  return choice;
}

/** As `auditCardFor`, or undefined for someone with no role on the audit. */
export function cardChoice(audit: Audit, viewerId: PersonId): AuditCardChoice | undefined {
  if (audit.reviewerId === viewerId && REVIEWABLE.includes(audit.status)) return { card: 'review' };
  // A panel member reads the moderation card (read-only) while the panel considers the audit.
  if ((audit.moderatorId === viewerId || audit.moderation?.panel?.includes(viewerId)) && audit.status === 'awaitingModeration') return { card: 'moderation' };
  const dispute = openDispute(audit);
  if (dispute && dispute.ownerId === viewerId) return { card: 'dispute', dispute };
  if (!canSeeRationale(audit, viewerId)) return undefined;
  if (audit.status === 'scheduled') return { card: 'summary', note: 'scheduled' };
  if (audit.status === 'allocated' || audit.status === 'declined') return { card: 'summary', note: 'not-accepted' };
  return { card: 'summary' };
}

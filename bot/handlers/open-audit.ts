import { formatDate } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { canSeeRationale } from '../../workflow/audit-trail.js';
import { openDispute } from '../../workflow/disputes.js';
import { NotFound, NotPermitted } from '../../workflow/errors.js';
import { REVIEWABLE } from '../../workflow/review/review.js';
import { FormData, readCardData } from '../card-data.js';
import type { Services } from '../services.js';
import { disputeCard } from '../views/dispute-view.js';
import { moderationCard } from '../views/moderation-view.js';
import { reviewCard } from '../views/review-view.js';
import { summaryCard } from '../views/summary-view.js';
import type { CardActionHandler } from './card-action.js';

/** Reads and verifies a form's data for card family `family`, and loads its audit. */
export async function openForm(s: Services, raw: unknown, family: string): Promise<{ data: FormData; audit: Audit }> {
  const data = readCardData(FormData, raw, s.signer, family);
  const audit = await s.audits.get(s.tenantId, data.auditId);
  if (!audit) throw new NotFound('The audit on this card');
  return { data, audit };
}

/**
 * The card a person should see for an audit now: the reviewer's form while it is theirs to write, the
 * moderator's card while it waits for them, the dispute owner's card while a dispute waits for them, and
 * otherwise the read-only record — only for people with a role on the audit.
 */
export async function cardForViewer(s: Services, audit: Audit, viewerId: string, notice?: string): Promise<AdaptiveCard> {
  const state = notice ? { notice } : {};
  if (audit.reviewerId === viewerId && REVIEWABLE.includes(audit.status)) return reviewCard(s, audit, viewerId, state);
  if (audit.moderatorId === viewerId && audit.status === 'awaitingModeration') return moderationCard(s, audit, viewerId, state);
  const dispute = openDispute(audit);
  if (dispute && dispute.ownerId === viewerId) return disputeCard(s, audit, dispute, viewerId, state);
  if (!canSeeRationale(audit, viewerId)) throw new NotPermitted(viewerId, 'see this audit: you have no role on it');
  if (audit.status === 'scheduled' && audit.allocateOn) {
    const viewer = await s.directory.get(s.tenantId, viewerId);
    return summaryCard(s, audit, viewerId, { notice: notice ?? `This re-audit goes out on ${formatDate(audit.allocateOn, viewer?.timeZone)}. Nothing is needed from anyone until then.` });
  }
  if (audit.status === 'allocated' || audit.status === 'declined') {
    return summaryCard(s, audit, viewerId, { notice: notice ?? 'This audit has not been accepted yet.' });
  }
  return summaryCard(s, audit, viewerId, state);
}

export function openAuditHandlers(s: Services): Record<'audit.open', CardActionHandler> {
  return {
    'audit.open': async (actorId, raw) => {
      const { audit } = await openForm(s, raw, 'open');
      return cardForViewer(s, audit, actorId);
    },
  };
}

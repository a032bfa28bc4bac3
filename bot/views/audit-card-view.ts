import { formatDate } from '../../cards/format.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { auditCardFor, type AuditCardChoice } from '../../workflow/use-cases/open-audit-card.js';
import type { Services } from '../services.js';
import { disputeCard } from './dispute-view.js';
import { moderationCard } from './moderation-view.js';
import { reviewCard } from './review-view.js';
import { summaryCard } from './summary-view.js';

/** The card the domain chose for this person (workflow/use-cases/open-audit-card.ts), with `notice` at the top. */
export async function auditCard(s: Services, audit: Audit, choice: AuditCardChoice, viewerId: string, banner?: string): Promise<AdaptiveCard> {
  const state = banner ? { banner } : {};
  switch (choice.card) {
    case 'review':
      return reviewCard(s, audit, viewerId, state);
    case 'moderation':
      return moderationCard(s, audit, viewerId, state);
    case 'dispute':
      return disputeCard(s, audit, choice.dispute, viewerId, state);
    case 'summary':
      if (choice.note === 'scheduled' && audit.allocateOn) {
        const viewer = await s.directory.get(s.tenantId, viewerId);
        return summaryCard(s, audit, viewerId, { banner: banner ?? `This re-audit goes out on ${formatDate(audit.allocateOn, viewer?.timeZone)}. Nothing is needed from anyone until then.` });
      }
      if (choice.note === 'not-accepted') return summaryCard(s, audit, viewerId, { banner: banner ?? 'This audit has not been accepted yet.' });
      return summaryCard(s, audit, viewerId, state);
  }
}

/** The card this person should see for the audit now (refused for anyone with no role on it). */
export function cardForViewer(s: Services, audit: Audit, viewerId: string, banner?: string): Promise<AdaptiveCard> {
  return auditCard(s, audit, auditCardFor(audit, viewerId), viewerId, banner);
}

import { formatDate } from '../../cards/format.js';
import { renderInfo } from '../../cards/info.js';
import { localDate } from '../../workflow/dates.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import type { MessageKind, OutboxMessage } from '../../workflow/outbox.js';
import type { Services } from '../services.js';
import { allocationCard } from './allocation-view.js';
import { displayName } from './people-names.js';
import { reallocationCard } from './reallocation-view.js';
import { disputeCard } from './dispute-view.js';
import { moderationCard } from './moderation-view.js';
import { summaryCard } from './summary-view.js';
import { meetingMessage } from './meeting-message-view.js';
import { actionCard } from './action-view.js';
import { chaseAlert } from './chase-alerts-view.js';
import { digestCard } from './digest-view.js';
import { fanOutCard } from './fan-out-view.js';
import { extensionCard } from './extension-view.js';
import { inadequateCard } from './inadequate-view.js';
import { selfAssessmentCard } from './self-assessment-view.js';
import { concernCard } from './concern-view.js';
import { familyFeedbackCard } from './family-feedback-view.js';
import { followUpCard } from './follow-up-view.js';
import { findAction } from '../../workflow/chasing/action-lifecycle.js';
import type { OutboxHolder } from '../../workflow/ports.js';

/** What each kind of card is called when telling the QA coordinator it could not be delivered. */
const CARD_NAMES: Record<MessageKind, string> = {
  allocation: 'allocation card',
  'allocation-update': 'allocation card update',
  declined: 'decline card',
  'delivery-held': 'banner',
  'delivery-failed': 'banner',
  moderation: 'moderation card',
  'self-assessment': 'self-assessment',
  'audit-overdue': 'overdue audit notice',
  'family-feedback-request': 'family feedback card',
  'family-feedback-overdue': 'banner',
  'follow-up': 'follow-up card',
  'follow-up-recipient-missing': 'banner',
  'notice-recipient-missing': 'banner',
  'assurance-overdue': 'banner',
  concern: 'immediate safeguarding concern',
  'concern-unacknowledged': 'banner',
  'moderation-reminder': 'moderation reminder',
  'moderation-overdue': 'banner',
  'moderator-needed': 'banner',
  result: 'audit result',
  dispute: 'dispute decision card',
  'dispute-decision': 'dispute decision',
  'meeting-booked': 'meeting notice',
  'meeting-update': 'meeting update',
  'meeting-declined': 'meeting decline notice',
  'deadline-request': 'deadline request',
  'reflective-meeting': 'Reflective Practice & Action Meeting card',
  'action-reminder': 'action reminder',
  'action-nudge': 'overdue action card',
  'action-escalation': 'overdue action escalation',
  'extension-request': 'request for more time',
  'extension-decision': 'answer to a request for more time',
  'inadequate-notice': 'written Inadequate notice',
  'inadequate-update': 'update to the written Inadequate notice',
  'inadequate-unacknowledged': 'banner',
  'assurance-request': 'request for assurance',
  'reaudit-escalation': 'repeated Inadequate escalation',
  digest: 'daily digest',
  'fanout-progress': 'progress card',
};

/** The line on top of a moderation card sent again by the chase: how long is left, or that it is overdue. */
function moderationReminderBanner(audit: Audit, today: string): string | undefined {
  const due = audit.moderation?.dueDate;
  if (!due || audit.status !== 'awaitingModeration') return undefined;
  return today > due ? `Overdue: this moderation was due ${formatDate(due)}. QA has been told.` : `Reminder: this moderation is due ${formatDate(due)}.`;
}

/** Renders an outbox message from its holder's state at the moment it is sent. */
export async function messageCard(s: Services, message: OutboxMessage, holder: OutboxHolder): Promise<AdaptiveCard> {
  if ('type' in holder) return holder.type === 'digest' ? digestCard(s, holder.managerId) : fanOutCard(s, holder);
  return auditMessageCard(s, message, holder as Audit);
}

async function auditMessageCard(s: Services, message: OutboxMessage, audit: Audit): Promise<AdaptiveCard> {
  switch (message.kind) {
    case 'allocation':
    case 'allocation-update':
      return allocationCard(s, audit, message.to);
    case 'declined': {
      const round = message.round ?? audit.round;
      return reallocationCard(s, audit, round, message.to);
    }
    case 'delivery-held':
    case 'delivery-failed': {
      const original = audit.outbox.find((m) => m.key === message.reportsOn);
      const who = displayName(original ? await s.directory.get(s.tenantId, original.to) : undefined);
      const what = original ? CARD_NAMES[original.kind] : 'card';
      return message.kind === 'delivery-held'
        ? renderInfo({
            title: `Card waiting · case ${audit.caseRef}`,
            lines: [`${who} has not installed the QA Audits app yet, so their ${what} for case ${audit.caseRef} is held.`, 'It will be delivered as soon as they open the app in Teams. You may want to let them know.'],
            tone: 'warning',
          })
        : renderInfo({
            title: `Card not delivered · case ${audit.caseRef}`,
            lines: [`The ${what} for case ${audit.caseRef} could not be delivered to ${who}: ${original?.lastError ?? 'delivery failed'}.`, 'Please contact them another way, or reallocate the audit.'],
            tone: 'attention',
          });
    }
    case 'moderation':
      return moderationCard(s, audit, message.to);
    case 'concern':
      return concernCard(s, audit, message.to, message.about);
    case 'self-assessment':
      return selfAssessmentCard(s, audit, message.to);
    case 'family-feedback-request':
      return familyFeedbackCard(s, audit, message.to);
    case 'follow-up':
      return followUpCard(s, audit, message.to);
    case 'moderation-reminder':
      return moderationCard(s, audit, message.to, { banner: moderationReminderBanner(audit, localDate(s.clock.now())) });
    case 'moderator-needed':
      return renderInfo({
        title: `Moderator needed · case ${audit.caseRef}`,
        lines: [`The audit of case ${audit.caseRef} was sampled for moderation, but nobody in the moderator pool may moderate it.`],
        tone: 'warning',
      });
    case 'result':
    case 'dispute-decision':
      // The result as it stands when it is sent, with what this person may see (and dispute).
      return summaryCard(s, audit, message.to);
    case 'dispute': {
      const dispute = audit.disputes?.find((d) => d.id === message.disputeId) ?? audit.disputes?.at(-1);
      return dispute ? disputeCard(s, audit, dispute, message.to) : summaryCard(s, audit, message.to);
    }
    case 'meeting-booked':
    case 'meeting-update':
    case 'meeting-declined':
    case 'deadline-request':
    case 'reflective-meeting':
      return meetingMessage(s, message, audit);
    case 'action-reminder':
    case 'action-nudge':
      return actionCard(s, audit, findAction(audit, message.about ?? ''), message.to);
    case 'extension-request': {
      const action = findAction(audit, message.about ?? '');
      const request = action.extensions?.find((e) => e.id === message.requestId);
      if (!request) throw new Error(`No request for ${message.key}`);
      return extensionCard(s, audit, action, request, message.to);
    }
    case 'inadequate-update': {
      // Rendered as the card it updates, from the audit as it is now.
      const original = message.replaces ? audit.outbox.find((m) => m.key === message.replaces) : undefined;
      if (!original || original.kind === 'inadequate-update') throw new Error(`No notice for ${message.key}`);
      return auditMessageCard(s, { ...message, kind: original.kind }, audit);
    }
    case 'inadequate-notice':
    case 'assurance-request':
      return inadequateCard(s, audit, message.to);
    case 'action-escalation':
    case 'extension-decision':
    case 'inadequate-unacknowledged':
    case 'reaudit-escalation':
    case 'moderation-overdue':
    case 'audit-overdue':
    case 'family-feedback-overdue':
    case 'follow-up-recipient-missing':
    case 'concern-unacknowledged':
    case 'notice-recipient-missing':
    case 'assurance-overdue':
      return chaseAlert(s, message, audit);
    case 'digest':
    case 'fanout-progress':
      throw new Error(`A ${message.kind} lives in its own document.`);
  }
}

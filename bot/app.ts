import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { ALLOCATION_VERBS } from '../cards/allocation.js';
import { SUMMARY_VERBS } from '../cards/audit-summary.js';
import { DISPUTE_VERBS } from '../cards/dispute.js';
import { HISTORY_VERBS } from '../cards/history.js';
import { MODERATION_VERBS } from '../cards/moderation.js';
import { REALLOCATION_VERBS } from '../cards/reallocation.js';
import { REVIEW_VERBS } from '../cards/review.js';
import { allocationHandlers } from './handlers/allocation-actions.js';
import { cardAction, type CardActionHandler } from './handlers/card-action.js';
import { caseUpload, hasCaseFile } from './handlers/case-upload.js';
import { auditByRef, auditHistoryCommand, commandText, help, historyPage, myAudits, unknownText } from './handlers/commands.js';
import { disputeHandlers } from './handlers/dispute-actions.js';
import { installation } from './handlers/installation.js';
import { moderationHandlers } from './handlers/moderation-actions.js';
import { openAuditHandlers } from './handlers/open-audit.js';
import { reallocationHandlers } from './handlers/reallocation-actions.js';
import { reviewHandlers } from './handlers/review-actions.js';
import type { Services } from './services.js';

/** Every verb a card can send, so a missing handler is a compile error rather than a 501 in chat. */
export const ALL_VERBS = [
  ...ALLOCATION_VERBS,
  ...REALLOCATION_VERBS,
  'audit.open',
  ...REVIEW_VERBS,
  ...MODERATION_VERBS,
  ...SUMMARY_VERBS,
  ...DISPUTE_VERBS,
  ...HISTORY_VERBS,
] as const;
type Verb = (typeof ALL_VERBS)[number];

/** Routes activities to handlers. Handlers only translate; the rules live in workflow/. */
export function createApp(adapter: TeamsAdapter, s: Services): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true });

  const handlers: Record<Verb, CardActionHandler> = {
    ...allocationHandlers(s),
    ...reallocationHandlers(s),
    ...openAuditHandlers(s),
    ...reviewHandlers(s),
    ...moderationHandlers(s),
    ...disputeHandlers(s),
    'history.page': historyPage(s),
  } as Record<Verb, CardActionHandler>;
  for (const verb of ALL_VERBS) app.adaptiveCards.actionExecute(verb, cardAction(s, verb, handlers[verb]));

  app.activity('installationUpdate', installation(s));
  app.conversationUpdate('membersAdded', installation(s));

  app.message(async (context) => hasCaseFile(context), caseUpload(s));
  app.message(async (context) => ['my audits', 'my audit', 'audits'].includes(commandText(context)), myAudits(s));
  app.message(async (context) => ['help', 'hi', 'hello', '?'].includes(commandText(context)), help(s));
  app.message(async (context) => /^audit history\s+\S+$/.test(commandText(context)), auditHistoryCommand(s));
  app.message(async (context) => /^(audit|open)\s+[a-z0-9][a-z0-9-]*$/.test(commandText(context)), auditByRef(s));
  // Routes match in registration order: the catch-all comes last.
  app.message(async () => true, unknownText(s));

  app.error(async (context, error) => {
    s.log.error('turn-error', { activityId: context.activity.id, type: context.activity.type, error: error.stack ?? error.message });
  });
  return app;
}

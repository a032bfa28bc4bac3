import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { StaleCard } from '../workflow/errors.js';
import { ALLOCATION_VERBS } from '../cards/allocation.js';
import { SUMMARY_VERBS } from '../cards/audit-summary.js';
import { DISPUTE_VERBS } from '../cards/dispute.js';
import { HISTORY_VERBS } from '../cards/history.js';
import { MEETING_VERBS } from '../cards/meeting.js';
import { MODERATION_VERBS } from '../cards/moderation.js';
import { REALLOCATION_VERBS } from '../cards/reallocation.js';
import { REVIEW_VERBS } from '../cards/review.js';
import { ACTION_VERBS } from '../cards/action.js';
import { DIGEST_VERBS } from '../cards/digest.js';
import { EXTENSION_VERBS } from '../cards/extension.js';
import { INADEQUATE_VERBS } from '../cards/inadequate-notice.js';
import { FAN_OUT_VERBS } from '../cards/fan-out.js';
import { fanOutHandlers } from './handlers/fan-out-actions.js';
import { actionHandlers } from './handlers/action-actions.js';
import { digestHandlers } from './handlers/digest-actions.js';
import { extensionHandlers } from './handlers/extension-actions.js';
import { inadequateHandlers } from './handlers/inadequate-actions.js';
import { allocationHandlers } from './handlers/allocation-actions.js';
import { cardAction, type CardActionHandler } from './handlers/card-action.js';
import { caseUpload, hasCaseFile } from './handlers/case-upload.js';
import { auditByRef, auditHistoryCommand, commandText, help, historyPage, myActions, myAudits, myTeam, unknownText } from './handlers/commands.js';
import { disputeHandlers } from './handlers/dispute-actions.js';
import { installation, rememberConversation } from './handlers/installation.js';
import { meetingHandlers } from './handlers/meeting-actions.js';
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
  ...MEETING_VERBS,
  ...ACTION_VERBS,
  ...EXTENSION_VERBS,
  ...DIGEST_VERBS,
  ...INADEQUATE_VERBS,
  ...FAN_OUT_VERBS,
] as const;
type Verb = (typeof ALL_VERBS)[number];

const unknownVerb: CardActionHandler = async () => {
  throw new StaleCard('This card is from another version of the app. Type "my audits" to get the current one.');
};

/** Routes activities to handlers. Handlers only translate; the rules live in workflow/. */
export function createApp(adapter: TeamsAdapter, s: Services): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true });

  const handlers = {
    ...allocationHandlers(s),
    ...reallocationHandlers(s),
    ...openAuditHandlers(s),
    ...reviewHandlers(s),
    ...moderationHandlers(s),
    ...disputeHandlers(s),
    'history.page': historyPage(s),
    ...meetingHandlers(s),
    ...actionHandlers(s),
    ...extensionHandlers(s),
    ...digestHandlers(s),
    ...inadequateHandlers(s),
    ...fanOutHandlers(s),
  } satisfies Record<Verb, CardActionHandler>;
  for (const verb of ALL_VERBS) app.adaptiveCards.actionExecute(verb, cardAction(s, verb, handlers[verb]));

  app.turn('beforeTurn', rememberConversation(s));
  app.activity('installationUpdate', installation(s));
  app.conversationUpdate('membersAdded', installation(s));

  // teams-ai applies a function selector to every activity, so each text route checks it is a message.
  const text = (test: (said: string, context: TurnContext) => boolean) => async (context: TurnContext) => context.activity.type === 'message' && test(commandText(context), context);
  app.message(text((_said, context) => hasCaseFile(context)), caseUpload(s));
  app.message(text((said) => ['my audits', 'my audit', 'audits'].includes(said)), myAudits(s));
  app.message(text((said) => ['my actions', 'my action', 'actions'].includes(said)), myActions(s));
  app.message(text((said) => ['my team', 'team actions', 'digest'].includes(said)), myTeam(s));
  app.message(text((said) => ['help', 'hi', 'hello', '?'].includes(said)), help(s));
  app.message(text((said) => /^audit history(\s+\S+)?$/.test(said)), auditHistoryCommand(s));
  app.message(text((said) => /^(audit|open)\s+(?!history$)[a-z0-9][a-z0-9-]*$/.test(said)), auditByRef(s));
  // Routes match in registration order: the catch-alls come last.
  app.message(text(() => true), unknownText(s));
  // A verb this version does not know (a card from an older or newer release) still gets a clear card.
  app.adaptiveCards.actionExecute(/.*/, cardAction(s, 'unknown', unknownVerb));

  app.error(async (context, error) => {
    s.log.error('turn-error', { activityId: context.activity.id, type: context.activity.type, error: error.stack ?? error.message });
  });
  return app;
}

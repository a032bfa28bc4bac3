import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ACTION_ACTIONS } from '../cards/action.js';
import { ALLOCATION_ACTIONS } from '../cards/allocation.js';
import { SUMMARY_ACTIONS } from '../cards/audit-summary.js';
import { cardActions, type CardActionSpec } from '../cards/card-ref.js';
import { DIGEST_ACTIONS } from '../cards/digest.js';
import { DISPUTE_ACTIONS } from '../cards/dispute.js';
import { EXTENSION_ACTIONS } from '../cards/extension.js';
import { FAN_OUT_ACTIONS } from '../cards/fan-out.js';
import { HISTORY_ACTIONS } from '../cards/history.js';
import { INADEQUATE_ACTIONS } from '../cards/inadequate-notice.js';
import { MEETING_ACTIONS } from '../cards/meeting.js';
import { MODERATION_ACTIONS } from '../cards/moderation.js';
import { OPEN_AUDIT_ACTIONS } from '../cards/my-audits.js';
import { REALLOCATION_ACTIONS } from '../cards/reallocation.js';
import { REVIEW_ACTIONS } from '../cards/review.js';
import { SELF_ASSESSMENT_ACTIONS } from '../cards/self-assessment.js';
import { CONCERN_ACTIONS } from '../cards/concern.js';
import { FAMILY_FEEDBACK_ACTIONS } from '../cards/family-feedback.js';
import { PARTNER_INPUT_ACTIONS } from '../cards/partner-input.js';
import { StaleCard } from '../workflow/errors.js';
import { cardAction, type CardActionHandler, type CardActionHandlers } from './card-action.js';
import { actionHandlers } from './handlers/action-actions.js';
import { allocationHandlers } from './handlers/allocation-actions.js';
import { caseUpload, hasCaseFile } from './handlers/case-upload.js';
import { auditByRef, concernByRef, partnersByRef, auditHistoryCommand, commandText, help, historyHandlers, myActions, myAudits, myTeam, unknownText } from './handlers/commands.js';
import { digestHandlers } from './handlers/digest-actions.js';
import { disputeHandlers } from './handlers/dispute-actions.js';
import { extensionHandlers } from './handlers/extension-actions.js';
import { fanOutHandlers } from './handlers/fan-out-actions.js';
import { selfAssessmentHandlers } from './handlers/self-assessment-actions.js';
import { concernHandlers } from './handlers/concern-actions.js';
import { familyFeedbackHandlers } from './handlers/family-feedback-actions.js';
import { partnerInputHandlers } from './handlers/partner-input-actions.js';
import { inadequateHandlers } from './handlers/inadequate-actions.js';
import { installation, rememberConversation } from './handlers/installation.js';
import { meetingHandlers } from './handlers/meeting-actions.js';
import { moderationHandlers } from './handlers/moderation-actions.js';
import { openAuditHandlers } from './handlers/open-audit.js';
import { reallocationHandlers } from './handlers/reallocation-actions.js';
import { reviewHandlers } from './handlers/review-actions.js';
import { forOneClick } from './click-services.js';
import type { Services } from './services.js';

/** Every verb a card can send, with the data it carries, as the card modules declare them. */
export const CARD_ACTIONS = {
  ...ALLOCATION_ACTIONS,
  ...REALLOCATION_ACTIONS,
  ...OPEN_AUDIT_ACTIONS,
  ...REVIEW_ACTIONS,
  ...MODERATION_ACTIONS,
  ...SUMMARY_ACTIONS,
  ...DISPUTE_ACTIONS,
  ...HISTORY_ACTIONS,
  ...MEETING_ACTIONS,
  ...ACTION_ACTIONS,
  ...EXTENSION_ACTIONS,
  ...DIGEST_ACTIONS,
  ...INADEQUATE_ACTIONS,
  ...FAN_OUT_ACTIONS,
  ...SELF_ASSESSMENT_ACTIONS,
  ...CONCERN_ACTIONS,
  ...FAMILY_FEEDBACK_ACTIONS,
  ...PARTNER_INPUT_ACTIONS,
};
export type Verb = keyof typeof CARD_ACTIONS;
export const ALL_VERBS = Object.keys(CARD_ACTIONS) as Verb[];

/** A verb this version does not know (a card from an older or newer release) still gets a clear card. */
const UNKNOWN = cardActions(['unknown'], z.unknown()).unknown;
const unknownVerb: CardActionHandler<unknown> = async () => {
  throw new StaleCard('This card is from another version of the app. Type "my audits" to get the current one.');
};

/** Typed from verb to handler: a declared verb without a handler fails the type check. */
function handlersFor(s: Services): CardActionHandlers<typeof CARD_ACTIONS> {
  return {
    ...allocationHandlers(s),
    ...reallocationHandlers(s),
    ...openAuditHandlers(s),
    ...reviewHandlers(s),
    ...moderationHandlers(s),
    ...disputeHandlers(s),
    ...historyHandlers(s),
    ...meetingHandlers(s),
    ...actionHandlers(s),
    ...extensionHandlers(s),
    ...digestHandlers(s),
    ...inadequateHandlers(s),
    ...fanOutHandlers(s),
    ...selfAssessmentHandlers(s),
    ...concernHandlers(s),
    ...familyFeedbackHandlers(s),
    ...partnerInputHandlers(s),
  };
}

/** Routes activities to handlers. Handlers only translate; the rules live in workflow/. */
export function createApp(adapter: TeamsAdapter, s: Services): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true });

  for (const verb of ALL_VERBS) {
    const spec: CardActionSpec = CARD_ACTIONS[verb];
    // Each click gets its own read-once services (click-services.ts), so its views share one directory read.
    app.adaptiveCards.actionExecute(verb, cardAction(s, verb, spec, (context) => (handlersFor(forOneClick(s))[verb] as CardActionHandler<unknown>)(context)));
  }

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
  app.message(text((said) => /^concern\s+[a-z0-9][a-z0-9-]*$/.test(said)), concernByRef(s));
  app.message(text((said) => /^partners\s+[a-z0-9][a-z0-9-]*$/.test(said)), partnersByRef(s));
  // Routes match in registration order: the catch-alls come last.
  app.message(text(() => true), unknownText(s));
  app.adaptiveCards.actionExecute(/.*/, cardAction(s, 'unknown', UNKNOWN, unknownVerb));

  app.error(async (context, error) => {
    s.log.error('turn-error', { activityId: context.activity.id, type: context.activity.type, error: error.stack ?? error.message });
  });
  return app;
}

import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { ALLOCATION_VERBS } from '../cards/allocation.js';
import { REALLOCATION_VERBS } from '../cards/reallocation.js';
import { allocationHandlers } from './handlers/allocation-actions.js';
import { reallocationHandlers } from './handlers/reallocation-actions.js';
import { cardAction, type CardActionHandler } from './handlers/card-action.js';
import { caseUpload, hasCaseFile } from './handlers/case-upload.js';
import { commandText, help, myAudits, unknownText } from './handlers/commands.js';
import { installation } from './handlers/installation.js';
import type { Services } from './services.js';

/** Every verb a card can send, so a missing handler is a compile error rather than a 501 in chat. */
export const ALL_VERBS = [...ALLOCATION_VERBS, ...REALLOCATION_VERBS] as const;
type Verb = (typeof ALL_VERBS)[number];

/** Routes activities to handlers. Handlers only translate; the rules live in workflow/. */
export function createApp(adapter: TeamsAdapter, s: Services): Application<TurnState> {
  const app = new Application<TurnState>({ adapter, startTypingTimer: false, removeRecipientMention: true });

  const handlers: Record<Verb, CardActionHandler> = { ...allocationHandlers(s), ...reallocationHandlers(s) } as Record<Verb, CardActionHandler>;
  for (const [verb, handler] of Object.entries(handlers)) app.adaptiveCards.actionExecute(verb, cardAction(s, verb, handler));

  app.activity('installationUpdate', installation(s));
  app.conversationUpdate('membersAdded', installation(s));

  app.message(async (context) => hasCaseFile(context), caseUpload(s));
  app.message(async (context) => ['my audits', 'my audit', 'audits'].includes(commandText(context)), myAudits(s));
  app.message(async (context) => ['help', 'hi', 'hello', '?'].includes(commandText(context)), help(s));
  // Routes match in registration order: the catch-all comes last.
  app.message(async () => true, unknownText(s));

  app.error(async (context, error) => {
    s.log.error('turn-error', { activityId: context.activity.id, type: context.activity.type, error: error.stack ?? error.message });
  });
  return app;
}

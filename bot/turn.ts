import { ActivityTypes, TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/template.js';
import { NotPermitted } from '../workflow/errors.js';
import type { Services } from './services.js';

/** Who is acting, from the activity: their directory id is the Entra object id Teams sends. */
export function actorOf(context: TurnContext, s: Services): string {
  const activity = context.activity;
  const tenant = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const actor = activity.from?.aadObjectId;
  // This deployment serves one local authority; another tenant's users (or none named) are never served its audits.
  if (!actor || tenant !== s.tenantId) throw new NotPermitted(actor ?? 'unknown', 'use this bot from outside its organisation');
  return actor;
}

/**
 * Answers an Action.Execute with a card in the HTTP response. We answer ourselves rather than let teams-ai
 * do it: for cards with `refresh` it would also update the message for everyone, an extra connector call
 * that would show one person's view of a card to every viewer.
 */
export async function answerWithCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
  });
}

import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/template.js';
import { errorCard } from '../error-cards.js';
import type { Services } from '../services.js';
import { actorOf, answerWithCard } from '../turn.js';

export type CardActionHandler = (actorId: string, data: unknown) => Promise<AdaptiveCard>;

/** Wraps a verb's handler: identify the actor, run, and always answer with a card, even on failure. */
export function cardAction(s: Services, verb: string, run: CardActionHandler) {
  return async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard> => {
    let card: AdaptiveCard;
    try {
      card = await run(actorOf(context, s), data);
    } catch (error) {
      card = errorCard(s, error, { verb, activityId: context.activity.id });
    }
    await answerWithCard(context, card);
    return card;
  };
}

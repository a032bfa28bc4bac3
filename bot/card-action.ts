import type { TurnContext } from 'botbuilder';
import type { z } from 'zod';
import type { CardActionSpec } from '../cards/card-ref.js';
import type { AdaptiveCard } from '../cards/template.js';
import { TamperedCard } from '../workflow/errors.js';
import { failureCard, type Recovery } from './error-cards.js';
import type { Services } from './services.js';
import { actorOf, answerWithCard } from './turn.js';

/** What a handler gets: who pressed, the button's data parsed (and verified), and a way to say how to recover. */
export interface CardActionContext<Data> {
  readonly actorId: string;
  readonly data: Data;
  /**
   * How this card is shown again if the action fails (typed input kept, the problem named): registered once the
   * person's right to see the card has been checked, so nobody else is ever shown a form. Errors map to cards
   * in one place (error-cards.ts); a handler never catches.
   */
  recover(recovery: Recovery): void;
}

export type CardActionHandler<Data> = (context: CardActionContext<Data>) => Promise<AdaptiveCard>;

/** The handlers for a set of declared verbs: each receives the data its verb's schema describes. */
export type CardActionHandlers<Specs extends Record<string, CardActionSpec>> = {
  readonly [Verb in keyof Specs]: CardActionHandler<z.infer<Specs[Verb]['schema']>>;
};

/**
 * One verb's route: identify the actor, parse and verify the data as the card module declared it, run the
 * handler, and always answer with a card, even on failure.
 */
export function cardAction<Schema extends z.ZodTypeAny>(s: Services, verb: string, spec: CardActionSpec<Schema>, handle: CardActionHandler<z.infer<Schema>>) {
  return async (context: TurnContext, _state: unknown, raw: unknown): Promise<AdaptiveCard> => {
    let recovery: Recovery = {};
    let card: AdaptiveCard;
    try {
      const actorId = actorOf(context, s);
      // Only our fields are read; unknown keys are dropped by the schema (forms accept extra string inputs only).
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success) throw new TamperedCard();
      s.signer.verify(spec, parsed.data as Record<string, unknown>);
      card = await handle({ actorId, data: parsed.data, recover: (r) => void (recovery = r) });
    } catch (error) {
      card = await failureCard(s, error, recovery, { verb, activityId: context.activity.id });
    }
    await answerWithCard(context, card);
    return card;
  };
}

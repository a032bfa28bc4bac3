import { CardFactory, MessageFactory, type ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { OutboxMessage } from '../workflow/outbox.js';
import type { Conversation, DeliveryResult, Messenger, OutboxHolder } from '../workflow/ports.js';
import { forOneClick } from './click-services.js';
import type { Services } from './services.js';
import { messageCard } from './views/message-card.js';
import type { AdaptiveCard } from '../cards/template.js';
import { deliveryStamp } from '../workflow/delivery/delivery-stamp.js';

interface HttpishError {
  statusCode?: number;
  code?: string;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string>; bodyAsText?: string };
  message?: string;
}

function retryAfterMs(error: HttpishError): number | undefined {
  const headers = error.response?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Exponential backoff with full jitter, from 1 s up to 5 min. */
function backoffMs(attempts: number): number {
  return Math.round(Math.random() * Math.min(300_000, 1000 * 2 ** attempts));
}

/** Maps a connector failure to what the outbox should do next (see ENGINEERING.md, Teams limits). */
export function classifyFailure(error: unknown, attempts: number): DeliveryResult {
  const e = (error ?? {}) as HttpishError;
  const status = e.statusCode;
  const body = `${e.code ?? ''} ${e.response?.bodyAsText ?? ''} ${e.message ?? ''}`;
  if (status === 403 && /MessageWritesBlocked|ConversationBlockedByUser|BotDisabledByAdmin/i.test(body)) return { outcome: 'blocked' };
  if (status === 429) return { outcome: 'retry', afterMs: retryAfterMs(e) ?? backoffMs(attempts), reason: 'throttled (429)' };
  // A request the connector rejects as such will be rejected again: only 412, 429 and 5xx are worth retrying.
  if (status !== undefined && status >= 400 && status < 500 && status !== 412 && status !== 408) {
    return { outcome: 'failed', reason: `the connector refused the message (${status})` };
  }
  return { outcome: 'retry', afterMs: backoffMs(attempts), reason: status ? `connector answered ${status}` : (e.message ?? 'send failed').slice(0, 200) };
}

/** The card with a hidden, empty element whose id is the message's delivery stamp (see DeliveryCheck). */
function stamped(card: AdaptiveCard, stamp: string): AdaptiveCard {
  const body = Array.isArray(card.body) ? card.body : [];
  return { ...card, body: [...body, { type: 'TextBlock', id: stamp, text: ' ', isVisible: false }] };
}

/** Sends outbox messages to Teams as proactive messages, or updates an earlier card in place. */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
    private readonly services: Services,
  ) {}

  async deliver(message: OutboxMessage, holder: OutboxHolder, conversation: Conversation, earlier?: { activityId: string; conversationId: string }): Promise<DeliveryResult> {
    const card = stamped(await messageCard(forOneClick(this.services), message, holder), deliveryStamp(holder.tenantId, message.key));
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    const reference = conversation.reference as Partial<ConversationReference>;
    let result: DeliveryResult = { outcome: 'retry', afterMs: backoffMs(message.attempts), reason: 'no answer from the connector' };
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        // Caught here, not around the call: the app's error handler (adapter.onTurnError) would otherwise take
        // the connector's answer, and a 403 "blocked" would look like no answer at all.
        try {
          if (earlier) {
            await context.updateActivity({ ...activity, id: earlier.activityId });
            result = { outcome: 'sent', activityId: earlier.activityId, conversationId: earlier.conversationId };
          } else {
            const sent = await context.sendActivity(activity);
            result = { outcome: 'sent', activityId: sent?.id ?? '', conversationId: context.activity.conversation.id };
          }
        } catch (error) {
          result = classifyFailure(error, message.attempts);
        }
      });
    } catch (error) {
      result = classifyFailure(error, message.attempts);
    }
    return result;
  }
}

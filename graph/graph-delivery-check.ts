import type { Client } from '@microsoft/microsoft-graph-client';
import { deliveryStamp } from '../workflow/delivery/delivery-stamp.js';
import type { OutboxMessage } from '../workflow/outbox.js';
import type { Conversation, DeliveryCheck } from '../workflow/ports.js';

interface ChatMessage {
  readonly id: string;
  readonly createdDateTime?: string;
  readonly attachments?: readonly { readonly contentType?: string; readonly content?: string | null }[];
}

/** Pages of recent messages read before giving up (a send in doubt is minutes old, never days). */
const MAX_PAGES = 4;

/**
 * Whether a card in doubt is already in the person's chat with the bot, read through Microsoft Graph: the chat
 * between the user and the app (`/users/{id}/teamwork/installedApps/{installation}/chat`), then its recent
 * messages (`/chats/{id}/messages`), looking for the card's delivery stamp. Needs the application permissions
 * TeamsAppInstallation.ReadForUser.All and Chat.Read.All (or the resource-specific ChatMessage.Read.Chat).
 * Anything Graph cannot answer is `unknown`, and the card is sent again.
 */
export class GraphDeliveryCheck implements DeliveryCheck {
  /** The chat id per person: it never changes while the app stays installed. */
  private readonly chats = new Map<string, string>();

  constructor(
    private readonly client: Client,
    /** The Teams app's manifest id (externalId in the app catalog). */
    private readonly teamsAppId: string,
  ) {}

  async findDelivered(message: OutboxMessage, tenantId: string, conversation: Conversation, since: Date) {
    try {
      const chatId = await this.chatOf(conversation.personId);
      if (!chatId) return 'unknown' as const;
      const stamp = deliveryStamp(tenantId, message.key);
      // Newest first by creation: by default Graph orders by last change, and an old card edited today would end the search early.
      let url: string | undefined = `/chats/${encodeURIComponent(chatId)}/messages?$top=50&$orderby=createdDateTime desc`;
      for (let page = 0; url && page < MAX_PAGES; page += 1) {
        const body = (await this.client.api(url).get()) as { value?: ChatMessage[]; '@odata.nextLink'?: string };
        const messages = body.value ?? [];
        const hit = messages.find((m) => (m.attachments ?? []).some((a) => typeof a.content === 'string' && a.content.includes(`"${stamp}"`)));
        if (hit) return { activityId: hit.id, conversationId: referenceConversationId(conversation) };
        // Newest first: once older than the claim, the card was never posted.
        if (messages.some((m) => m.createdDateTime !== undefined && Date.parse(m.createdDateTime) < since.getTime())) return 'absent' as const;
        url = body['@odata.nextLink'];
      }
      return url ? ('unknown' as const) : ('absent' as const);
    } catch {
      return 'unknown' as const;
    }
  }

  private async chatOf(personId: string): Promise<string | undefined> {
    const known = this.chats.get(personId);
    if (known) return known;
    const user = encodeURIComponent(personId);
    const installs = (await this.client
      .api(`/users/${user}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/externalId eq '${this.teamsAppId}'`)
      .get()) as { value?: { id: string }[] };
    const installation = installs.value?.[0]?.id;
    if (!installation) return undefined;
    const chat = (await this.client.api(`/users/${user}/teamwork/installedApps/${encodeURIComponent(installation)}/chat`).get()) as { id?: string };
    if (chat.id) this.chats.set(personId, chat.id);
    return chat.id;
  }
}

function referenceConversationId(conversation: Conversation): string {
  const c = (conversation.reference as { conversation?: { id?: unknown } }).conversation;
  return typeof c?.id === 'string' ? c.id : '';
}

import { isDeepStrictEqual } from 'node:util';
import type { Container } from '@azure/cosmos';
import type { PersonId } from '../workflow/people.js';
import type { Conversation, Conversations } from '../workflow/ports.js';
import { statusOf, withoutSystemFields, type SystemFields } from './documents.js';

/** One document per person and tenant; the person's id is the document id, so a point read finds it. */
type ConversationDocument = Conversation & SystemFields & { readonly id: PersonId };

export class CosmosConversations implements Conversations {
  constructor(private readonly container: Container) {}

  async get(tenantId: string, personId: PersonId): Promise<Conversation | undefined> {
    const doc = await this.read(tenantId, personId);
    return doc && toConversation(doc);
  }

  /**
   * True only for the first installation. Teams repeats install events (the Playground on every page
   * load), so a repeat that carries the same reference writes nothing; a changed reference replaces it.
   */
  async save(conversation: Conversation): Promise<boolean> {
    const doc: ConversationDocument = { ...conversation, id: conversation.personId };
    try {
      await this.container.items.create(doc);
      return true;
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
    const stored = await this.read(conversation.tenantId, conversation.personId);
    const incoming = JSON.parse(JSON.stringify(conversation)) as Conversation; // as it would be stored
    if (
      !stored ||
      stored.channelUserId !== incoming.channelUserId ||
      !isDeepStrictEqual(stored.reference, incoming.reference)
    ) {
      // Last writer wins: the newest installation event carries the reference that works now.
      await this.container.items.upsert(doc);
    }
    return false;
  }

  private async read(tenantId: string, personId: PersonId): Promise<ConversationDocument | undefined> {
    try {
      const { resource } = await this.container.item(personId, tenantId).read<ConversationDocument>();
      return resource;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }
}

function toConversation(doc: ConversationDocument): Conversation {
  const { id: _id, ...conversation } = withoutSystemFields(doc);
  return conversation;
}

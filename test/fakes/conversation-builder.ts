import type { PersonId } from '../../workflow/people.js';
import type { Conversation } from '../../workflow/ports.js';
import { TENANT } from './cast.js';

/** A person's 1:1 chat with the bot, as the installation handler would store it. */
export function aConversation(personId: PersonId, tenantId = TENANT, installedAt = '2026-11-30T08:00:00.000Z'): Conversation {
  return {
    personId,
    tenantId,
    channelUserId: `29:${personId}`,
    reference: { conversationId: `conv-${personId}`, serviceUrl: 'https://smba.example.test/emea/' },
    installedAt,
  };
}

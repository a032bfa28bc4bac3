import type { Person, PersonId } from '../workflow/people.js';
import type { Conversation, Conversations, Directory } from '../workflow/ports.js';
import type { Services } from './services.js';

/**
 * The services for one click or command: the directory and the people's conversations are read at most once
 * each while it is handled, however many views ask (a form names the viewer, the owners, the moderator …).
 * Writes go straight through; nothing is kept after the click.
 */
export function forOneClick(s: Services): Services {
  const people = new Map<PersonId, Promise<Person | undefined>>();
  let everyone: Promise<readonly Person[]> | undefined;
  const directory: Directory = {
    all: (tenantId) => (everyone ??= s.directory.all(tenantId)),
    get: (tenantId, id) => {
      if (everyone) return everyone.then((list) => list.find((p) => p.id === id));
      let person = people.get(id);
      if (!person) people.set(id, (person = s.directory.get(tenantId, id)));
      return person;
    },
  };
  const chats = new Map<PersonId, Promise<Conversation | undefined>>();
  const conversations: Conversations = {
    get: (tenantId, personId) => {
      let chat = chats.get(personId);
      if (!chat) chats.set(personId, (chat = s.conversations.get(tenantId, personId)));
      return chat;
    },
    save: (conversation) => {
      chats.delete(conversation.personId);
      return s.conversations.save(conversation);
    },
  };
  return { ...s, directory, conversations };
}

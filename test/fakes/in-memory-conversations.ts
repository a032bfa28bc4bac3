import type { PersonId } from '../../workflow/people.js';
import type { Conversation, Conversations } from '../../workflow/ports.js';
import { copy, pause } from './support.js';

/** The `Conversations` port in memory: one conversation per person and tenant; saving again replaces it. */
export class InMemoryConversations implements Conversations {
  private readonly byPerson = new Map<string, Conversation>();

  async get(tenantId: string, personId: PersonId): Promise<Conversation | undefined> {
    await pause();
    const found = this.byPerson.get(`${tenantId}/${personId}`);
    return found ? copy(found) : undefined;
  }

  async save(conversation: Conversation): Promise<boolean> {
    await pause();
    const key = `${conversation.tenantId}/${conversation.personId}`;
    const isNew = !this.byPerson.has(key);
    this.byPerson.set(key, copy(conversation));
    return isNew;
  }

  // ---- test helpers ----

  /** Stores conversations directly. */
  seed(...conversations: Conversation[]): this {
    for (const c of conversations) this.byPerson.set(`${c.tenantId}/${c.personId}`, copy(c));
    return this;
  }

  /** Forgets a person's conversation (as if it had never been installed). */
  forget(tenantId: string, personId: PersonId): void {
    this.byPerson.delete(`${tenantId}/${personId}`);
  }

  get size(): number {
    return this.byPerson.size;
  }
}

import { releaseHeld } from '../outbox.js';
import type { Person } from '../people.js';
import { outboxStoresOf, type Audits, type Conversation, type Conversations, type Digests, type Directory, type FanOuts } from '../ports.js';

export interface RegisterInstallationResult {
  /** True the first time: only then is a welcome sent. */
  readonly isNew: boolean;
  /** Undefined when the person is not in the directory (yet). */
  readonly person?: Person;
  /** Held messages (cards) released for delivery now that the person can be reached. */
  readonly released: number;
}

/**
 * Remembers where a person's chat with the bot is. Teams sends installationUpdate and conversationUpdate,
 * sometimes both and sometimes repeatedly; storing is idempotent and cards held for the person are released.
 */
export function registerInstallation(deps: { conversations: Conversations; directory: Directory; audits: Audits; digests?: Digests; fanOuts?: FanOuts }) {
  return {
    async execute(conversation: Conversation): Promise<RegisterInstallationResult> {
      const isNew = await deps.conversations.save(conversation);
      const person = await deps.directory.get(conversation.tenantId, conversation.personId);
      let released = 0;
      // Audits, and the small documents that hold digests and fan-out progress: every outbox the sender drains.
      for (const store of outboxStoresOf(deps)) {
        for (const holder of await store.withHeldMessagesFor(conversation.tenantId, conversation.personId)) {
          // Counted inside the change (which re-runs on a conflict), so it counts what the winning write released.
          let held = 0;
          await store.update(holder.tenantId, holder.id, (current) => {
            held = current.outbox.filter((m) => m.state === 'held' && m.to === conversation.personId).length;
            return held > 0 ? releaseHeld(current, conversation.personId) : current;
          });
          released += held;
        }
      }
      return { isNew, ...(person ? { person } : {}), released };
    },
  };
}

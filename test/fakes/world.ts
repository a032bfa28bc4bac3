import type { Person } from '../../workflow/people.js';
import type { PolicyProfile } from '../../workflow/policy/profile.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { castList, TENANT } from './cast.js';
import { aConversation } from './conversation-builder.js';
import { FakeCalendar } from './fake-calendar.js';
import { FakeClock } from './fake-clock.js';
import { FixedDirectory } from './fixed-directory.js';
import { InMemoryAudits } from './in-memory-audits.js';
import { InMemoryConversations } from './in-memory-conversations.js';
import { InMemoryCycles } from './in-memory-cycles.js';
import { InMemoryDigests } from './in-memory-digests.js';
import { InMemoryFanOuts } from './in-memory-fan-outs.js';
import { RecordingMessenger } from './recording-messenger.js';
import { SequentialIds } from './sequential-ids.js';

export interface WorldOptions {
  readonly tenantId?: string;
  readonly people?: readonly Person[];
  /** A shipped profile id or a profile; West Sussex by default. */
  readonly profile?: string | PolicyProfile;
  readonly now?: string;
}

/**
 * Every port faked, wired together: pass the world itself as a use case's `deps`.
 * `const w = aWorld(); await acceptAllocation(w).execute(...)`.
 */
export function aWorld(options: WorldOptions = {}) {
  const tenantId = options.tenantId ?? TENANT;
  const people = options.people ?? castList;
  const profile = typeof options.profile === 'object' ? options.profile : loadProfile(options.profile ?? 'west-sussex');
  const conversations = new InMemoryConversations();
  const ids = new SequentialIds();
  return {
    tenantId,
    people,
    profile,
    clock: new FakeClock(options.now),
    ids,
    audits: new InMemoryAudits(),
    digests: new InMemoryDigests(),
    fanOuts: new InMemoryFanOuts(),
    /** Cycle seeds come from their own ids (`seed-1`, …) so they never disturb the world's `ids`. */
    cycles: new InMemoryCycles(new SequentialIds('seed')),
    conversations,
    directory: new FixedDirectory(people),
    calendar: new FakeCalendar(),
    messenger: new RecordingMessenger(),
    /** Gives each person a chat with the bot (without releasing anything: see registerInstallation). */
    installFor(...persons: readonly Person[]) {
      conversations.seed(...persons.map((p) => aConversation(p.id, tenantId)));
    },
  };
}

export type World = ReturnType<typeof aWorld>;

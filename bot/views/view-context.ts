import type { Person, PersonId } from '../../workflow/people.js';
import type { PolicyProfile } from '../../workflow/policy/profile.js';
import type { CardSigner } from '../card-signing.js';
import type { Services } from '../services.js';
import { displayName } from './people-names.js';

/**
 * What every card view needs besides its subject, read once per card: who is looking (their time zone and chat
 * user id for `refresh.userIds`), everyone's names and roles, the clock, the profile, and the signer for the
 * card's references. A view is a pure function of this and its subject (an audit, a fan-out …); only
 * `readViewContext` and the few list readers next to their views do I/O.
 */
export interface ViewContext {
  readonly viewerId: PersonId;
  readonly viewer: Person | undefined;
  /** The viewer's user id in Teams, for user-specific card views; absent before they have a chat with the bot. */
  readonly channelUserId?: string;
  /** Everyone in the directory, by id. */
  readonly people: ReadonlyMap<PersonId, Person>;
  readonly now: Date;
  readonly profile: PolicyProfile;
  readonly signer: CardSigner;
}

export async function readViewContext(s: Services, viewerId: PersonId): Promise<ViewContext> {
  const [everyone, conversation] = await Promise.all([s.directory.all(s.tenantId), s.conversations.get(s.tenantId, viewerId)]);
  const people = new Map(everyone.map((p) => [p.id, p]));
  return {
    viewerId,
    viewer: people.get(viewerId),
    ...(conversation ? { channelUserId: conversation.channelUserId } : {}),
    people,
    now: s.clock.now(),
    profile: s.profile,
    signer: s.signer,
  };
}

/** A person's name as cards show it ("a former colleague" for someone no longer in the directory). */
export const nameIn = (v: ViewContext, id: PersonId | undefined): string => displayName(id ? v.people.get(id) : undefined);

/** The viewer's time zone, for dates and times on their card. */
export const zoneOf = (v: ViewContext): string | undefined => v.viewer?.timeZone;

/** `refresh.userIds`: the viewer only, so Teams refreshes the card with their view and nobody else's. */
export const refreshUserIdsOf = (v: ViewContext): string[] => (v.channelUserId ? [v.channelUserId] : []);

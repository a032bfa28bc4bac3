import { SYSTEM_ACTOR, type Person, type PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';

/** Looks people up for display; someone no longer in the directory shows as "a former colleague". */
export async function namesOf(s: Services, ids: readonly PersonId[]): Promise<Map<PersonId, Person | undefined>> {
  const unique = [...new Set(ids)];
  const people = await Promise.all(unique.map((id) => s.directory.get(s.tenantId, id)));
  return new Map(unique.map((id, i) => [id, people[i]]));
}

export const displayName = (person: Person | undefined): string => person?.name ?? 'a former colleague';

/** A history entry's author: a person, or the bot itself for what it does on a timer. */
export const actorName = (id: PersonId, person: Person | undefined): string => (id === SYSTEM_ACTOR ? 'QA Audits (automatic)' : displayName(person));

/** The viewer's own chat user id, for user-specific card views (refresh.userIds). */
export async function refreshUserIds(s: Services, personId: PersonId): Promise<string[]> {
  const conversation = await s.conversations.get(s.tenantId, personId);
  return conversation ? [conversation.channelUserId] : [];
}

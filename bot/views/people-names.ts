import { SYSTEM_ACTOR, type Person, type PersonId } from '../../workflow/people.js';

/** Someone no longer in the directory shows as "a former colleague". */
export const displayName = (person: Person | undefined): string => person?.name ?? 'a former colleague';

/** A history entry's author: a person, or the bot itself for what it does on a timer. */
export const actorName = (id: PersonId, person: Person | undefined): string => (id === SYSTEM_ACTOR ? 'QA Audits (automatic)' : displayName(person));

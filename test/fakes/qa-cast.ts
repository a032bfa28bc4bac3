import type { Person } from '../../workflow/people.js';
import { cast, castList } from './cast.js';
import { aPerson } from './person-builder.js';

/**
 * The QA side of the cast, for moderation and disputes. Kept out of `castList` so the allocation tests'
 * directory is unchanged. Remember `cast.coordinator` (Quinn Adebayo) is a moderator too.
 */
export const qaCast = {
  /** A link reviewer: moderates for the demo cast's service manager (Sam Osei). */
  linkReviewer: aPerson().named('Chris Evans').withRoles('moderator', 'reviewer').moderatesFor(cast.serviceManager.id).inTeam('Quality Assurance').build(),
  moderator: aPerson().named('Lee Grant').withRoles('moderator').inTeam('Quality Assurance').build(),
  secondModerator: aPerson().named('Mo Clarke').withRoles('moderator').inTeam('Quality Assurance').build(),
  qaHeadOfService: aPerson().named('Dana Fox').withRoles('qaHeadOfService').inTeam('Quality Assurance').build(),
  headOfService: aPerson().named('Hollis Ward').withRoles('headOfService').inTeam("Children's Social Care").build(),
  /** Someone in the directory with no role on any audit. */
  stranger: aPerson().named('Sol Turner').withRoles('practitioner').inTeam('Children in Care North').build(),
} as const satisfies Record<string, Person>;

export const fullCastList: readonly Person[] = [...castList, ...Object.values(qaCast)];

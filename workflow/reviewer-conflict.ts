import type { Person, PersonId } from './people.js';
import type { PolicyProfile } from './policy/profile.js';

/** Who works on a case, as far as a reviewer's independence goes. */
export interface CaseLine {
  readonly practitionerId: PersonId;
  readonly teamManagerId: PersonId;
}

/**
 * Why `reviewer` may not audit this case, or undefined when they may. Nobody ever audits their own work (the
 * practitioner); whether a manager may audit inside their own line (the case's team manager, or the practitioner's
 * line manager) is the profile's `reviewers.mayReviewOwnLine` (BCP: "both inside as well as outside").
 */
export function reviewerConflict(
  reviewer: Person,
  line: CaseLine,
  profile: PolicyProfile,
  people: readonly Person[],
): 'ownWork' | 'ownLine' | undefined {
  if (reviewer.id === line.practitionerId) return 'ownWork';
  if (profile.reviewers.mayReviewOwnLine) return undefined;
  const practitioner = people.find((p) => p.id === line.practitionerId);
  return reviewer.id === line.teamManagerId || reviewer.id === practitioner?.lineManagerId ? 'ownLine' : undefined;
}

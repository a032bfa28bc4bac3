import type { Audit } from './audit.js';
import { hasRole, type Person } from './people.js';
import type { PolicyProfile } from './policy/profile.js';

export interface ReviewerCandidate {
  readonly person: Person;
  /** Audits this reviewer already has open in the same cycle: the coordinator balances load with it. */
  readonly openInCycle: number;
}

const OPEN = new Set(['allocated', 'accepted', 'meetingBooked', 'inReview']);

/** Why a person cannot review this audit, or undefined when they can. */
export function whyNotReviewer(person: Person, audit: Audit, profile: PolicyProfile): string | undefined {
  if (!hasRole(person, 'reviewer')) return `${person.name} is not a reviewer.`;
  if (person.id === audit.reviewerId) return `${person.name} has just declined this case.`;
  if (!profile.reviewers.mayReviewOwnCases && (person.id === audit.practitionerId || person.id === audit.teamManagerId)) {
    return `${person.name} cannot review a case they work on or manage.`;
  }
  return undefined;
}

/** Reviewers who may take this audit, least loaded first, then by name. */
export function reviewerCandidates(
  audit: Audit,
  people: readonly Person[],
  profile: PolicyProfile,
  cycleAudits: readonly Audit[],
): ReviewerCandidate[] {
  return people
    .filter((p) => whyNotReviewer(p, audit, profile) === undefined)
    .map((person) => ({
      person,
      openInCycle: cycleAudits.filter((a) => a.reviewerId === person.id && OPEN.has(a.status)).length,
    }))
    .sort((a, b) => a.openInCycle - b.openInCycle || a.person.name.localeCompare(b.person.name));
}

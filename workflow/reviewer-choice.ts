import type { Audit } from './audit.js';
import { hasRole, type Person } from './people.js';
import type { PolicyProfile } from './policy/profile.js';
import { reviewerConflict } from './reviewer-conflict.js';

export interface ReviewerCandidate {
  readonly person: Person;
  /** Audits this reviewer already has open in the same cycle: the coordinator balances load with it. */
  readonly openInCycle: number;
}

const OPEN = new Set(['allocated', 'accepted', 'meetingBooked', 'inReview']);

/** Why a person cannot review this audit, or undefined when they can. */
export function whyNotReviewer(person: Person, audit: Audit, profile: PolicyProfile, people: readonly Person[]): string | undefined {
  if (!hasRole(person, 'reviewer')) return `${person.name} is not a reviewer.`;
  if (person.id === audit.reviewerId) return `${person.name} has just declined this case.`;
  const conflict = reviewerConflict(person, audit, profile, people);
  if (conflict === 'ownWork') return `${person.name} cannot review a case they work on.`;
  if (conflict === 'ownLine') return `${person.name} cannot review a case they manage.`;
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
    .filter((p) => whyNotReviewer(p, audit, profile, people) === undefined)
    .map((person) => ({
      person,
      openInCycle: cycleAudits.filter((a) => a.reviewerId === person.id && OPEN.has(a.status)).length,
    }))
    .sort((a, b) => a.openInCycle - b.openInCycle || a.person.name.localeCompare(b.person.name));
}

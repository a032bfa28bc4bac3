import type { AuditAction } from '../actions.js';
import type { Audit } from '../audit.js';
import type { Person, PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import { statusOf } from './action-lifecycle.js';

/**
 * BCP's link reviewers "enable purposeful and impactful tracking of PLR actions to ensure all remedial actions are
 * undertaken": under a profile that says so, each moderator linked to a case's service manager (`moderatesFor`)
 * follows the open actions of that service in their daily digest. Sign-off stays with the action's manager.
 */
export function linkReviewersTrack(profile: PolicyProfile): boolean {
  return profile.chasing?.linkReviewersTrack === true;
}

/** The link reviewers of the audit's service: moderators whose `moderatesFor` names its service manager. */
export function linkReviewersOf(audit: Pick<Audit, 'serviceManagerId'>, people: readonly Person[]): PersonId[] {
  return people.filter((p) => p.moderatesFor?.includes(audit.serviceManagerId)).map((p) => p.id);
}

/** Whether the link reviewer follows this action of their service: while it is open (done ones are the manager's to sign off). */
export function linkReviewerFollows(audit: Pick<Audit, 'serviceManagerId'>, action: AuditAction, linkReviewer: Pick<Person, 'moderatesFor'>): boolean {
  return statusOf(action) === 'open' && (linkReviewer.moderatesFor?.includes(audit.serviceManagerId) ?? false);
}

import type { Audit } from '../audit.js';
import { hasRole, type Person, type PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';

export interface ModeratorChoice {
  readonly moderatorId: PersonId;
  readonly pool: 'link-reviewer' | 'qa-pool';
  /** Recorded in the history: "link reviewer for Sam Osei", "QA pool: least loaded (1 open moderation)". */
  readonly reason: string;
}

export interface ModeratorCandidate {
  readonly person: Person;
  /** Moderations this person has open (awaiting moderation) in the audit's cycle. */
  readonly openInCycle: number;
}

/** Why a person cannot moderate this audit, or undefined when they can. */
export function whyNotModerator(person: Person, audit: Pick<Audit, 'reviewerId' | 'practitionerId' | 'teamManagerId'>): string | undefined {
  if (!hasRole(person, 'moderator')) return `${person.name} is not a moderator.`;
  if (person.id === audit.reviewerId) return `${person.name} reviewed this audit.`;
  if (person.id === audit.practitionerId || person.id === audit.teamManagerId) return `${person.name} works on or manages this case.`;
  return undefined;
}

/** Moderators who may take this audit, least loaded in the cycle first, then by name. */
export function moderatorCandidates(
  audit: Pick<Audit, 'id' | 'cycle' | 'reviewerId' | 'practitionerId' | 'teamManagerId'>,
  people: readonly Person[],
  cycleAudits: readonly Audit[],
): ModeratorCandidate[] {
  return people
    .filter((p) => whyNotModerator(p, audit) === undefined)
    .map((person) => ({
      person,
      openInCycle: cycleAudits.filter(
        (a) => a.id !== audit.id && a.cycle === audit.cycle && a.moderatorId === person.id && a.status === 'awaitingModeration',
      ).length,
    }))
    .sort((a, b) => a.openInCycle - b.openInCycle || a.person.name.localeCompare(b.person.name) || a.person.id.localeCompare(b.person.id));
}

const open = (n: number) => `${n} open moderation${n === 1 ? '' : 's'}`;

/**
 * Chooses the moderator from the profile's pool. `link-reviewer`: a moderator whose `moderatesFor` names
 * the case's service manager (the least loaded, if several), else the QA pool. `qa-pool`: the least loaded
 * moderator in the cycle, ties by name. Never the reviewer, the practitioner or the team manager.
 * Undefined when nobody may moderate it.
 */
export function assignModerator(
  audit: Pick<Audit, 'id' | 'cycle' | 'reviewerId' | 'practitionerId' | 'teamManagerId' | 'serviceManagerId'>,
  profile: PolicyProfile,
  people: readonly Person[],
  cycleAudits: readonly Audit[],
): ModeratorChoice | undefined {
  const candidates = moderatorCandidates(audit, people, cycleAudits);
  if (profile.moderation.pool === 'link-reviewer') {
    const linked = candidates.find((c) => c.person.moderatesFor?.includes(audit.serviceManagerId));
    if (linked) {
      const sm = people.find((p) => p.id === audit.serviceManagerId)?.name ?? audit.serviceManagerId;
      return { moderatorId: linked.person.id, pool: 'link-reviewer', reason: `link reviewer for ${sm}` };
    }
  }
  const first = candidates[0];
  if (!first) return undefined;
  const fallback = profile.moderation.pool === 'link-reviewer' ? 'no link reviewer for the service manager, so ' : '';
  return { moderatorId: first.person.id, pool: 'qa-pool', reason: `${fallback}QA pool: least loaded (${open(first.openInCycle)})` };
}

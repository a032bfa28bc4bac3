import type { Audit } from '../audit.js';
import { hasRole, upTheLine, type Person, type PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';

export interface ModeratorChoice {
  readonly moderatorId: PersonId;
  /** Under a panel profile: the other panel members, least loaded first (the moderator chairs). */
  readonly panel?: readonly PersonId[];
  readonly pool: PolicyProfile['moderation']['pool'];
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
  return conflictOf(person, audit);
}

/** Nobody moderates their own review, nor a case they work on or manage as its team manager. */
function conflictOf(person: Person, audit: Pick<Audit, 'reviewerId' | 'practitionerId' | 'teamManagerId'>): string | undefined {
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
  if (profile.moderation.pool === 'service-line') return serviceLineModerator(audit, people);
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
  const choice: ModeratorChoice = { moderatorId: first.person.id, pool: 'qa-pool', reason: `${fallback}QA pool: least loaded (${open(first.openInCycle)})` };
  return profile.moderation.panel ? withPanel(choice, candidates, profile.moderation.panel.members) : choice;
}

/**
 * Telford & Wrekin's panel: the least loaded moderator chairs; the next least loaded who may moderate this
 * audit join, up to the panel's size. A smaller pool gives a smaller panel (said in the reason), never none.
 */
function withPanel(choice: ModeratorChoice, candidates: readonly ModeratorCandidate[], members: number): ModeratorChoice {
  const panel = candidates.filter((c) => c.person.id !== choice.moderatorId).slice(0, members - 1).map((c) => c.person.id);
  const short = panel.length + 1 < members ? `, only ${panel.length + 1} of ${members} panel members available` : '';
  return { ...choice, panel, reason: `${choice.reason}; chairs a panel of ${panel.length + 1}${short}` };
}

/**
 * Sandwell: "Service Managers, Heads of Service and Registered Manager (Fostering Service) are Moderators … within
 * their respective services". The case's service manager (a fostering case's may be its Registered Manager)
 * moderates; when they cannot (they reviewed it, say), the head of service above them. Undefined when neither
 * can, and QA is told: never someone from another service.
 */
function serviceLineModerator(audit: Pick<Audit, 'reviewerId' | 'practitionerId' | 'teamManagerId' | 'serviceManagerId'>, people: readonly Person[]): ModeratorChoice | undefined {
  const byId = new Map(people.map((p) => [p.id, p]));
  const manager = byId.get(audit.serviceManagerId);
  const line: { person: Person; as: string }[] = [];
  if (manager) line.push({ person: manager, as: hasRole(manager, 'registeredManager') ? 'Registered Manager (fostering) of the service' : 'service manager of the service' });
  const headId = upTheLine(audit.serviceManagerId, 'headOfService', people);
  const head = headId ? byId.get(headId) : undefined;
  if (head) line.push({ person: head, as: 'head of service above the service manager' });
  const chosen = line.find((c) => conflictOf(c.person, audit) === undefined);
  return chosen ? { moderatorId: chosen.person.id, pool: 'service-line', reason: `${chosen.as}` } : undefined;
}

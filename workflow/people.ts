/** People and the roles they hold. Roles overlap: a team manager is often a reviewer for other teams. */
export const ROLES = [
  'reviewer',
  'practitioner',
  'teamManager',
  'serviceManager',
  'headOfService',
  /** Registered Manager of a fostering service: moderates that service's reviews where the profile says so (Sandwell). */
  'registeredManager',
  'moderator',
  'qaCoordinator',
  'qaHeadOfService',
  'assistantDirector',
  'executiveDirector',
  /** Conference & Reviewing Officer (CRO/IRO): invited, as optional, to meetings about children in care or on a CP plan. */
  'conferenceReviewingOfficer',
  /** Social Work Academy (its Advanced Practitioners): follows up audits of the grades the profile names (Sandwell, ST-28). */
  'swAcademy',
] as const;
export type Role = (typeof ROLES)[number];

export type PersonId = string;

export interface Person {
  /** The Entra ID (AAD) object id: the same id Teams sends as `from.aadObjectId`. */
  readonly id: PersonId;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly lineManagerId?: PersonId;
  readonly team?: string;
  /**
   * For a moderator: the service managers they are the link reviewer for (BCP's link Practice Learning
   * Reviewers). Profiles whose moderation pool is `link-reviewer` give such a manager's audits to them first.
   */
  readonly moderatesFor?: readonly PersonId[];
  /** IANA zone, e.g. Europe/London. */
  readonly timeZone: string;
}

export function hasRole(person: Person, role: Role): boolean {
  return person.roles.includes(role);
}

/** The first person up `from`'s line-management chain who holds `role` (at most ten steps: a loop is not a chain). */
export function upTheLine(from: PersonId, role: Role, people: readonly Person[]): PersonId | undefined {
  const byId = new Map(people.map((p) => [p.id, p]));
  let at = byId.get(from);
  for (let step = 0; at?.lineManagerId && step < 10; step += 1) {
    at = byId.get(at.lineManagerId);
    if (at && hasRole(at, role)) return at.id;
  }
  return undefined;
}

export const ROLE_LABELS: Record<Role, string> = {
  reviewer: 'Reviewer',
  practitioner: 'Practitioner',
  teamManager: 'Team manager',
  serviceManager: 'Service manager',
  headOfService: 'Head of service',
  registeredManager: 'Registered Manager (fostering)',
  moderator: 'Moderator',
  qaCoordinator: 'QA coordinator',
  qaHeadOfService: 'QA head of service',
  assistantDirector: 'Assistant director',
  executiveDirector: 'Executive director',
  conferenceReviewingOfficer: 'Conference & Reviewing Officer',
  swAcademy: 'SW Academy',
};

/** Who the audit trail names for what the bot does by itself (a notice sent, a re-audit scheduled, an escalation). */
export const SYSTEM_ACTOR: PersonId = 'qa-audits-bot';

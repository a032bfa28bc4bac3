/** People and the roles they hold. Roles overlap: a team manager is often a reviewer for other teams. */
export const ROLES = [
  'reviewer',
  'practitioner',
  'teamManager',
  'serviceManager',
  'headOfService',
  'moderator',
  'qaCoordinator',
  'qaHeadOfService',
  'assistantDirector',
  'executiveDirector',
  /** Conference & Reviewing Officer (CRO/IRO): invited, as optional, to meetings about children in care or on a CP plan. */
  'conferenceReviewingOfficer',
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

export const ROLE_LABELS: Record<Role, string> = {
  reviewer: 'Reviewer',
  practitioner: 'Practitioner',
  teamManager: 'Team manager',
  serviceManager: 'Service manager',
  headOfService: 'Head of service',
  moderator: 'Moderator',
  qaCoordinator: 'QA coordinator',
  qaHeadOfService: 'QA head of service',
  assistantDirector: 'Assistant director',
  executiveDirector: 'Executive director',
  conferenceReviewingOfficer: 'Conference & Reviewing Officer',
};

/** Who the audit trail names for what the bot does by itself (a notice sent, a re-audit scheduled, an escalation). */
export const SYSTEM_ACTOR: PersonId = 'qa-audits-bot';

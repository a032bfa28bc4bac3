import type { Person, PersonId, Role } from '../../workflow/people.js';

/** `aPerson().named('Rhea Okafor').withRoles('reviewer').managedBy(tm.id).build()` */
export function aPerson(): PersonBuilder {
  return new PersonBuilder();
}

export class PersonBuilder {
  private name = 'Alex Example';
  private id?: PersonId;
  private email?: string;
  private roles: Role[] = [];
  private lineManagerId?: PersonId;
  private team?: string;
  private moderates: PersonId[] = [];
  private timeZone = 'Europe/London';

  /** Also derives the id (`p-rhea-okafor`) and e-mail (`rhea.okafor@example.gov.uk`) unless they are set. */
  named(name: string): this {
    this.name = name;
    return this;
  }

  withId(id: PersonId): this {
    this.id = id;
    return this;
  }

  withEmail(email: string): this {
    this.email = email;
    return this;
  }

  withRoles(...roles: Role[]): this {
    this.roles = roles;
    return this;
  }

  managedBy(lineManagerId: PersonId): this {
    this.lineManagerId = lineManagerId;
    return this;
  }

  inTeam(team: string): this {
    this.team = team;
    return this;
  }

  /** A moderator who is the link reviewer for these service managers. */
  moderatesFor(...serviceManagerIds: PersonId[]): this {
    this.moderates = serviceManagerIds;
    return this;
  }

  inTimeZone(timeZone: string): this {
    this.timeZone = timeZone;
    return this;
  }

  build(): Person {
    const slug = this.name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return {
      id: this.id ?? `p-${slug}`,
      name: this.name,
      email: this.email ?? `${slug.replace(/-/g, '.')}@example.gov.uk`,
      roles: [...this.roles],
      ...(this.lineManagerId ? { lineManagerId: this.lineManagerId } : {}),
      ...(this.team ? { team: this.team } : {}),
      ...(this.moderates.length > 0 ? { moderatesFor: [...this.moderates] } : {}),
      timeZone: this.timeZone,
    };
  }
}

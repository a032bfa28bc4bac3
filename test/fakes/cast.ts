import type { Person } from '../../workflow/people.js';
import { aPerson } from './person-builder.js';

/** The tenant the demo cast lives in. */
export const TENANT = 'tenant-demo';

const serviceManager = aPerson()
  .named('Sam Osei')
  .withRoles('serviceManager', 'reviewer')
  .inTeam('Safeguarding Service')
  .build();

const teamManager = aPerson()
  .named('Tom Fletcher')
  .withRoles('teamManager', 'reviewer')
  .managedBy(serviceManager.id)
  .inTeam('Assessment Team A')
  .build();

/**
 * A small cast for workflow and bot tests. Roles overlap as they do in practice: the team manager and the
 * service manager are reviewers for other teams' cases. `colleague` is a second practitioner with no reviewer role.
 */
export const cast = {
  coordinator: aPerson().named('Quinn Adebayo').withRoles('qaCoordinator', 'moderator').inTeam('Quality Assurance').build(),
  reviewer: aPerson().named('Rhea Okafor').withRoles('reviewer').inTeam('Practice Development').build(),
  secondReviewer: aPerson().named('Raj Malhotra').withRoles('reviewer', 'teamManager').inTeam('Assessment Team B').build(),
  practitioner: aPerson().named('Priya Shah').withRoles('practitioner').managedBy(teamManager.id).inTeam('Assessment Team A').build(),
  colleague: aPerson().named('Noah Byrne').withRoles('practitioner').managedBy(teamManager.id).inTeam('Assessment Team A').build(),
  teamManager,
  serviceManager,
} as const satisfies Record<string, Person>;

export const castList: readonly Person[] = Object.values(cast);

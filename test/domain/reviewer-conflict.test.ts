import { describe, expect, it } from 'vitest';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import { reviewerConflict } from '../../workflow/reviewer-conflict.js';
import { aPerson, cast, castList } from '../fakes/index.js';

const { reviewer, practitioner, teamManager, secondReviewer } = cast;
/** The practitioner's line manager when it is not the case's recorded team manager (a senior practitioner, say). */
const seniorPractitioner = aPerson().named('Sol Brennan').withRoles('reviewer').build();
const managedBySenior = aPerson().named('Mo Ade').withRoles('practitioner').managedBy(seniorPractitioner.id).build();
const people = [...castList, seniorPractitioner, managedBySenior];

const line = { practitionerId: practitioner.id, teamManagerId: teamManager.id };

describe('who may review a case, per profile (BC-03)', () => {
  const expected: Record<string, 'ownLine' | undefined> = {
    'west-sussex': 'ownLine',
    'sandwell-trust': 'ownLine',
    'telford-wrekin': 'ownLine',
    scsp: 'ownLine',
    bcp: undefined, // "Managers will complete PLRs both inside as well as outside their direct line management"
  };

  it.each(SHIPPED_PROFILE_IDS)('%s: the case’s team manager', (id) => {
    expect(reviewerConflict(teamManager, line, loadProfile(id), people)).toBe(expected[id]);
  });

  it.each(SHIPPED_PROFILE_IDS)('%s: the practitioner’s line manager, when it is not the team manager on the case', (id) => {
    const other = { practitionerId: managedBySenior.id, teamManagerId: teamManager.id };
    expect(reviewerConflict(seniorPractitioner, other, loadProfile(id), people)).toBe(expected[id]);
  });

  it.each(SHIPPED_PROFILE_IDS)('%s: nobody reviews their own work', (id) => {
    expect(reviewerConflict(practitioner, line, loadProfile(id), people)).toBe('ownWork');
  });

  it.each(SHIPPED_PROFILE_IDS)('%s: a reviewer outside the line has no conflict', (id) => {
    expect(reviewerConflict(reviewer, line, loadProfile(id), people)).toBeUndefined();
    expect(reviewerConflict(secondReviewer, line, loadProfile(id), people)).toBeUndefined();
  });
});

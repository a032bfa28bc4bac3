import { describe, expect, it } from 'vitest';
import { managerQuotaNotes } from '../../workflow/manager-quota.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../workflow/policy/profiles.js';
import { anAudit, aPerson } from '../fakes/index.js';

const bcp = loadProfile('bcp');
const ana = aPerson().named('Ana Webb').withRoles('teamManager', 'reviewer').build();
const ben = aPerson().named('Ben Cole').withRoles('serviceManager', 'reviewer').build();
const cal = aPerson().named('Cal Dunn').withRoles('teamManager', 'reviewer').build();
/** Reviews but manages nobody: not counted. */
const dee = aPerson().named('Dee Ford').withRoles('reviewer').build();
/** Manages but is not a reviewer in the directory: not counted. */
const eve = aPerson().named('Eve Hale').withRoles('teamManager').build();
const people = [ana, ben, cal, dee, eve];
const reviewBy = (reviewerId: string, caseRef: string, status: Parameters<ReturnType<typeof anAudit>['withStatus']>[0] = 'allocated') =>
  anAudit().forCase(caseRef).allocatedTo(reviewerId).withStatus(status).build();

describe('one review per manager per month (BCP)', () => {
  it('is BCP’s rule, from its seed, and no other profile’s', () => {
    for (const id of SHIPPED_PROFILE_IDS) expect(loadProfile(id).reviewers.perManagerPerCycle, id).toBe(id === 'bcp' ? 1 : undefined);
    expect(bcp.defaulted).not.toContain('reviewers.perManagerPerCycle');
  });

  it('says who has more than one, and who has none yet', () => {
    const audits = [reviewBy(ana.id, 'CR-1'), reviewBy(ana.id, 'CR-2'), reviewBy(ben.id, 'CR-3'), reviewBy(dee.id, 'CR-4'), reviewBy(dee.id, 'CR-5')];
    expect(managerQuotaNotes(audits, people, bcp)).toEqual([
      'More than 1 review per manager this cycle: Ana Webb (2).',
      'No review yet this cycle (1 review per manager this cycle expected): Cal Dunn.',
    ]);
  });

  it('a declined or withdrawn allocation does not count; all on quota says nothing', () => {
    const audits = [reviewBy(ana.id, 'CR-1'), reviewBy(ana.id, 'CR-2', 'declined'), reviewBy(ben.id, 'CR-3'), reviewBy(cal.id, 'CR-4'), reviewBy(cal.id, 'CR-5', 'withdrawn')];
    expect(managerQuotaNotes(audits, people, bcp)).toEqual([]);
  });

  it('a long list is cut at ten names', () => {
    const many = Array.from({ length: 14 }, (_, i) => aPerson().named(`Manager ${String(i).padStart(2, '0')}`).withRoles('teamManager', 'reviewer').build());
    expect(managerQuotaNotes([], many, bcp)).toEqual([
      `No review yet this cycle (1 review per manager this cycle expected): ${many.slice(0, 10).map((m) => m.name).join(', ')} and 4 more.`,
    ]);
  });

  it('says nothing where the profile sets no quota', () => {
    expect(managerQuotaNotes([], people, loadProfile('west-sussex'))).toEqual([]);
  });
});

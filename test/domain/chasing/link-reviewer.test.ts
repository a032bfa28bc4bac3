import { describe, expect, it } from 'vitest';
import type { AuditAction } from '../../../workflow/actions.js';
import type { Audit } from '../../../workflow/audit.js';
import { markDone } from '../../../workflow/chasing/action-lifecycle.js';
import { chaseAudit } from '../../../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../../../workflow/chasing/chase-settings.js';
import { linkReviewerFollows, linkReviewersOf } from '../../../workflow/chasing/link-reviewer.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../../workflow/policy/profiles.js';
import { anAudit, cast, fullCastList, qaCast } from '../../fakes/index.js';

const { linkReviewer } = qaCast; // moderates for Sam Osei, the cast's service manager
const ACTION: AuditAction = {
  id: 'review-r1',
  source: 'review',
  description: 'Update the child’s plan with the family',
  ownerId: cast.practitioner.id,
  dueDate: '2026-12-07',
  remedial: true,
  setBy: cast.reviewer.id,
  setAt: '2026-12-01T10:00:00.000Z',
};
const finalisedWith = (...actions: AuditAction[]): Audit => ({ ...anAudit().withStatus('finalised').build(), actions, finalisedAt: '2026-12-01T10:00:00.000Z' });
const chaseUnder = (id: string, audit: Audit, iso: string) => {
  const profile = loadProfile(id);
  return chaseAudit(audit, { now: new Date(iso), settings: chaseSettings(profile), profile, people: fullCastList });
};

describe('link reviewers track their services’ actions (BCP)', () => {
  it('is BCP’s setting only', () => {
    for (const id of SHIPPED_PROFILE_IDS) expect(loadProfile(id).chasing?.linkReviewersTrack === true, id).toBe(id === 'bcp');
  });

  it('an overdue action puts the link reviewer of its service in the day’s digests, beside its manager', () => {
    const audit = finalisedWith(ACTION);
    expect(linkReviewersOf(audit, fullCastList)).toEqual([linkReviewer.id]);
    expect(chaseUnder('bcp', audit, '2026-12-09T07:00:00.000Z').digestFor).toEqual(expect.arrayContaining([cast.teamManager.id, linkReviewer.id]));
    expect(chaseUnder('west-sussex', audit, '2026-12-09T07:00:00.000Z').digestFor).not.toContain(linkReviewer.id);
  });

  it('a done action is the manager’s to sign off: the link reviewer no longer follows it', () => {
    const done = markDone(finalisedWith(ACTION), ACTION.id, cast.practitioner.id, 'Done at the visit.', '2026-12-08T15:00:00.000Z');
    expect(chaseUnder('bcp', done, '2026-12-09T07:00:00.000Z').digestFor).toEqual([cast.teamManager.id]);
    expect(linkReviewerFollows(done, done.actions![0]!, linkReviewer)).toBe(false);
    expect(linkReviewerFollows(finalisedWith(ACTION), ACTION, linkReviewer)).toBe(true);
    expect(linkReviewerFollows(finalisedWith(ACTION), ACTION, qaCast.moderator)).toBe(false);
  });
});

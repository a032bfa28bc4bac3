import { describe, expect, it } from 'vitest';
import { auditHistory, canSeeRationale, rolesOnAudit } from '../../workflow/audit-trail.js';
import { NotPermitted } from '../../workflow/errors.js';
import { aModerationDraft, anAudit, aReviewDraft, cast, qaCast, TENANT } from '../fakes/index.js';
import { failureOf, setup, submitted, type Flow } from './flow.js';

const { reviewer, secondReviewer, practitioner, colleague, teamManager, serviceManager, coordinator } = cast;
const { linkReviewer, moderator, qaHeadOfService, headOfService, stranger } = qaCast;

/** Submitted, moderated with one change, disputed and decided: every kind of entry in the trail. */
async function throughEverything(f: Flow) {
  await f.saveAs(reviewer.id, aReviewDraft().build());
  f.clock.advance({ hours: 1 });
  const moderatorId = await submitted(f, aReviewDraft().graded('planning', 'good', 'Plan is SMART.').build());
  f.clock.advance({ days: 2 });
  await f.moderateAs(moderatorId, aModerationDraft({ planning: ['requiresImprovement', 'No contingency plan.'] }));
  f.clock.advance({ days: 1 });
  await f.disputeAs(teamManager.id, 'planning', 'Contingency is in the safety plan.');
  f.clock.advance({ days: 5 });
  await f.decideAs(qaHeadOfService.id, 'good', 'The safety plan holds the contingency.');
  return moderatorId;
}

describe('who may see rationale and history', () => {
  it('everyone with a role on the audit — and only them', async () => {
    const f = setup();
    await throughEverything(f);
    const audit = f.stored();
    for (const id of [reviewer.id, practitioner.id, teamManager.id, serviceManager.id, coordinator.id, linkReviewer.id, qaHeadOfService.id]) {
      expect(canSeeRationale(audit, id), id).toBe(true);
      expect(auditHistory(audit, id), id).toBeDefined();
    }
    for (const id of [secondReviewer.id, colleague.id, moderator.id, headOfService.id, stranger.id]) {
      expect(canSeeRationale(audit, id), id).toBe(false);
      expect(auditHistory(audit, id), id).toBeUndefined();
    }
    expect(rolesOnAudit(audit, linkReviewer.id)).toEqual(['moderator']);
    expect(rolesOnAudit(audit, qaHeadOfService.id)).toEqual(['disputeOwner']);
  });

  it('a moderator sees the audit only once assigned to it', () => {
    const before = anAudit().withStatus('submitted').build();
    expect(canSeeRationale(before, linkReviewer.id)).toBe(false);
    expect(canSeeRationale({ ...before, moderatorId: linkReviewer.id }, linkReviewer.id)).toBe(true);
  });
});

describe('the audit trail', () => {
  it('keeps who, when, what and why for every grade, change and decision, in time order', async () => {
    const f = setup();
    const moderatorId = await throughEverything(f);
    const entries = auditHistory(f.stored(), practitioner.id)!;

    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
    const find = (event: string, detail?: string) => entries.find((e) => e.event === event && (detail === undefined || e.detail === detail));
    expect(find('graded', 'Planning: Good')).toMatchObject({ by: reviewer.id, reason: 'Plan is SMART.', at: '2026-12-01T10:00:00.000Z' });
    expect(find('graded', 'Overall: Good')?.reason).toBe('The child is safer and their voice is heard.');
    expect(find('sampled for moderation')?.detail).toBe('sampled: 100% of audits are moderated');
    expect(find('moderator assigned')).toMatchObject({ detail: moderatorId, reason: 'QA pool: least loaded (0 open moderations)' });
    expect(find('grade changed')).toMatchObject({ by: moderatorId, detail: 'Planning: Good → Requires Improvement', reason: 'No contingency plan.', at: '2026-12-03T10:00:00.000Z' });
    expect(find('grade agreed', 'Assessment: Good')?.by).toBe(moderatorId);
    expect(find('grade disputed')).toMatchObject({ by: teamManager.id, reason: 'Contingency is in the safety plan.' });
    expect(find('dispute: grade changed')).toMatchObject({ by: qaHeadOfService.id, detail: 'Planning: Requires Improvement → Good', reason: 'The safety plan holds the contingency.' });
    expect(entries.filter((e) => e.event === 'finalised')).toHaveLength(2);
    expect(entries.every((e) => e.at && e.by && e.event)).toBe(true);
  });
});

describe('readAuditHistory', () => {
  it('reads the trail by case reference, whatever its case, for someone with a role', async () => {
    const f = setup();
    await throughEverything(f);
    const history = await f.history.execute({ tenantId: TENANT, caseRef: ' cr-1001 ', viewerId: teamManager.id });
    expect(history.caseRef).toBe('CR-1001');
    expect(history.audits).toHaveLength(1);
    expect(history.audits[0]).toMatchObject({ cycle: '2026-12', status: 'finalised', myRoles: ['teamManager'] });
    expect(history.audits[0]!.entries).toEqual(auditHistory(f.stored(), teamManager.id));
  });

  it('a case audited twice: each audit the viewer has a role on, newest first', async () => {
    const f = setup({
      audits: [
        anAudit().inCycle('2026-09').withStatus('finalised').build(),
        anAudit().inCycle('2026-12').accepted().allocatedTo(secondReviewer.id).build(),
      ],
    });
    const mine = await f.history.execute({ tenantId: TENANT, caseRef: 'CR-1001', viewerId: practitioner.id });
    expect(mine.audits.map((a) => a.cycle)).toEqual(['2026-12', '2026-09']);
    const reviewerOfOne = await f.history.execute({ tenantId: TENANT, caseRef: 'CR-1001', viewerId: reviewer.id });
    expect(reviewerOfOne.audits.map((a) => a.cycle)).toEqual(['2026-09']);
  });

  it('is refused — the same way — to someone with no role, and for a case with no audit', async () => {
    const f = setup();
    await throughEverything(f);
    const refused = await failureOf(f.history.execute({ tenantId: TENANT, caseRef: 'CR-1001', viewerId: stranger.id }));
    expect(refused).toBeInstanceOf(NotPermitted);
    expect(refused.message).toBe('You cannot read the history of case CR-1001: only people with a role on its audit can.');
    const unknown = await failureOf(f.history.execute({ tenantId: TENANT, caseRef: 'CR-4040', viewerId: stranger.id }));
    expect(unknown).toBeInstanceOf(NotPermitted);
    expect(unknown.message).toBe('You cannot read the history of case CR-4040: only people with a role on its audit can.');
  });

  it('reads only the tenant asked about', async () => {
    const f = setup({ audits: [anAudit().inTenant('elsewhere').build()] });
    expect(await failureOf(f.history.execute({ tenantId: TENANT, caseRef: 'CR-1001', viewerId: reviewer.id }))).toBeInstanceOf(NotPermitted);
  });

  it('reading twice gives the same answer and writes nothing', async () => {
    const f = setup();
    await throughEverything(f);
    const writes = f.audits.writes;
    const once = await f.history.execute({ tenantId: TENANT, caseRef: 'CR-1001', viewerId: coordinator.id });
    expect(await f.history.execute({ tenantId: TENANT, caseRef: 'CR-1001', viewerId: coordinator.id })).toEqual(once);
    expect(f.audits.writes).toBe(writes);
  });
});

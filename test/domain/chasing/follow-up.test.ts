import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../../graph/roster-directory.js';
import type { AuditAction } from '../../../workflow/actions.js';
import type { Audit, AuditStatus } from '../../../workflow/audit.js';
import { canSeeRationale, rolesOnAudit } from '../../../workflow/audit-trail.js';
import { markDone } from '../../../workflow/chasing/action-lifecycle.js';
import { chaseAudit, nextChaseAt } from '../../../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../../../workflow/chasing/chase-settings.js';
import type { Grade } from '../../../workflow/grades.js';
import { hasRole, type Person } from '../../../workflow/people.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../../workflow/policy/profiles.js';
import { cardChoice } from '../../../workflow/use-cases/open-audit-card.js';
import { listMyAudits } from '../../../workflow/use-cases/list-my-audits.js';
import { anAudit, aPerson, aWorld, cast, fullCastList } from '../../fakes/index.js';

/**
 * Sandwell's SW Academy follows up every Practice Review finalised as Requires Improvement or Inadequate and tracks
 * its practice recommendations (ST-28, l.172). The chase sweep sends it, once, to each person in the role; they may
 * then open the audit and follow its open actions in their digest. Nobody is skipped silently.
 */
const academy = aPerson().named('Noor Ahmed').withRoles('swAcademy').inTeam('Social Work Academy').build();
const secondAcademy = aPerson().named('Ivo Marsh').withRoles('swAcademy').inTeam('Social Work Academy').build();
const people: readonly Person[] = [...fullCastList, academy, secondAcademy];
const AT = '2026-12-09T10:00:00.000Z';

const ACTION: AuditAction = {
  id: 'review-r1',
  source: 'review',
  description: 'Update the child’s plan with the family',
  ownerId: cast.practitioner.id,
  dueDate: '2026-12-07',
  remedial: false,
  setBy: cast.reviewer.id,
  setAt: '2026-12-01T10:00:00.000Z',
};

function finalised(grade: Grade, status: AuditStatus = 'finalised', actions: AuditAction[] = [ACTION]): Audit {
  return {
    ...anAudit().coordinatedBy(cast.coordinator.id).withStatus(status).build(),
    grades: { overall: { original: grade, moderated: grade, final: grade } },
    actions,
    ...(status === 'finalised' ? { finalisedAt: '2026-12-08T15:00:00.000Z' } : {}),
  };
}

const chaseUnder = (id: string, audit: Audit, directory: readonly Person[] = people, iso = AT) => {
  const profile = loadProfile(id);
  return chaseAudit(audit, { now: new Date(iso), settings: chaseSettings(profile), profile, people: directory, quietHours: false });
};
const sent = (audit: Audit) => audit.outbox.filter((m) => m.kind === 'follow-up' || m.kind === 'follow-up-recipient-missing').map((m) => `${m.kind} → ${m.to}`);

describe('the follow-up setting', () => {
  it('is Sandwell’s only, for Requires Improvement and Inadequate, by the SW Academy; stated by its seed, so not defaulted', () => {
    for (const id of SHIPPED_PROFILE_IDS) expect(loadProfile(id).followUp, id).toEqual(id === 'sandwell-trust' ? { grades: ['requiresImprovement', 'inadequate'], by: 'swAcademy' } : undefined);
    expect(loadProfile('sandwell-trust').defaulted.some((d) => d.startsWith('followUp'))).toBe(false);
  });

  it('the demo roster has a SW Academy person', () => {
    const roster = parseRoster(readFileSync('demo/roster.yaml', 'utf8'), 'demo/roster.yaml');
    expect(roster.filter((p) => hasRole(p, 'swAcademy')).map((p) => p.name)).toEqual(['Noor Ahmed']);
  });
});

describe.each(SHIPPED_PROFILE_IDS)('%s: a finalised audit', (id) => {
  const follows = id === 'sandwell-trust';

  it.each<[Grade, boolean]>([
    ['requiresImprovement', follows],
    ['inadequate', follows],
    ['good', false],
    ['outstanding', false],
  ])('graded %s: followed up by the SW Academy → %s', (grade, expected) => {
    const { audit } = chaseUnder(id, finalised(grade));
    expect(sent(audit)).toEqual(expected ? [`follow-up → ${academy.id}`, `follow-up → ${secondAcademy.id}`] : []);
    expect(audit.followUp !== undefined).toBe(expected);
  });
});

describe('Sandwell: sending the follow-up', () => {
  it('records who it went to and when, in the history too; each of them may then open and read the audit', () => {
    const { audit } = chaseUnder('sandwell-trust', finalised('requiresImprovement'));
    expect(audit.followUp).toEqual({ at: AT, grade: 'requiresImprovement', by: 'swAcademy', to: [academy.id, secondAcademy.id] });
    expect(audit.outbox.filter((m) => m.kind === 'follow-up').map((m) => m.key)).toEqual([`follow-up:${audit.id}:${academy.id}`, `follow-up:${audit.id}:${secondAcademy.id}`]);
    expect(audit.history.find((h) => h.event === 'follow-up')).toEqual({ at: AT, by: 'qa-audits-bot', event: 'follow-up', detail: `Requires Improvement: sent to the SW Academy (${academy.id}, ${secondAcademy.id})` });
    expect(rolesOnAudit(audit, academy.id)).toEqual(['followUp']);
    expect(canSeeRationale(audit, academy.id)).toBe(true);
    expect(cardChoice(audit, academy.id)).toEqual({ card: 'summary' });
    // Before the follow-up they had no business with it.
    expect(canSeeRationale(finalised('requiresImprovement'), academy.id)).toBe(false);
  });

  it('is sent once: a second sweep, or a second instance, adds nothing', () => {
    const once = chaseUnder('sandwell-trust', finalised('inadequate')).audit;
    expect(chaseUnder('sandwell-trust', once, people, '2026-12-09T11:00:00.000Z').audit.outbox.filter((m) => m.kind === 'follow-up')).toHaveLength(2);
    expect(chaseUnder('sandwell-trust', finalised('inadequate')).audit.outbox.map((m) => m.key)).toEqual(once.outbox.map((m) => m.key));
  });

  it('waits until the grade is settled: not while awaiting moderation or disputed', () => {
    for (const status of ['awaitingModeration', 'disputed', 'moderated'] as const) expect(sent(chaseUnder('sandwell-trust', finalised('inadequate', status)).audit), status).toEqual([]);
  });

  it('nobody in the SW Academy role: QA is told, and the history says so', () => {
    const { audit } = chaseUnder('sandwell-trust', finalised('requiresImprovement'), fullCastList);
    expect(sent(audit)).toEqual([`follow-up-recipient-missing → ${cast.coordinator.id}`]);
    expect(audit.followUp).toMatchObject({ to: [] });
    expect(audit.history.find((h) => h.event === 'follow-up')?.detail).toBe('Requires Improvement: nobody holds the SW Academy role, QA told');
    expect(sent(chaseUnder('sandwell-trust', audit, fullCastList, '2026-12-10T10:00:00.000Z').audit)).toHaveLength(1);
  });

  it('the sweep wakes for an audit still to be followed up, and not once it is', () => {
    const settings = chaseSettings(loadProfile('sandwell-trust'));
    const noActions = finalised('requiresImprovement', 'finalised', []);
    expect(nextChaseAt(noActions, new Date(AT), settings)).toBe(AT);
    expect(nextChaseAt(chaseUnder('sandwell-trust', noActions).audit, new Date(AT), settings)).toBeUndefined();
    expect(nextChaseAt(noActions, new Date(AT), chaseSettings(loadProfile('west-sussex')))).toBeUndefined();
  });
});

describe('Sandwell: tracking the practice recommendations', () => {
  it('the SW Academy follow the open actions in their daily digest, beside the action’s manager; not a done one', () => {
    const followed = chaseUnder('sandwell-trust', finalised('requiresImprovement')).audit;
    // Wed 9 Dec: the action due Mon 7 Dec is overdue.
    expect(chaseUnder('sandwell-trust', followed, people, '2026-12-10T07:00:00.000Z').digestFor).toEqual(expect.arrayContaining([cast.teamManager.id, academy.id, secondAcademy.id]));
    const done = markDone(followed, ACTION.id, cast.practitioner.id, 'Done at the visit.', '2026-12-09T15:00:00.000Z');
    expect(chaseUnder('sandwell-trust', done, people, '2026-12-10T07:00:00.000Z').digestFor).toEqual([cast.teamManager.id]);
  });

  it('"my audits" lists the audits they follow up, with their role', async () => {
    const w = aWorld({ profile: 'sandwell-trust', people });
    const followed = chaseUnder('sandwell-trust', finalised('requiresImprovement')).audit;
    await w.audits.create(followed);
    await w.audits.create({ ...finalised('good'), id: 'a-2026-12-CR-2', caseRef: 'CR-2' });
    const mine = await listMyAudits(w).execute({ tenantId: followed.tenantId, personId: academy.id });
    expect(mine.map((m) => [m.audit.caseRef, m.myRoles])).toEqual([[followed.caseRef, ['swAcademy']]]);
  });
});

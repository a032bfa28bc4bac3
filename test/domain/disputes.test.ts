import { describe, expect, it } from 'vitest';
import { IllegalTransition, InvalidInput, NobodyInRole, NotPermitted } from '../../workflow/errors.js';
import { findDisputeOwner } from '../../workflow/disputes.js';
import { isDrawn } from '../../workflow/moderation/sampling.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { aModerationDraft, anAudit, aPerson, cast, fullCastList, qaCast, TENANT } from '../fakes/index.js';
import { CYCLE, eventsOf, failureOf, outboxOf, setup, submitted, type Flow } from './flow.js';

const { reviewer, practitioner, teamManager, serviceManager, coordinator } = cast;
const { linkReviewer, qaHeadOfService, headOfService, stranger } = qaCast;

/** Submitted, moderated (Planning lowered to Requires Improvement) and finalised. */
async function finalised(f: Flow): Promise<string> {
  const moderatorId = await submitted(f);
  await f.moderateAs(moderatorId, aModerationDraft({ planning: ['requiresImprovement', 'No contingency plan.'] }));
  return moderatorId;
}

describe('disputeGrade', () => {
  it('the team manager disputes a moderated grade: the QA head of service gets the decision card', async () => {
    const f = setup();
    await finalised(f);
    f.clock.advance({ days: 1 });

    const { audit, alreadyDone } = await f.disputeAs(teamManager.id, 'planning', '  The plan was updated before the audit. ');

    expect(alreadyDone).toBe(false);
    expect(audit.status).toBe('disputed');
    expect(audit.disputes).toEqual([
      {
        id: 'd1',
        scope: 'planning',
        disputedGrade: 'requiresImprovement',
        raisedBy: teamManager.id,
        raisedAt: f.clock.iso(),
        reason: 'The plan was updated before the audit.',
        ownerId: qaHeadOfService.id,
        ownerRole: 'qaHeadOfService',
      },
    ]);
    expect(outboxOf(audit).at(-1)).toBe(`dispute → ${qaHeadOfService.id}`);
    expect(audit.history.at(-1)).toEqual({
      at: f.clock.iso(),
      by: teamManager.id,
      event: 'grade disputed',
      detail: `Planning: Requires Improvement; to be decided by ${qaHeadOfService.id}`,
      reason: 'The plan was updated before the audit.',
    });
  });

  it('the service manager may dispute too', async () => {
    const f = setup();
    await finalised(f);
    expect((await f.disputeAs(serviceManager.id, 'overall', 'Impact is understated.')).audit.status).toBe('disputed');
  });

  it('the same dispute twice is a no-op; a different one while it is open is refused', async () => {
    const f = setup();
    await finalised(f);
    const first = await f.disputeAs(teamManager.id, 'planning', 'Plan updated.');
    const writes = f.audits.writes;
    expect(await f.disputeAs(teamManager.id, 'planning', 'Plan updated. ')).toEqual({ audit: first.audit, alreadyDone: true });
    expect(f.audits.writes).toBe(writes);
    const error = await failureOf(f.disputeAs(serviceManager.id, 'overall', 'Another view.'));
    expect(error).toBeInstanceOf(IllegalTransition);
    expect(error.message).toBe('An audit that is disputed cannot be disputed again until the open dispute is decided.');
  });

  it.each([
    ['the practitioner', practitioner.id],
    ['the reviewer', reviewer.id],
    ['the moderator', linkReviewer.id],
    ['the QA coordinator', coordinator.id],
    ['a stranger', stranger.id],
  ])('is refused for %s', async (_who, actorId) => {
    const f = setup();
    await finalised(f);
    const before = f.stored();
    expect(await failureOf(f.disputeAs(actorId, 'planning', 'I disagree.'))).toBeInstanceOf(NotPermitted);
    expect(f.stored()).toEqual(before);
  });

  it('needs a grade of the audit and a reason', async () => {
    const f = setup();
    await finalised(f);
    const error = await failureOf(f.disputeAs(teamManager.id, 'voice', ' '));
    expect((error as InvalidInput).fields).toEqual({
      'dispute.scope': 'Choose the grade you dispute.',
      'dispute.reason': 'Say why the service disagrees with the moderated grade.',
    });
  });

  it('is refused before the audit is finalised, and for an audit that was never moderated', async () => {
    const f = setup();
    await submitted(f);
    expect(await failureOf(f.disputeAs(teamManager.id, 'planning', 'Too early.'))).toBeInstanceOf(IllegalTransition);

    const g = setup({ profile: 'bcp' });
    g.cycles.withSeed(TENANT, CYCLE, 's');
    const notDrawn = Array.from({ length: 5 }, (_, i) => i + 1).find((n) => !isDrawn(n, 0.2, 's'))!;
    for (let n = 1; n < notDrawn; n += 1) await g.cycles.nextSubmission(TENANT, CYCLE, `other-${n}`);
    await g.submitAs(reviewer.id);
    expect(g.stored().status).toBe('finalised');
    const error = await failureOf(g.disputeAs(teamManager.id, 'overall', 'No moderation happened.'));
    expect(error.message).toBe('An audit that is finalised without moderation cannot be disputed.');
  });

  it('with nobody in the dispute owner role, says so and changes nothing', async () => {
    const f = setup({ people: fullCastList.filter((p) => p.id !== qaHeadOfService.id) });
    await finalised(f);
    const before = f.stored();
    const error = await failureOf(f.disputeAs(teamManager.id, 'planning', 'Plan updated.'));
    expect(error).toBeInstanceOf(NobodyInRole);
    expect(error.message).toBe('Nobody in the directory is a QA head of service, so there is nobody to decide the dispute. Ask QA to add one; nothing was changed.');
    expect(f.stored()).toEqual(before);
  });
});

describe('findDisputeOwner', () => {
  const audit = anAudit().build();
  const aaron = aPerson().named('Aaron Able').withRoles('headOfService').build();
  const sandwell = loadProfile('sandwell-trust');

  it('Head of Service profiles prefer the service manager’s line manager', () => {
    const sm = aPerson().named('Sam Osei').withRoles('serviceManager', 'reviewer').managedBy(headOfService.id).build();
    const people = [...fullCastList.filter((p) => p.id !== sm.id), sm, aaron];
    expect(findDisputeOwner(sandwell, audit, people, teamManager.id)?.id).toBe(headOfService.id);
  });

  it('otherwise any head of service, by name; never the person disputing while anyone else holds the role', () => {
    expect(findDisputeOwner(sandwell, audit, [...fullCastList, aaron], teamManager.id)?.id).toBe(aaron.id);
    const smIsHos = { ...serviceManager, roles: [...serviceManager.roles, 'headOfService' as const] };
    const people = [...fullCastList.filter((p) => p.id !== serviceManager.id), smIsHos];
    expect(findDisputeOwner(sandwell, audit, people, serviceManager.id)?.id).toBe(headOfService.id);
  });

  it('QA Head of Service profiles choose the QA head of service', () => {
    expect(findDisputeOwner(loadProfile('west-sussex'), audit, fullCastList, teamManager.id)?.id).toBe(qaHeadOfService.id);
  });
});

describe('decideDispute', () => {
  async function disputed(f: Flow) {
    const moderatorId = await finalised(f);
    await f.disputeAs(teamManager.id, 'planning', 'Plan updated before the audit.');
    return moderatorId;
  }

  it('upheld: the moderated grade stands, recorded with its reason, sent to everyone on the audit', async () => {
    const f = setup();
    const moderatorId = await disputed(f);
    f.clock.advance({ days: 3 });
    const before = f.stored().outbox.length;

    const { audit, alreadyDone } = await f.decideAs(qaHeadOfService.id, 'uphold', 'The update was after the audit date.');

    expect(alreadyDone).toBe(false);
    expect(audit.status).toBe('finalised');
    expect(audit.grades?.planning).toEqual({ original: 'good', moderated: 'requiresImprovement', decided: 'requiresImprovement', final: 'requiresImprovement' });
    expect(audit.disputes?.[0]?.decision).toEqual({
      outcome: 'upheld',
      grade: 'requiresImprovement',
      reason: 'The update was after the audit date.',
      by: qaHeadOfService.id,
      at: f.clock.iso(),
    });
    expect(outboxOf(audit).slice(before)).toEqual(
      [reviewer.id, practitioner.id, teamManager.id, serviceManager.id, moderatorId, coordinator.id].map((id) => `dispute-decision → ${id}`),
    );
    expect(eventsOf(audit).slice(-2)).toEqual(['dispute upheld', 'finalised']);
    expect(audit.history.at(-2)).toMatchObject({ detail: 'Planning: Requires Improvement stands', reason: 'The update was after the audit date.' });
  });

  it('changed: every grade is kept — original, moderated and decided — and the decided one is final', async () => {
    const f = setup();
    await disputed(f);
    const { audit } = await f.decideAs(qaHeadOfService.id, 'good', 'Plan was SMART at the time.');
    expect(audit.grades?.planning).toEqual({ original: 'good', moderated: 'requiresImprovement', decided: 'good', final: 'good' });
    expect(audit.disputes?.[0]?.decision).toMatchObject({ outcome: 'changed', grade: 'good' });
    expect(audit.history.at(-2)).toMatchObject({ event: 'dispute: grade changed', detail: 'Planning: Requires Improvement → Good', reason: 'Plan was SMART at the time.' });
  });

  it('choosing the disputed grade itself is upholding it', async () => {
    const f = setup();
    await disputed(f);
    const { audit } = await f.decideAs(qaHeadOfService.id, 'requiresImprovement', 'Stands.');
    expect(audit.disputes?.[0]?.decision?.outcome).toBe('upheld');
  });

  it('the decision is final: that grade cannot be disputed again, another one can', async () => {
    const f = setup();
    await disputed(f);
    await f.decideAs(qaHeadOfService.id, 'uphold', 'Stands.');
    const error = await failureOf(f.disputeAs(serviceManager.id, 'planning', 'Still disagree.'));
    expect((error as InvalidInput).fields).toEqual({ 'dispute.scope': 'The decision on Planning is final: it was decided on Tue 1 Dec.' });
    const { audit } = await f.disputeAs(serviceManager.id, 'overall', 'Overall is too low.');
    expect(audit.disputes?.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(outboxOf(audit).at(-1)).toBe(`dispute → ${qaHeadOfService.id}`);
  });

  it('decided twice: the second is a no-op, even with another outcome', async () => {
    const f = setup();
    await disputed(f);
    const first = await f.decideAs(qaHeadOfService.id, 'uphold', 'Stands.');
    expect(await f.decideAs(qaHeadOfService.id, 'outstanding', 'Changed my mind.')).toEqual({ audit: first.audit, alreadyDone: true });
  });

  it('needs an outcome and a reason', async () => {
    const f = setup();
    await disputed(f);
    const error = await failureOf(f.decideAs(qaHeadOfService.id, 'adequate', ''));
    expect((error as InvalidInput).fields).toEqual({
      'ruling.outcome': 'Choose Uphold or a grade from the list.',
      'ruling.reason': 'Give the reason for the decision: it is final and goes to everyone on the audit.',
    });
    expect(f.stored().status).toBe('disputed');
  });

  it.each([
    ['the team manager who raised it', teamManager.id],
    ['the moderator', linkReviewer.id],
    ['a head of service it was not sent to', headOfService.id],
    ['a stranger', stranger.id],
  ])('is refused for %s', async (_who, actorId) => {
    const f = setup();
    await disputed(f);
    const before = f.stored();
    expect(await failureOf(f.decideAs(actorId, 'uphold', 'No.'))).toBeInstanceOf(NotPermitted);
    expect(f.stored()).toEqual(before);
  });

  it('a card for a dispute that does not exist is refused', async () => {
    const f = setup();
    await disputed(f);
    expect(await failureOf(f.decideAs(qaHeadOfService.id, 'uphold', 'x', 'd9'))).toBeInstanceOf(NotPermitted);
  });

  it('two decision clicks racing: one decision, one set of messages', async () => {
    const f = setup();
    await disputed(f);
    const results = await Promise.all([f.decideAs(qaHeadOfService.id, 'uphold', 'Stands.'), f.decideAs(qaHeadOfService.id, 'good', 'Changed.')]);
    expect(results.map((r) => r.alreadyDone).sort()).toEqual([false, true]);
    expect(outboxOf(f.stored()).filter((m) => m.startsWith('dispute-decision'))).toHaveLength(6);
  });

  it('an older dispute card, once decided, says so', async () => {
    const f = setup();
    await disputed(f);
    await f.decideAs(qaHeadOfService.id, 'uphold', 'Stands.');
    await f.disputeAs(serviceManager.id, 'overall', 'Overall is too low.');
    // d1 is decided; a different owner role holder pressing d1 again is not its owner.
    expect(await failureOf(f.decideAs(headOfService.id, 'uphold', 'x', 'd1'))).toBeInstanceOf(NotPermitted);
    expect((await f.decideAs(qaHeadOfService.id, 'uphold', 'x', 'd1')).alreadyDone).toBe(true);
  });
});

describe('a dispute decided to Inadequate', () => {
  it('starts the Inadequate pathway: the written notice goes to the practitioner, TM and SM, once', async () => {
    const f = setup();
    await finalised(f);
    await f.disputeAs(serviceManager.id, 'overall', 'Impact on the child is understated: the risk of neglect remains.');
    const { audit } = await f.decideAs(qaHeadOfService.id, 'inadequate', 'The child remains at risk.');
    expect(audit.grades?.overall?.final).toBe('inadequate');
    expect(audit.inadequate?.recipients.map((r) => r.personId)).toEqual([practitioner.id, teamManager.id, serviceManager.id]);
    expect(outboxOf(audit).filter((m) => m.startsWith('inadequate-notice'))).toHaveLength(3);
    expect((await f.decideAs(qaHeadOfService.id, 'inadequate', 'The child remains at risk.')).alreadyDone).toBe(true);
  });
});

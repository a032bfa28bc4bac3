import { describe, expect, it } from 'vitest';
import type { Audit, AuditStatus } from '../../../workflow/audit.js';
import { canSeeRationale } from '../../../workflow/audit-trail.js';
import { chaseAudit, nextChaseAt } from '../../../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../../../workflow/chasing/chase-settings.js';
import { InvalidInput, NotPermitted, StaleCard } from '../../../workflow/errors.js';
import type { PolicyProfile } from '../../../workflow/policy/profile.js';
import { loadProfile, SHIPPED_PROFILE_IDS } from '../../../workflow/policy/profiles.js';
import { answerFeedbackPlan, FAMILY_FEEDBACK_PATH as P, FAMILY_FEEDBACK_REPLANS_MAX, openFeedbackPlan, type FamilyFeedbackAnswer } from '../../../workflow/review/family-feedback.js';
import { recordFamilyFeedback } from '../../../workflow/use-cases/record-family-feedback.js';
import { anAudit, aWorld, cast, castList, qaCast } from '../../fakes/index.js';

/**
 * BCP's family-feedback timescale, chased (BC-10, Fact 4): a review submitted with feedback not obtained carries a
 * plan and a date; on that working day the reviewer is asked for the feedback, and some working days later the team
 * manager is told, once each, in working hours; an answer (the feedback, or a new date) changes what is chased.
 */
const people = [...castList, ...Object.values(qaCast)];
const { reviewer, teamManager, serviceManager, practitioner } = cast;
const SUBMITTED_AT = '2026-12-01T10:00:00.000Z';

/** An audit submitted on Tue 1 Dec 2026 saying family feedback could not be obtained, to be obtained by `planBy`. */
function withPlan(planBy = '2026-12-10', status: AuditStatus = 'finalised'): Audit {
  return {
    ...anAudit().coordinatedBy(cast.coordinator.id).withStatus(status).build(),
    review: {
      submitted: {
        at: SUBMITTED_AT,
        by: reviewer.id,
        grades: {},
        familyFeedback: { obtained: false, whyNot: 'WHY: the family were abroad.', whereFound: 'WHERE: the CP conference questionnaire.', plan: 'PLAN: phone the mother on her return.', planBy },
        goodPractice: '',
      },
    },
    ...(status === 'finalised' ? { finalisedAt: SUBMITTED_AT } : {}),
  };
}

const chase = (audit: Audit, iso: string, profile: PolicyProfile = loadProfile('bcp'), quietHours = true) =>
  chaseAudit(audit, { now: new Date(iso), settings: chaseSettings(profile), profile, people, quietHours }).audit;

const who = (id: string) => (id === reviewer.id ? 'reviewer' : id === teamManager.id ? 'team manager' : id === serviceManager.id ? 'service manager' : id);

/** The sweep at each instant in turn; what each run enqueued, as "kind → who (notBefore)". */
function sweep(audit: Audit, instants: string[], profile: PolicyProfile): { at: string; sent: string[] }[] {
  let current = audit;
  return instants.map((at) => {
    const before = new Set(current.outbox.map((m) => m.key));
    current = chase(current, at, profile);
    return { at, sent: current.outbox.filter((m) => !before.has(m.key)).map((m) => `${m.kind} → ${who(m.to)}${m.notBefore ? ` (not before ${m.notBefore})` : ''}`) };
  });
}

// Thu 10 Dec 2026 is the plan's date; five working days on is Thu 17 Dec.
const WEEK = ['2026-12-09T06:00:00.000Z', '2026-12-10T06:00:00.000Z', '2026-12-10T14:00:00.000Z', '2026-12-11T10:00:00.000Z', '2026-12-16T10:00:00.000Z', '2026-12-17T06:00:00.000Z', '2026-12-17T12:00:00.000Z', '2026-12-18T10:00:00.000Z'];

describe('which profiles chase the plan (BC-10)', () => {
  it('BCP states it (its seed asks for the timescale); the other frameworks are silent, so it is the product default, declared', () => {
    for (const id of SHIPPED_PROFILE_IDS) {
      const profile = loadProfile(id);
      expect(profile.chasing?.familyFeedbackPlan, id).toBe(true);
      expect(profile.chasing?.familyFeedbackToManagerWorkingDays, id).toBe(5);
      expect(profile.defaulted.includes('chasing.familyFeedbackPlan'), id).toBe(id !== 'bcp');
      expect(profile.defaulted, id).toContain('chasing.familyFeedbackToManagerWorkingDays');
    }
  });
});

describe.each(SHIPPED_PROFILE_IDS)('%s: chasing the plan to obtain family feedback', (id) => {
  const profile = loadProfile(id);

  it('the reviewer is asked on the plan date, once, in working hours; the team manager is told five working days on, once', () => {
    expect(sweep(withPlan(), WEEK, profile).filter((r) => r.sent.length > 0)).toEqual([
      { at: '2026-12-10T06:00:00.000Z', sent: ['family-feedback-request → reviewer (not before 2026-12-10T09:00:00.000Z)'] },
      { at: '2026-12-17T06:00:00.000Z', sent: ['family-feedback-overdue → team manager (not before 2026-12-17T09:00:00.000Z)'] },
    ]);
  });

  it('a second sweep, or a second instance chasing the same audit, enqueues nothing more: the keys are the same', () => {
    const once = chase(withPlan(), '2026-12-17T10:00:00.000Z', profile);
    const elsewhere = chase(withPlan(), '2026-12-17T10:00:00.000Z', profile);
    expect(elsewhere.outbox.map((m) => m.key)).toEqual(once.outbox.map((m) => m.key));
    expect(once.outbox.map((m) => m.key)).toEqual([`family-feedback:${once.id}:2026-12-10`, `family-feedback-overdue:${once.id}:2026-12-10`]);
    expect(chase(once, '2026-12-17T11:00:00.000Z', profile)).toBe(once);
    expect(once.history.filter((h) => h.event === 'family feedback chased').map((h) => h.detail)).toEqual([
      `plan due 2026-12-10, feedback not recorded: the reviewer asked and ${teamManager.id} told`,
    ]);
  });

  it('nothing is chased once the feedback is recorded, before or after the reviewer was asked', () => {
    const recordedEarly = answerFeedbackPlan(withPlan(), reviewer.id, { kind: 'obtained', said: 'SAID: they felt listened to.' }, { today: '2026-12-08', maxWeeks: 4, at: '2026-12-08T10:00:00.000Z' });
    expect(sweep(recordedEarly, WEEK, profile).flatMap((r) => r.sent)).toEqual([]);
    expect(nextChaseAt(recordedEarly, new Date('2026-12-08T10:00:00.000Z'), chaseSettings(profile))).toBeUndefined();

    const asked = chase(withPlan(), '2026-12-10T10:00:00.000Z', profile);
    const recorded = answerFeedbackPlan(asked, reviewer.id, { kind: 'obtained', said: 'SAID: they felt listened to.' }, { today: '2026-12-11', maxWeeks: 4, at: '2026-12-11T10:00:00.000Z' });
    expect(sweep(recorded, WEEK.slice(3), profile).flatMap((r) => r.sent)).toEqual([]);
  });

  it('a plan date at the weekend is chased on the next working day', () => {
    expect(sweep(withPlan('2026-12-12'), ['2026-12-12T10:00:00.000Z', '2026-12-13T10:00:00.000Z', '2026-12-14T10:00:00.000Z'], profile)).toEqual([
      { at: '2026-12-12T10:00:00.000Z', sent: [] },
      { at: '2026-12-13T10:00:00.000Z', sent: [] },
      { at: '2026-12-14T10:00:00.000Z', sent: ['family-feedback-request → reviewer'] },
    ]);
  });

  it('the sweep wakes on the plan date, then on the day the team manager is told, then not for the plan', () => {
    const settings = chaseSettings(profile);
    const submitted = withPlan();
    expect(nextChaseAt(submitted, new Date(SUBMITTED_AT), settings)).toBe('2026-12-10T00:00:00.000Z');
    const asked = chase(submitted, '2026-12-10T10:00:00.000Z', profile);
    expect(asked.nextChaseAt).toBe('2026-12-17T00:00:00.000Z');
    const told = chase(asked, '2026-12-17T10:00:00.000Z', profile);
    expect(told.nextChaseAt).toBeUndefined();
  });
});

describe('what is chased, and who is told', () => {
  const bcp = loadProfile('bcp');

  it('a profile that does not chase the plan sends nothing', () => {
    const off: PolicyProfile = { ...bcp, chasing: { ...bcp.chasing, familyFeedbackPlan: false } };
    expect(sweep(withPlan(), WEEK, off).flatMap((r) => r.sent)).toEqual([]);
    expect(nextChaseAt(withPlan(), new Date(SUBMITTED_AT), chaseSettings(off))).toBeUndefined();
  });

  it('the grace before the team manager is told is a setting', () => {
    const sooner: PolicyProfile = { ...bcp, chasing: { ...bcp.chasing, familyFeedbackToManagerWorkingDays: 1 } };
    expect(chase(withPlan(), '2026-12-11T10:00:00.000Z', sooner).outbox.map((m) => m.kind)).toEqual(['family-feedback-request', 'family-feedback-overdue']);
  });

  it('while the audit waits for moderation the plan is chased too; a withdrawn or unsubmitted audit has no plan', () => {
    expect(chase(withPlan('2026-12-10', 'awaitingModeration'), '2026-12-10T10:00:00.000Z').outbox.map((m) => m.kind)).toContain('family-feedback-request');
    expect(openFeedbackPlan(withPlan('2026-12-10', 'withdrawn'))).toBeUndefined();
    expect(openFeedbackPlan({ ...withPlan(), status: 'inReview' })).toBeUndefined();
  });

  it('feedback obtained at submission: nothing to chase', () => {
    const obtained = { ...withPlan(), review: { submitted: { ...withPlan().review!.submitted!, familyFeedback: { obtained: true as const, summary: 'FB' } } } };
    expect(openFeedbackPlan(obtained)).toBeUndefined();
    expect(chase(obtained, '2026-12-17T10:00:00.000Z').outbox).toEqual([]);
  });

  it('a reviewer who is the team manager: the service manager is told instead', () => {
    const own = { ...withPlan(), reviewerId: teamManager.id };
    expect(chase(own, '2026-12-17T10:00:00.000Z').outbox.map((m) => `${m.kind} → ${who(m.to)}`)).toEqual(['family-feedback-request → team manager', 'family-feedback-overdue → service manager']);
  });

  it('still not possible, with a new date: chased afresh on the new date, never again on the old one', () => {
    const asked = chase(withPlan(), '2026-12-10T10:00:00.000Z');
    const moved = answerFeedbackPlan(asked, reviewer.id, { kind: 'stillNotPossible', why: 'WHY2: the mother is in hospital.', planBy: '2026-12-22' }, { today: '2026-12-11', maxWeeks: 4, at: '2026-12-11T10:00:00.000Z' });
    expect(openFeedbackPlan(moved)).toEqual({ planBy: '2026-12-22', replans: 1 });
    expect(moved.history.at(-1)).toEqual({ at: '2026-12-11T10:00:00.000Z', by: reviewer.id, event: 'family feedback still not possible', detail: 'new date 2026-12-22 (was 2026-12-10)', reason: 'WHY2: the mother is in hospital.' });
    // The original plan is kept as submitted.
    expect(moved.review?.submitted?.familyFeedback).toMatchObject({ obtained: false, planBy: '2026-12-10', plan: 'PLAN: phone the mother on her return.' });
    const later = sweep(moved, ['2026-12-17T10:00:00.000Z', '2026-12-22T10:00:00.000Z'], bcp);
    expect(later).toEqual([
      { at: '2026-12-17T10:00:00.000Z', sent: [] },
      { at: '2026-12-22T10:00:00.000Z', sent: ['family-feedback-request → reviewer'] },
    ]);
  });

  it('a request still waiting for working hours when the feedback is recorded is cancelled, not sent', () => {
    const asked = chase(withPlan(), '2026-12-10T06:00:00.000Z');
    expect(asked.outbox[0]).toMatchObject({ state: 'pending', notBefore: '2026-12-10T09:00:00.000Z' });
    const recorded = answerFeedbackPlan(asked, reviewer.id, { kind: 'obtained', said: 'SAID' }, { today: '2026-12-10', maxWeeks: 4, at: '2026-12-10T07:00:00.000Z' });
    expect(recorded.outbox[0]!.state).toBe('cancelled');
  });
});

describe('answering the plan: refusals', () => {
  const ctx = { today: '2026-12-11', maxWeeks: 4, at: '2026-12-11T10:00:00.000Z' };
  const problems = (answer: FamilyFeedbackAnswer, audit = withPlan()) => {
    try {
      answerFeedbackPlan(audit, reviewer.id, answer, ctx);
    } catch (error) {
      if (error instanceof InvalidInput) return error.fields;
      throw error;
    }
    throw new Error('expected InvalidInput');
  };

  it.each([practitioner.id, teamManager.id, qaCast.stranger.id])('only the reviewer may answer (%s may not)', (someone) => {
    expect(() => answerFeedbackPlan(withPlan(), someone, { kind: 'obtained', said: 'SAID' }, ctx)).toThrow(NotPermitted);
  });

  it('a blank or too long answer is refused, the problem named by its field', () => {
    expect(problems({ kind: 'obtained', said: '   ' })).toEqual({ [P.said]: 'Say what the child and family said. If it is still not possible, use "Still not possible" below.' });
    expect(problems({ kind: 'obtained', said: 'x'.repeat(501) })).toEqual({ [P.said]: 'Keep this under 500 characters (it has 501).' });
  });

  it.each([
    ['no reason and no date', { why: '', planBy: '' }, { [P.why]: 'Say why family feedback is still not possible.', [P.planBy]: 'Say by when family feedback will be obtained now.' }],
    ['a date in the past', { why: 'W', planBy: '2026-12-01' }, { [P.planBy]: 'The date must be in the future (after Fri 11 Dec).' }],
    ['today', { why: 'W', planBy: '2026-12-11' }, { [P.planBy]: 'The date must be in the future (after Fri 11 Dec).' }],
    ['not a date', { why: 'W', planBy: '2026-02-30' }, { [P.planBy]: 'The date must be a date, like 2027-01-15.' }],
    ['beyond the policy’s four weeks', { why: 'W', planBy: '2027-01-09' }, { [P.planBy]: 'The date must be within 4 weeks (by Fri 8 Jan).' }],
    ['a reason too long', { why: 'w'.repeat(301), planBy: '2026-12-18' }, { [P.why]: 'Keep this under 300 characters (it has 301).' }],
  ])('still not possible with %s is refused', (_what, typed, expected) => {
    expect(problems({ kind: 'stillNotPossible', ...typed })).toEqual(expected);
  });

  it(`the date is moved at most ${FAMILY_FEEDBACK_REPLANS_MAX} times`, () => {
    let audit = withPlan();
    for (let n = 1; n <= FAMILY_FEEDBACK_REPLANS_MAX; n += 1) audit = answerFeedbackPlan(audit, reviewer.id, { kind: 'stillNotPossible', why: `W${n}`, planBy: `2026-12-1${n + 3}` }, ctx);
    expect(problems({ kind: 'stillNotPossible', why: 'again', planBy: '2026-12-30' }, audit)[P.planBy]).toMatch(/moved 3 times already/);
    expect(answerFeedbackPlan(audit, reviewer.id, { kind: 'obtained', said: 'SAID at last' }, ctx).familyFeedbackFollowUp?.obtained?.said).toBe('SAID at last');
  });

  it('the same answer twice changes nothing; a different one after the plan is closed is refused as out of date', () => {
    const recorded = answerFeedbackPlan(withPlan(), reviewer.id, { kind: 'obtained', said: ' SAID ' }, ctx);
    expect(answerFeedbackPlan(recorded, reviewer.id, { kind: 'obtained', said: 'SAID' }, ctx)).toBe(recorded);
    expect(() => answerFeedbackPlan(recorded, reviewer.id, { kind: 'obtained', said: 'Something else' }, ctx)).toThrow(StaleCard);
    expect(() => answerFeedbackPlan(recorded, reviewer.id, { kind: 'stillNotPossible', why: 'W', planBy: '2026-12-18' }, ctx)).toThrow(StaleCard);
    const moved = answerFeedbackPlan(withPlan(), reviewer.id, { kind: 'stillNotPossible', why: 'W', planBy: '2026-12-18' }, ctx);
    expect(answerFeedbackPlan(moved, reviewer.id, { kind: 'stillNotPossible', why: 'W', planBy: '2026-12-18' }, ctx)).toBe(moved);
  });

  it('with no plan open (feedback obtained at submission) there is nothing to answer', () => {
    const obtained = { ...withPlan(), review: { submitted: { ...withPlan().review!.submitted!, familyFeedback: { obtained: true as const, summary: 'FB' } } } };
    expect(() => answerFeedbackPlan(obtained, reviewer.id, { kind: 'obtained', said: 'SAID' }, ctx)).toThrow(StaleCard);
  });
});

describe('recordFamilyFeedback (the use case)', () => {
  const world = async () => {
    const w = aWorld({ profile: 'bcp', now: '2026-12-10T11:00:00.000Z', people });
    const audit = chase(withPlan(), '2026-12-10T10:00:00.000Z');
    await w.audits.create(audit);
    return { w, audit };
  };

  it('records the feedback with who and when, keeps the plan, and is done once however often it is pressed', async () => {
    const { w, audit } = await world();
    const input = { tenantId: audit.tenantId, auditId: audit.id, actorId: reviewer.id, answer: { kind: 'obtained', said: 'SAID: the worker explained the plan.' } as const };
    const first = await recordFamilyFeedback(w).execute(input);
    expect(first.alreadyDone).toBe(false);
    expect(first.audit.familyFeedbackFollowUp).toEqual({ replans: [], obtained: { at: '2026-12-10T11:00:00.000Z', by: reviewer.id, said: 'SAID: the worker explained the plan.' } });
    expect(first.audit.review?.submitted?.familyFeedback).toEqual(audit.review?.submitted?.familyFeedback);
    expect(first.audit.history.at(-1)).toEqual({ at: '2026-12-10T11:00:00.000Z', by: reviewer.id, event: 'family feedback recorded', detail: 'planned by 2026-12-10', reason: 'SAID: the worker explained the plan.' });
    // The sweep looks again at once (and then finds nothing more to chase).
    expect(first.audit.nextChaseAt).toBe('2026-12-10T11:00:00.000Z');
    const writes = w.audits.writes;
    expect((await recordFamilyFeedback(w).execute(input)).alreadyDone).toBe(true);
    expect(w.audits.writes).toBe(writes);
  });

  it('refuses anyone but the reviewer first, changing nothing', async () => {
    const { w, audit } = await world();
    const before = JSON.stringify(await w.audits.get(audit.tenantId, audit.id));
    await expect(recordFamilyFeedback(w).execute({ tenantId: audit.tenantId, auditId: audit.id, actorId: teamManager.id, answer: { kind: 'obtained', said: '' } })).rejects.toThrow(NotPermitted);
    expect(JSON.stringify(await w.audits.get(audit.tenantId, audit.id))).toBe(before);
  });

  it('the plan and its answers are rationale-level: only people with a role on the audit may read them', () => {
    expect(canSeeRationale(withPlan(), teamManager.id)).toBe(true);
    expect(canSeeRationale(withPlan(), qaCast.stranger.id)).toBe(false);
  });
});

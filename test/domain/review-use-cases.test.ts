import { LIMITS } from '../../workflow/review/record-paths.js';
import { describe, expect, it } from 'vitest';
import { auditId, type Audit } from '../../workflow/audit.js';
import { snapshotOf } from '../../workflow/audit-tools/audit-tool.js';
import { loadAuditTool } from '../../workflow/audit-tools/tools.js';
import { IllegalTransition, InvalidInput, NotPermitted } from '../../workflow/errors.js';
import { isDrawn } from '../../workflow/moderation/sampling.js';
import { normaliseReviewDraft } from '../../workflow/review/draft.js';
import { anAudit, aReviewDraft, cast, castList, qaCast, TENANT, WS_DOMAINS } from '../fakes/index.js';
import { CYCLE, eventsOf, failureOf, outboxOf, setup } from './flow.js';

const { reviewer, secondReviewer, practitioner, teamManager, serviceManager, coordinator } = cast;
const { linkReviewer, moderator, stranger } = qaCast;
const tool = snapshotOf(loadAuditTool('west-sussex-v1'));

describe('saveReviewDraft', () => {
  it('keeps the draft exactly as typed, records the tool, and moves the audit to in review', async () => {
    const f = setup();
    const draft = aReviewDraft().graded('planning', 'Adequate?', '  half typed').withActions({ rowId: 'r1', dueDate: 'soon' }).build();

    const { audit, alreadyDone } = await f.saveAs(reviewer.id, draft);

    expect(alreadyDone).toBe(false);
    expect(audit.status).toBe('inReview');
    // The whole snapshot: domains with their names and descriptors, the overall guidance and the limits.
    expect(audit.tool).toEqual(tool);
    expect(audit.tool?.domains.map((d) => d.id)).toEqual(['assessment', 'planning', 'interventionVisiting', 'review', 'managementOversight']);
    expect(audit.review).toEqual({ draft: normaliseReviewDraft(draft, tool), draftSavedAt: f.clock.iso() });
    expect(audit.review?.draft?.grades.planning).toEqual({ grade: 'Adequate?', rationale: '  half typed' });
    expect(audit.history.at(-1)).toEqual({ at: f.clock.iso(), by: reviewer.id, event: 'review started', detail: 'audit tool west-sussex v1' });
    expect(f.stored()).toEqual(audit);
  });

  it('the same draft saved twice writes once; a changed one replaces it without a new history line', async () => {
    const f = setup();
    const draft = aReviewDraft().build();
    await f.saveAs(reviewer.id, draft);
    const writes = f.audits.writes;

    expect((await f.saveAs(reviewer.id, draft)).alreadyDone).toBe(true);
    expect(f.audits.writes).toBe(writes);

    f.clock.advance({ minutes: 5 });
    const changed = aReviewDraft().graded('review', 'outstanding').build();
    const { audit, alreadyDone } = await f.saveAs(reviewer.id, changed);
    expect(alreadyDone).toBe(false);
    expect(audit.review?.draft?.grades.review?.grade).toBe('outstanding');
    expect(audit.review?.draftSavedAt).toBe(f.clock.iso());
    expect(eventsOf(audit).filter((e) => e === 'review started')).toHaveLength(1);
  });

  it.each([
    ['the practitioner', practitioner.id],
    ['another reviewer', secondReviewer.id],
    ['the QA coordinator', coordinator.id],
    ['a stranger', stranger.id],
  ])('is refused for %s, changing nothing', async (_who, actorId) => {
    const f = setup();
    const before = f.stored();
    const error = await failureOf(f.saveAs(actorId, aReviewDraft().build()));
    expect(error).toBeInstanceOf(NotPermitted);
    expect(error.message).toBe('You cannot edit an audit allocated to someone else.');
    expect(f.stored()).toEqual(before);
  });

  it.each(['allocated', 'declined', 'submitted', 'awaitingModeration', 'finalised', 'withdrawn'] as const)(
    'is refused while the audit is %s',
    async (status) => {
      const f = setup({ audits: [anAudit().withStatus(status).build()] });
      expect(await failureOf(f.saveAs(reviewer.id, aReviewDraft().build()))).toBeInstanceOf(IllegalTransition);
    },
  );

  it('is allowed once a meeting is booked', async () => {
    const f = setup({ audits: [anAudit().withStatus('meetingBooked').build()] });
    expect((await f.saveAs(reviewer.id, aReviewDraft().build())).audit.status).toBe('inReview');
  });

  it('refuses text over the limits, naming the field, and saves nothing (nothing is truncated)', async () => {
    const f = setup();
    const before = f.stored();
    const error = await failureOf(f.saveAs(reviewer.id, aReviewDraft().graded('planning', 'good', 'x'.repeat(LIMITS.rationale + 1)).build()));
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({ 'rationale.planning': `Keep this under ${LIMITS.rationale} characters (it has ${LIMITS.rationale + 1}).` });
    expect(f.stored()).toEqual(before);
  });

  it('re-runs cleanly when another write lands first', async () => {
    const f = setup();
    f.audits.injectConflict();
    const { audit } = await f.saveAs(reviewer.id, aReviewDraft().build());
    expect(f.audits.conflicts).toBe(1);
    expect(eventsOf(audit).filter((e) => e === 'review started')).toHaveLength(1);
  });

  it('an audit keeps the tool it was started with', async () => {
    const older = { id: 'west-sussex', version: 0, domains: [{ id: 'voice', name: "Child's voice" }] };
    const f = setup({ audits: [{ ...anAudit().withStatus('inReview').build(), tool: older }] });
    const draft = { grades: { voice: { grade: 'good', rationale: 'Heard.' }, planning: { grade: 'good' } }, familyFeedback: {}, actions: [] };
    const { audit } = await f.saveAs(reviewer.id, draft);
    expect(audit.tool).toEqual(older);
    expect(audit.review?.draft?.grades).toEqual({ voice: { grade: 'good', rationale: 'Heard.' } });
  });
});

describe('submitReview (West Sussex: 100% moderated, by month end)', () => {
  it('records the review, samples it, assigns a moderator and sends the moderation card', async () => {
    const f = setup();
    const draft = aReviewDraft().graded('planning', 'requiresImprovement', 'No contingency plan.').build();

    const { audit, alreadyDone } = await f.submitAs(reviewer.id, draft);

    expect(alreadyDone).toBe(false);
    expect(audit.status).toBe('awaitingModeration');
    expect(audit.grades).toEqual({
      assessment: { original: 'good', final: 'good' },
      planning: { original: 'requiresImprovement', final: 'requiresImprovement' },
      interventionVisiting: { original: 'good', final: 'good' },
      review: { original: 'good', final: 'good' },
      managementOversight: { original: 'good', final: 'good' },
      overall: { original: 'good', final: 'good' },
    });
    expect(audit.review?.submitted).toMatchObject({
      at: f.clock.iso(),
      by: reviewer.id,
      familyFeedback: { obtained: true, summary: 'Mum said the social worker listens and visits when promised.' },
      goodPractice: 'Direct work with the child is creative and recorded well.',
    });
    expect(audit.review?.submitted?.grades.planning).toEqual({ grade: 'requiresImprovement', rationale: 'No contingency plan.' });
    expect(audit.review?.draft).toBeUndefined();
    expect(audit.actions).toEqual([
      {
        id: 'review-r1',
        source: 'review',
        description: 'Update the chronology',
        ownerId: practitioner.id,
        dueDate: '2026-12-08',
        remedial: false,
        setBy: reviewer.id,
        setAt: f.clock.iso(),
      },
    ]);
    expect(audit.sampling).toEqual({ sampled: true, rule: 'all', reason: 'sampled: 100% of audits are moderated', at: f.clock.iso() });
    // Moderators: Chris Evans, Lee Grant, Mo Clarke, Quinn Adebayo; none has an open moderation, so by name.
    expect(audit.moderatorId).toBe(linkReviewer.id);
    expect(audit.moderation).toEqual({
      assignedAt: f.clock.iso(),
      assignedBecause: 'QA pool: least loaded (0 open moderations)',
      dueDate: '2026-12-31',
      reminderOn: '2026-12-24',
      urgent: false,
    });
    expect(outboxOf(audit)).toEqual([`moderation → ${linkReviewer.id}`]);
    expect(eventsOf(audit, 1)).toEqual([
      'submitted',
      ...[...WS_DOMAINS, 'overall'].map(() => 'graded'),
      'family feedback',
      'submitted without the meeting', // the test audit has no meeting; West Sussex makes it mandatory
      'action set',
      'sampled for moderation',
      'moderator assigned',
    ]);
    expect(audit.history.find((h) => h.detail === 'Planning: Requires Improvement')).toEqual({
      at: f.clock.iso(),
      by: reviewer.id,
      event: 'graded',
      detail: 'Planning: Requires Improvement',
      reason: 'No contingency plan.',
    });
  });

  it('submitted twice: the second is a no-op', async () => {
    const f = setup();
    const first = await f.submitAs(reviewer.id);
    const writes = f.audits.writes;
    const second = await f.submitAs(reviewer.id);
    expect(second).toEqual({ audit: first.audit, alreadyDone: true });
    expect(f.audits.writes).toBe(writes);
    expect(f.stored().outbox).toHaveLength(1);
  });

  it('a double click racing itself writes once', async () => {
    const f = setup();
    const results = await Promise.all([f.submitAs(reviewer.id), f.submitAs(reviewer.id)]);
    expect(results.map((r) => r.alreadyDone).sort()).toEqual([false, true]);
    expect(f.stored().outbox).toHaveLength(1);
    expect(eventsOf(f.stored()).filter((e) => e === 'submitted')).toHaveLength(1);
  });

  it.each([
    ['the practitioner', practitioner.id],
    ['the team manager', teamManager.id],
    ['another reviewer', secondReviewer.id],
    ['a moderator', moderator.id],
  ])('is refused for %s, changing nothing', async (_who, actorId) => {
    const f = setup();
    const before = f.stored();
    const error = await failureOf(f.submitAs(actorId));
    expect(error).toBeInstanceOf(NotPermitted);
    expect(error.message).toBe('You cannot submit an audit allocated to someone else.');
    expect(f.stored()).toEqual(before);
  });

  it('on errors names every problem at once, submits nothing, and keeps the draft as typed', async () => {
    const f = setup();
    const draft = aReviewDraft()
      .graded('planning', 'good', null)
      .withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id, dueDate: '2027-01-12' })
      .build();

    const error = await failureOf(f.submitAs(reviewer.id, draft));

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({
      'rationale.planning': 'Rationale for Planning is required.',
      'action.r1.dueDate': 'Due date is after the 4-week limit (Tue 29 Dec).',
    });
    const stored = f.stored();
    expect(stored.status).toBe('inReview');
    expect(stored.review?.draft).toEqual(normaliseReviewDraft(draft, tool));
    expect(stored.review?.submitted).toBeUndefined();
    expect(stored.grades).toBeUndefined();
    expect(stored.outbox).toEqual([]);

    // Corrected on the card and submitted again.
    const fixed = aReviewDraft().graded('planning', 'good', 'Plan reviewed monthly.').withActions({ rowId: 'r1', description: 'Visit', ownerId: practitioner.id, dueDate: '2026-12-29' }).build();
    const { audit } = await f.submitAs(reviewer.id, fixed);
    expect(audit.status).toBe('awaitingModeration');
  });

  it('over-long text is refused without saving anything', async () => {
    const f = setup();
    const before = f.stored();
    const error = await failureOf(f.submitAs(reviewer.id, aReviewDraft().withGoodPractice('g'.repeat(LIMITS.goodPractice + 1)).graded('review', null).build()));
    expect((error as InvalidInput).fields).toMatchObject({ goodPractice: `Keep this under ${LIMITS.goodPractice} characters (it has ${LIMITS.goodPractice + 1}).`, 'grade.review': 'Choose a grade for Review.' });
    expect(f.stored()).toEqual(before);
  });

  it('Inadequate overall: moderated at once, marked urgent, remedial actions flagged', async () => {
    const f = setup();
    const draft = aReviewDraft().overall('inadequate', 'The child remains at risk of neglect.').build();
    const { audit } = await f.submitAs(reviewer.id, draft);
    expect(audit.moderation?.urgent).toBe(true);
    expect(audit.actions?.[0]?.remedial).toBe(true);
    expect(audit.history.find((h) => h.event === 'moderator assigned')?.detail).toBe(`${linkReviewer.id} (urgent: overall Inadequate)`);
    // West Sussex waits for moderation to confirm the grade before the Inadequate process (WS-38): no notice yet.
    expect(outboxOf(audit)).toEqual([`moderation → ${linkReviewer.id}`]);
    expect(audit.inadequate).toBeUndefined();
  });

  it('spreads moderation across the pool: the next audit goes to the next least-loaded moderator', async () => {
    const second = anAudit().forCase('CR-1002').accepted().build();
    const f = setup({ audits: [anAudit().accepted().build(), second] });
    await f.submitAs(reviewer.id);
    const { audit } = await f.submitAs(reviewer.id, aReviewDraft().build(), second.id);
    expect(audit.moderatorId).toBe(moderator.id); // Chris Evans has one open now; Lee Grant has none
    expect(audit.moderation?.assignedBecause).toBe('QA pool: least loaded (0 open moderations)');
  });

  it('submitted within the last 3 working days: the reminder is due at once', async () => {
    const f = setup({ now: '2026-12-30T10:00:00.000Z' });
    const draft = aReviewDraft().withActions().build();
    const { audit } = await f.submitAs(reviewer.id, draft);
    expect(audit.moderation).toMatchObject({ dueDate: '2026-12-31', reminderOn: '2026-12-30' });
  });

  it('with no deadline in the profile (SCSP), stores none', async () => {
    const f = setup({ profile: 'scsp' });
    const { audit } = await f.submitAs(reviewer.id);
    expect(audit.moderation?.dueDate).toBeUndefined();
    expect(audit.moderation?.reminderOn).toBeUndefined();
  });

  it('with nobody who may moderate, waits for QA to find someone and tells the coordinator', async () => {
    const f = setup({ people: castList.map((p) => ({ ...p, roles: p.roles.filter((r) => r !== 'moderator') })) });
    const { audit } = await f.submitAs(reviewer.id);
    expect(audit.status).toBe('awaitingModeration');
    expect(audit.moderatorId).toBeUndefined();
    expect(audit.moderation?.assignedBecause).toBe('nobody in the moderator pool may moderate this audit');
    expect(outboxOf(audit)).toEqual([`moderator-needed → ${coordinator.id}`]);
  });
});

describe('submitReview under BCP (20% + every Inadequate, link reviewers)', () => {
  const SEED = 'bcp-seed';
  /** The first ordinals that are (not) drawn at 20% with SEED. */
  const ordinals = Array.from({ length: 10 }, (_, i) => i + 1);
  const firstDrawn = ordinals.find((n) => isDrawn(n, 0.2, SEED))!;
  const firstNotDrawn = ordinals.find((n) => !isDrawn(n, 0.2, SEED))!;

  async function bcpAt(ordinal: number) {
    const f = setup({ profile: 'bcp' });
    f.cycles.withSeed(TENANT, CYCLE, SEED);
    for (let n = 1; n < ordinal; n += 1) await f.cycles.nextSubmission(TENANT, CYCLE, `earlier-${n}`);
    return f;
  }

  it('not drawn: finalised at once, reason recorded, results to practitioner, TM, service manager (BC-15) and reviewer', async () => {
    const f = await bcpAt(firstNotDrawn);
    const { audit } = await f.submitAs(reviewer.id);
    expect(audit.status).toBe('finalised');
    expect(audit.finalisedAt).toBe(f.clock.iso());
    expect(audit.sampling).toEqual({
      sampled: false,
      rule: 'draw',
      reason: `not sampled: 20% draw, seed ${SEED}, submission ${firstNotDrawn}`,
      ordinal: firstNotDrawn,
      seed: SEED,
      at: f.clock.iso(),
    });
    expect(audit.moderatorId).toBeUndefined();
    expect(outboxOf(audit)).toEqual([`result → ${practitioner.id}`, `result → ${teamManager.id}`, `result → ${serviceManager.id}`, `result → ${reviewer.id}`]);
    expect(eventsOf(audit).slice(-2)).toEqual(['not sampled for moderation', 'finalised']);
  });

  it('drawn: goes to the link reviewer for the service manager', async () => {
    const f = await bcpAt(firstDrawn);
    const { audit } = await f.submitAs(reviewer.id);
    expect(audit.sampling?.reason).toBe(`sampled: 20% draw, seed ${SEED}, submission ${firstDrawn}`);
    expect(audit.moderatorId).toBe(linkReviewer.id);
    expect(audit.moderation?.assignedBecause).toBe(`link reviewer for ${serviceManager.name}`);
  });

  it('Inadequate is moderated even when not drawn, urgently', async () => {
    const f = await bcpAt(firstNotDrawn);
    const { audit } = await f.submitAs(reviewer.id, aReviewDraft().forTool('bcp-plr-v1').overall('inadequate').build());
    expect(audit.status).toBe('awaitingModeration');
    expect(audit.sampling?.reason).toBe(`sampled: Inadequate (20% draw, seed ${SEED}, submission ${firstNotDrawn}: not drawn)`);
    expect(audit.moderation?.urgent).toBe(true);
    // BCP shares an Inadequate "in writing within 24 hours" of the review, not after moderation: notices go now.
    expect(outboxOf(audit)).toEqual([
      `moderation → ${linkReviewer.id}`,
      `inadequate-notice → ${audit.practitionerId}`,
      `inadequate-notice → ${audit.teamManagerId}`,
      `inadequate-notice → ${audit.serviceManagerId}`,
    ]);
  });

  it('a failed submission takes no place in the draw; a retried one keeps its place', async () => {
    const f = await bcpAt(1);
    await failureOf(f.submitAs(reviewer.id, aReviewDraft().forTool('bcp-plr-v1').overall(null).build()));
    expect(f.cycles.submissions(TENANT, CYCLE)).toBe(0);
    await Promise.all([f.submitAs(reviewer.id), f.submitAs(reviewer.id)]);
    expect(f.cycles.submissions(TENANT, CYCLE)).toBe(1);
    expect(f.stored().sampling?.ordinal).toBe(1);
  });

  it('a month of 30 submissions through the use case: ordinals 1..30, drawn or Inadequate exactly', async () => {
    const cases = Array.from({ length: 30 }, (_, i) => `CR-${2001 + i}`);
    const f = setup({ profile: 'bcp', audits: cases.map((c) => anAudit().forCase(c).accepted().build()) });
    f.cycles.withSeed(TENANT, CYCLE, SEED);
    const inadequate = new Set(['CR-2004', 'CR-2017', 'CR-2026']);
    for (const c of cases) {
      const overall = inadequate.has(c) ? 'inadequate' : 'good';
      await f.submitAs(reviewer.id, aReviewDraft().forTool('bcp-plr-v1').overall(overall).build(), auditId(CYCLE, c));
    }
    const audits: Audit[] = cases.map((c) => f.stored(auditId(CYCLE, c)));
    expect(audits.map((a) => a.sampling?.ordinal)).toEqual(cases.map((_, i) => i + 1));
    for (const a of audits) {
      expect(a.sampling?.sampled, a.caseRef).toBe(isDrawn(a.sampling!.ordinal!, 0.2, SEED) || inadequate.has(a.caseRef));
      expect(a.status).toBe(a.sampling?.sampled ? 'awaitingModeration' : 'finalised');
    }
    expect(audits.filter((a) => a.sampling?.rule === 'draw' && a.sampling.sampled)).toHaveLength(
      audits.filter((a) => isDrawn(a.sampling!.ordinal!, 0.2, SEED) && !inadequate.has(a.caseRef)).length,
    );
    const drawn = audits.filter((a) => isDrawn(a.sampling!.ordinal!, 0.2, SEED)).length;
    expect(drawn).toBe(6);
  });
});

describe('remedial actions on an Inadequate audit, per profile (BC-06)', () => {
  const inadequateWith = (dueDates: string[], tool = 'west-sussex-v1') =>
    aReviewDraft()
      .forTool(tool)
      .overall('inadequate', 'The child remains at risk of neglect.')
      .withActions(...dueDates.map((dueDate, i) => ({ rowId: `r${i + 1}`, description: `Action ${i + 1}`, ownerId: practitioner.id, dueDate })))
      .build();

  it('BCP: every action is remedial, so one due after 10 days is refused next to its date', async () => {
    const f = setup({ profile: 'bcp' });
    const error = (await failureOf(f.submitAs(reviewer.id, inadequateWith(['2026-12-04', '2026-12-22'], 'bcp-plr-v1')))) as InvalidInput;
    expect(error.fields).toEqual({ 'action.r2.dueDate': 'The overall grade is Inadequate, so every action is remedial: due within 10 days (by Fri 11 Dec).' });
  });

  it('BCP: all within 10 days is submitted, each action marked remedial', async () => {
    const f = setup({ profile: 'bcp' });
    const { audit } = await f.submitAs(reviewer.id, inadequateWith(['2026-12-04', '2026-12-11'], 'bcp-plr-v1'));
    expect(audit.actions?.map((a) => a.remedial)).toEqual([true, true]);
  });

  it('West Sussex: one remedial action is enough; the others may run to the 4-week limit', async () => {
    const f = setup();
    const { audit } = await f.submitAs(reviewer.id, inadequateWith(['2026-12-04', '2026-12-22']));
    expect(audit.actions?.map((a) => a.remedial)).toEqual([true, false]);
  });
});

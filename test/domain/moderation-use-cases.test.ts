import { LIMITS } from '../../workflow/review/record-paths.js';
import { describe, expect, it } from 'vitest';
import { IllegalTransition, InvalidInput, NotPermitted } from '../../workflow/errors.js';
import { moderationDeadline } from '../../workflow/moderation/moderation.js';
import { changedAtModeration } from '../../workflow/moderation/moderation-result.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { aModerationDraft, anAudit, aReviewDraft, cast, qaCast, WS_DOMAINS } from '../fakes/index.js';
import { eventsOf, failureOf, outboxOf, setup, submitted } from './flow.js';

const { reviewer, practitioner, teamManager, serviceManager, coordinator } = cast;
const { linkReviewer, moderator, stranger } = qaCast;

describe('moderateAudit', () => {
  it('agreeing with everything keeps both grades (equal), finalises, and sends three results', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    f.clock.advance({ days: 2 });

    const { audit, alreadyDone } = await f.moderateAs(moderatorId, aModerationDraft());

    expect(alreadyDone).toBe(false);
    expect(audit.status).toBe('finalised');
    expect(audit.finalisedAt).toBe(f.clock.iso());
    for (const scope of [...WS_DOMAINS, 'overall']) expect(audit.grades?.[scope]).toEqual({ original: 'good', moderated: 'good', final: 'good' });
    expect(changedAtModeration(audit)).toEqual([]);
    expect(outboxOf(audit).slice(1)).toEqual([`result → ${practitioner.id}`, `result → ${teamManager.id}`, `result → ${reviewer.id}`]);
    expect(eventsOf(audit).slice(-8)).toEqual([...Array(6).fill('grade agreed'), 'moderated', 'finalised']);
    expect(audit.moderation?.outcome?.by).toBe(moderatorId);
  });

  it('a changed grade keeps the original and the moderated one (final), with the reason in the trail', async () => {
    const f = setup();
    const moderatorId = await submitted(f);

    const { audit } = await f.moderateAs(moderatorId, aModerationDraft({ planning: ['requiresImprovement', 'The plan has no contingency.'] }));

    expect(audit.grades?.planning).toEqual({ original: 'good', moderated: 'requiresImprovement', final: 'requiresImprovement' });
    expect(audit.grades?.assessment).toEqual({ original: 'good', moderated: 'good', final: 'good' });
    expect(audit.review?.submitted?.grades.planning?.grade).toBe('good');
    expect(audit.moderation?.outcome?.decisions.planning).toEqual({
      original: 'good',
      moderated: 'requiresImprovement',
      agreed: false,
      reason: 'The plan has no contingency.',
    });
    expect(changedAtModeration(audit)).toEqual(['planning']);
    expect(audit.history.find((h) => h.event === 'grade changed')).toEqual({
      at: f.clock.iso(),
      by: moderatorId,
      event: 'grade changed',
      detail: 'Planning: Good → Requires Improvement',
      reason: 'The plan has no contingency.',
    });
    expect(audit.history.find((h) => h.event === 'moderated')?.detail).toBe('1 grade changed');
  });

  it('choosing the reviewer’s own grade is agreeing (no reason needed)', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    const { audit } = await f.moderateAs(moderatorId, aModerationDraft({ review: ['good'] }));
    expect(audit.moderation?.outcome?.decisions.review).toEqual({ original: 'good', moderated: 'good', agreed: true });
  });

  it('a change without a reason, or no choice, is refused all at once; the draft is kept as typed', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    const draft = aModerationDraft({ planning: ['requiresImprovement'], overall: ['inadequate', '  '] });
    const { assessment: _dropped, ...decisions } = draft.decisions;
    const typed = { ...draft, decisions: { ...decisions, review: { decision: 'Great' } } };

    const error = await failureOf(f.moderateAs(moderatorId, typed));

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({
      'decision.assessment': 'Agree with Assessment, or change it.',
      'reason.planning': 'Give the reason for changing Planning from Good to Requires Improvement.',
      'decision.review': 'Choose Agree or a grade for Review.',
      'reason.overall': 'Give the reason for changing Overall from Good to Inadequate.',
    });
    const stored = f.stored();
    expect(stored.status).toBe('awaitingModeration');
    expect(stored.grades?.planning).toEqual({ original: 'good', final: 'good' });
    expect(stored.moderation?.draft?.decisions.review).toEqual({ decision: 'Great' });
    expect(stored.moderation?.draft?.decisions.overall).toEqual({ decision: 'inadequate', reason: '  ' });
  });

  it('lowering overall to Inadequate needs a remedial action: the moderator adds one (same rules as the reviewer’s)', async () => {
    const f = setup();
    const moderatorId = await submitted(f, aReviewDraft().withActions({ rowId: 'r1', description: 'Supervision', ownerId: teamManager.id, dueDate: '2026-12-20' }).build());
    const lowered = { overall: ['inadequate', 'Risk from the father is not assessed.'] as [string, string] };

    const error = await failureOf(f.moderateAs(moderatorId, aModerationDraft(lowered, [{ rowId: 'r1', description: 'Visit', ownerId: 'p-nobody', dueDate: '2027-02-01' }])));
    expect((error as InvalidInput).fields).toEqual({
      'action.r1.ownerId': 'The owner is not in the directory: choose someone from the list.',
      'action.r1.dueDate': 'Due date is after the 4-week limit (Tue 29 Dec).',
      actions: 'The overall grade is Inadequate: add at least one remedial action due within 10 days (by Fri 11 Dec).',
    });

    const { audit } = await f.moderateAs(moderatorId, aModerationDraft(lowered, [{ rowId: 'r1', description: 'Assess father', ownerId: practitioner.id, dueDate: '2026-12-04' }]));
    expect(audit.actions?.map((a) => [a.id, a.source, a.remedial, a.setBy])).toEqual([
      ['review-r1', 'review', false, reviewer.id],
      ['moderation-r1', 'moderation', true, moderatorId],
    ]);
    expect(audit.grades?.overall).toEqual({ original: 'good', moderated: 'inadequate', final: 'inadequate' });
  });

  it('confirmed twice: the second is a no-op', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    const first = await f.moderateAs(moderatorId, aModerationDraft());
    const writes = f.audits.writes;
    expect(await f.moderateAs(moderatorId, aModerationDraft({ planning: ['outstanding', 'Second thoughts'] }))).toEqual({ audit: first.audit, alreadyDone: true });
    expect(f.audits.writes).toBe(writes);
  });

  it.each([
    ['the reviewer', reviewer.id],
    ['the practitioner', practitioner.id],
    ['another moderator', moderator.id],
    ['the QA coordinator (a moderator, not this one)', coordinator.id],
    ['a stranger', stranger.id],
  ])('is refused for %s, changing nothing', async (_who, actorId) => {
    const f = setup();
    await submitted(f);
    const before = f.stored();
    const error = await failureOf(f.moderateAs(actorId, aModerationDraft()));
    expect(error).toBeInstanceOf(NotPermitted);
    expect(error.message).toBe('You cannot moderate an audit assigned to another moderator.');
    expect(f.stored()).toEqual(before);
  });

  it('before submission there is nothing to moderate', async () => {
    const f = setup({ audits: [anAudit().moderatedBy(linkReviewer.id).withStatus('inReview').build()] });
    expect(await failureOf(f.moderateAs(linkReviewer.id, aModerationDraft()))).toBeInstanceOf(IllegalTransition);
  });

  it('two confirms racing (the same card on two devices): one wins, the other sees the current state', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    const agree = aModerationDraft();
    const change = aModerationDraft({ planning: ['requiresImprovement', 'No contingency.'] });

    const [a, b] = await Promise.all([f.moderateAs(moderatorId, agree), f.moderateAs(moderatorId, change)]);

    expect([a.alreadyDone, b.alreadyDone].sort()).toEqual([false, true]);
    const winner = a.alreadyDone ? b : a;
    const loser = a.alreadyDone ? a : b;
    expect(loser.audit).toEqual(f.stored());
    expect(winner.audit).toEqual(f.stored());
    expect(outboxOf(f.stored()).filter((m) => m.startsWith('result'))).toHaveLength(3);
    expect(eventsOf(f.stored()).filter((e) => e === 'moderated')).toHaveLength(1);
  });

  it('a confirm that loses an ETag race re-reads and finds it done', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    const other = setup(); // the same moderation applied by another instance, as a concurrent write
    await submitted(other);
    const winning = (await other.moderateAs(moderatorId, aModerationDraft({ review: ['outstanding', 'Exemplary reviews.'] }))).audit;
    f.audits.injectConflict(() => winning);

    const { audit, alreadyDone } = await f.moderateAs(moderatorId, aModerationDraft());

    expect(f.audits.conflicts).toBe(1);
    expect(alreadyDone).toBe(true);
    expect(audit.grades?.review).toEqual({ original: 'good', moderated: 'outstanding', final: 'outstanding' });
  });

  it('the assigned moderator and another racing: the assigned one wins, the other is refused', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    const [mine, theirs] = await Promise.allSettled([f.moderateAs(moderatorId, aModerationDraft()), f.moderateAs(moderator.id, aModerationDraft())]);
    expect(mine.status).toBe('fulfilled');
    expect(theirs.status === 'rejected' && theirs.reason).toBeInstanceOf(NotPermitted);
    expect(f.stored().moderation?.outcome?.by).toBe(moderatorId);
  });
});

describe('saveModerationDraft', () => {
  it('keeps the moderator’s typing as it is; the same draft twice writes once', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    const draft = { decisions: { planning: { decision: 'requiresImprovement', reason: 'half a reas' } }, actions: [{ rowId: 'r1', description: 'x' }] };

    const first = await f.saveModerationAs(moderatorId, draft);
    expect(first.alreadyDone).toBe(false);
    expect(first.audit.moderation?.draft).toEqual(draft);
    expect(first.audit.moderation?.draftSavedAt).toBe(f.clock.iso());
    expect(first.audit.status).toBe('awaitingModeration');
    const writes = f.audits.writes;
    expect((await f.saveModerationAs(moderatorId, draft)).alreadyDone).toBe(true);
    expect(f.audits.writes).toBe(writes);
  });

  it('the confirmed moderation drops the draft', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    await f.saveModerationAs(moderatorId, aModerationDraft());
    const { audit } = await f.moderateAs(moderatorId, aModerationDraft());
    expect(audit.moderation?.draft).toBeUndefined();
  });

  it('is refused for anyone but the assigned moderator, and after moderation', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    expect(await failureOf(f.saveModerationAs(reviewer.id, aModerationDraft()))).toBeInstanceOf(NotPermitted);
    expect(await failureOf(f.saveModerationAs(serviceManager.id, aModerationDraft()))).toBeInstanceOf(NotPermitted);
    await f.moderateAs(moderatorId, aModerationDraft());
    expect(await failureOf(f.saveModerationAs(moderatorId, aModerationDraft()))).toBeInstanceOf(IllegalTransition);
  });

  it('refuses an over-long reason, naming it', async () => {
    const f = setup();
    const moderatorId = await submitted(f);
    const error = await failureOf(f.saveModerationAs(moderatorId, aModerationDraft({ planning: ['good', 'r'.repeat(LIMITS.reason + 1)] })));
    expect((error as InvalidInput).fields).toEqual({ 'reason.planning': `Keep this under ${LIMITS.reason} characters (it has ${LIMITS.reason + 1}).` });
  });
});

describe('moderationDeadline', () => {
  const ws = loadProfile('west-sussex');
  it.each([
    ['2026-12-01', '2026-12-31', '2026-12-24'], // the 25th and the 28th are bank holidays
    ['2027-01-05', '2027-01-31', '2027-01-27'],
    ['2027-02-26', '2027-02-28', '2027-02-26'],
    ['2027-10-20', '2027-10-31', '2027-10-27'],
    ['2027-10-29', '2027-10-31', '2027-10-29'],
  ])('submitted %s: due %s, reminder %s', (on, due, reminder) => {
    expect(moderationDeadline(ws, on)).toEqual({ dueDate: due, reminderOn: reminder });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, message, type Member } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles, inputValue } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import {
  acceptAndOpen,
  completeReview,
  errorNextTo,
  inputIds,
  inputsOn,
  invoke,
  moderationChoices,
  onlyCardTo,
  press,
  PRIVATE_TEXTS,
  SCOPES,
  sentTo,
  snapshot,
  stored,
  type Card,
} from './audit-forms.js';

const CASE = 'CR-10421'; // Alex reviews; Jordan is the practitioner, Sam the team manager, Priya the service manager
const GRADE_WORDS = ['Outstanding', 'Good', 'Requires Improvement', 'Inadequate'];
const CHANGE_REASON = 'MOD-REASON: the plan has no timescales, so it cannot be Good.';

/**
 * A reviewer records an audit on the card — draft, reopen, add/remove actions, submit with errors, fix —
 * and a moderator changes one grade; every action is also tried twice and by the wrong person.
 * West Sussex profile: every audit is moderated, by the least-loaded moderator in the QA pool.
 */
describe('recording and moderating an audit over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const text = (card: unknown) => cardText(card);
  const lastCardTo = (who: Member) => bot.connector.cards(bot.conversationOf(who), 'POST').at(-1)!.card;

  /** Refusals must name no grade, rationale or feedback; state must not change; the attempt is logged. */
  async function expectRefused(attempt: () => Promise<Card>): Promise<void> {
    const before = await snapshot(bot, CASE);
    const refusalsBefore = bot.logged.filter((l) => l.event === 'refused').length;
    const card = await attempt();
    expect(text(card)).toContain('This is not yours to act on');
    expect(text(card)).toContain('Nothing was changed');
    for (const secret of [...PRIVATE_TEXTS, ...GRADE_WORDS, CHANGE_REASON]) expect(text(card)).not.toContain(secret);
    expect(inputIds(card)).toEqual([]);
    expect(await snapshot(bot, CASE)).toBe(before);
    expect(bot.logged.filter((l) => l.event === 'refused').length).toBe(refusalsBefore + 1);
  }

  let accepted: Card;
  let form: Card;
  let withRows: Card;
  let problems: Card;
  let submitted: Card;
  let moderation: Card;

  // Everyone has installed the app, so cards are delivered rather than held.
  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris, demo.taylor]) await bot.post(installationUpdate(url(), who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  describe('the reviewer', () => {
    it('opens the audit form from the accepted allocation card: a grade and rationale per domain and overall, feedback, good practice, actions', async () => {
      ({ accepted, form } = await acceptAndOpen(bot, demo.alex, CASE));
      expect(text(form)).toContain(`Audit · case ${CASE}`);
      expect(text(form)).toContain('audit tool west-sussex v1');
      for (const scope of SCOPES) expect(inputIds(form)).toEqual(expect.arrayContaining([`grade.${scope}`, `rationale.${scope}`]));
      expect(inputIds(form)).toEqual(expect.arrayContaining(['feedback.obtained', 'feedback.summary', 'feedback.whyNot', 'feedback.whereFound', 'feedback.plan', 'feedback.planBy', 'goodPractice']));
      expect(buttonTitles(form)).toEqual(['Save draft', 'Submit']);
      expect((form.refresh as { userIds: string[] }).userIds).toEqual([demo.alex.id]);
      expect((await stored(bot, CASE)).status).toBe('accepted');
    });

    it('Save draft keeps partial work; the next opening shows it, from the allocation card, "my audits" or "audit CR-10421"', async () => {
      const partial = {
        'grade.assessment': 'good',
        'rationale.assessment': completeReview()['rationale.assessment']!,
        'grade.planning': 'good',
        'feedback.obtained': 'yes',
      };
      const saved = await press(bot, demo.alex, form, 'Save draft', partial);
      expect(text(saved)).toContain('✓ Draft saved. It will be here when you open this audit again, on any device.');
      for (const [id, value] of Object.entries(partial)) expect(inputValue(saved, id)).toBe(value);
      const audit = await stored(bot, CASE);
      expect(audit.status).toBe('inReview');
      expect(audit.review?.draft?.grades).toEqual({ assessment: { grade: 'good', rationale: partial['rationale.assessment'] }, planning: { grade: 'good' } });

      // Saving the same again, later, is a no-op: nothing new is written and the card still says it is saved.
      bot.clock.advance({ minutes: 5 });
      const before = await snapshot(bot, CASE);
      const again = await press(bot, demo.alex, saved, 'Save draft');
      expect(text(again)).toContain('✓ Draft saved.');
      expect(text(again)).toContain('draft saved 09:00 on Tue 1 Dec 2026');
      expect(await snapshot(bot, CASE)).toBe(before);

      // Another device: the allocation card's button, the "my audits" list, and the typed command.
      const reopened = [await press(bot, demo.alex, accepted, 'Open the audit')];
      await bot.post(message(url(), demo.alex, 'my audits'));
      reopened.push(await press(bot, demo.alex, lastCardTo(demo.alex), `Open case ${CASE}`));
      await bot.post(message(url(), demo.alex, `audit ${CASE}`));
      reopened.push(lastCardTo(demo.alex));
      for (const card of reopened) {
        expect(text(card)).toContain(`Audit · case ${CASE}`);
        for (const [id, value] of Object.entries(partial)) expect(inputValue(card, id)).toBe(value);
        expect(inputValue(card, 'rationale.planning') ?? '').toBe('');
      }
      form = reopened[2]!;
    });

    it('adding and removing action rows keeps everything typed so far, saved or not', async () => {
      const typed = { ...completeReview(), 'rationale.planning': '' }; // more typed, not yet saved
      const one = await press(bot, demo.alex, form, 'Add an action', typed);
      expect(text(one)).toContain('Action 1');
      expect(inputValue(one, 'action.r1.ownerId')).toBe(demo.jordan.aadObjectId); // the practitioner, by default

      const two = await press(bot, demo.alex, one, 'Add an action', { 'action.r1.description': 'ACT-1: to be removed' });
      const rowTwo = { 'action.r2.description': 'ACT-2: book the overdue review and share the plan with the family.', 'action.r2.ownerId': demo.sam.aadObjectId, 'action.r2.dueDate': '2026-12-18' };
      withRows = await press(bot, demo.alex, two, 'Remove action 1', rowTwo);

      for (const [id, value] of Object.entries({ ...typed, ...rowTwo })) expect(inputValue(withRows, id) ?? '', id).toBe(value);
      expect(inputIds(withRows).filter((id) => id.startsWith('action.r1.'))).toEqual([]);
      expect(text(withRows)).not.toContain('ACT-1');
      expect(buttonTitles(withRows)).toEqual(['Save draft', 'Submit']);
      expect((await stored(bot, CASE)).review?.draft?.actions).toEqual([{ rowId: 'r2', description: rowTwo['action.r2.description'], ownerId: demo.sam.aadObjectId, dueDate: '2026-12-18' }]);
    });

    it('Submit with problems: every typed value comes back, each problem is named next to its field, nothing is submitted', async () => {
      const typed = { ...inputsOn(withRows), 'action.r2.dueDate': '2027-01-05' };
      expect(Object.keys(typed)).toHaveLength(17); // 11 grades and rationales, feedback (2), good practice, one action (3)
      problems = await press(bot, demo.alex, withRows, 'Submit', typed);

      for (const [id, value] of Object.entries(typed)) expect(inputValue(problems, id), id).toBe(value);
      expect(errorNextTo(problems, 'rationale.planning')).toBe('Rationale for Planning is required.');
      expect(errorNextTo(problems, 'action.r2.dueDate')).toBe('Due date is after the 4-week limit (Tue 29 Dec).');
      expect(errorNextTo(problems, 'rationale.assessment')).toBeUndefined();
      expect(text(problems)).toContain('2 things need fixing before this can be submitted');
      expect(buttonTitles(problems)).toEqual(['Save draft', 'Submit']);

      const audit = await stored(bot, CASE);
      expect(audit.status).toBe('inReview');
      expect(audit.review?.submitted).toBeUndefined();
      expect(audit.grades).toBeUndefined();
      expect(audit.moderatorId).toBeUndefined();
      // The draft is kept exactly as typed, so nothing is lost even if the card is closed now.
      expect(audit.review?.draft?.grades.planning).toEqual({ grade: 'good' });
      expect(audit.review?.draft?.actions[0]?.dueDate).toBe('2027-01-05');
      expect(audit.review?.draft?.grades.overall?.rationale).toBe(completeReview()['rationale.overall']);
    });

    it('nobody else can save, change or submit the form: refused, shown nothing of it, logged, and nothing changes', async () => {
      const fixed = { 'rationale.planning': completeReview()['rationale.planning']!, 'action.r2.dueDate': '2026-12-18' };
      await expectRefused(() => press(bot, demo.sam, problems, 'Submit', fixed));
      await expectRefused(() => press(bot, demo.sam, problems, 'Save draft', fixed));
      await expectRefused(() => press(bot, demo.priya, problems, 'Add an action', fixed));
      await expectRefused(() => press(bot, demo.taylor, accepted, 'Open the audit'));
      await expectRefused(() => press(bot, demo.stranger, problems, 'Submit', fixed));
    });

    it('fixed and submitted: a read-only summary with a notice, sent for moderation to Chris Evans', async () => {
      bot.clock.advance({ minutes: 25 });
      submitted = await press(bot, demo.alex, problems, 'Submit', { 'rationale.planning': completeReview()['rationale.planning']!, 'action.r2.dueDate': '2026-12-18' });
      expect(text(submitted)).toContain(`Audit submitted · case ${CASE}`);
      expect(text(submitted)).toContain('✓ Submitted. It has gone for moderation (');
      expect(text(submitted)).toContain('moderator Chris Evans');
      expect(text(submitted)).toContain('Planning');
      expect(text(submitted)).toContain('RAT-planning');
      expect(inputIds(submitted)).toEqual([]);
      expect(buttonTitles(submitted)).toEqual([]);

      const audit = await stored(bot, CASE);
      expect(audit).toMatchObject({ status: 'awaitingModeration', moderatorId: demo.chris.aadObjectId, sampling: { sampled: true } });
      expect(audit.moderation).toMatchObject({ dueDate: '2026-12-31', urgent: false });
      expect(audit.grades?.planning).toEqual({ original: 'good', final: 'good' });
      expect(audit.history.find((h) => h.event === 'moderator assigned')?.reason).toBe('QA pool: least loaded (0 open moderations)');
    });

    it('submitting twice, or saving a stale copy afterwards, changes nothing and says so', async () => {
      const before = await snapshot(bot, CASE);
      const twice = await press(bot, demo.alex, problems, 'Submit', { 'rationale.planning': completeReview()['rationale.planning']!, 'action.r2.dueDate': '2026-12-18' });
      expect(text(twice)).toContain('You had already submitted this audit. Nothing changed.');
      expect(inputIds(twice)).toEqual([]);
      const stale = await press(bot, demo.alex, withRows, 'Save draft', { 'grade.overall': 'inadequate' });
      expect(text(stale)).toContain('Nothing changed: this audit has moved on since that card was shown.');
      expect(inputIds(stale)).toEqual([]);
      expect(await snapshot(bot, CASE)).toBe(before);
    });
  });

  describe('the moderator', () => {
    it('receives the moderation card once delivery runs: the reviewer\'s grades and rationale, Agree or Change per grade', async () => {
      expect(sentTo(bot, demo.chris, 'Moderation · case')).toEqual([]);
      await bot.deliver();
      moderation = onlyCardTo(bot, demo.chris, `Moderation · case ${CASE}`);
      expect(text(moderation)).toContain('Submitted by Alex Morgan · moderation due Thu 31 Dec 2026');
      expect(text(moderation)).toContain('Planning: Good');
      expect(text(moderation)).toContain("Reviewer's rationale: RAT-planning");
      for (const scope of SCOPES) expect(inputIds(moderation)).toEqual(expect.arrayContaining([`decision.${scope}`, `reason.${scope}`]));
      expect(buttonTitles(moderation)).toEqual(['Save draft', 'Confirm moderation']);
      expect((moderation.refresh as { userIds: string[] }).userIds).toEqual([demo.chris.id]);
      await bot.deliver();
      expect(sentTo(bot, demo.chris, 'Moderation · case')).toHaveLength(1);
    });

    it('a change without a reason comes back with the problem next to it and the choices kept', async () => {
      const choices = moderationChoices({ planning: ['requiresImprovement', ''] });
      const answer = await press(bot, demo.chris, moderation, 'Confirm moderation', choices);
      expect(errorNextTo(answer, 'reason.planning')).toBe('Give the reason for changing Planning from Good to Requires Improvement.');
      for (const scope of SCOPES) expect(inputValue(answer, `decision.${scope}`)).toBe(choices[`decision.${scope}`]);
      expect((await stored(bot, CASE)).status).toBe('awaitingModeration');
    });

    it('only the assigned moderator can moderate: the other moderator, the reviewer and the team manager are refused', async () => {
      const choices = moderationChoices({ planning: ['requiresImprovement', CHANGE_REASON] });
      for (const who of [demo.priya, demo.alex, demo.sam]) await expectRefused(() => press(bot, who, moderation, 'Confirm moderation', choices));
      await expectRefused(() => press(bot, demo.priya, moderation, 'Save draft', choices));
    });

    it('changes one grade with a reason and agrees the rest: both grades are kept, the audit is finalised', async () => {
      bot.clock.advance({ hours: 2 });
      const confirmed = await press(bot, demo.chris, moderation, 'Confirm moderation', moderationChoices({ planning: ['requiresImprovement', CHANGE_REASON] }));
      expect(text(confirmed)).toContain(`Changed: Good → Requires Improvement. ${CHANGE_REASON}`);
      expect(text(confirmed)).toContain('Agreed: Good');
      expect(text(confirmed)).toContain('✓ Moderation confirmed on Tue 1 Dec 2026. The result is on its way to the practitioner, team manager and reviewer.');
      expect(buttonTitles(confirmed)).toEqual([]);
      expect(inputIds(confirmed)).toEqual([]);

      const audit = await stored(bot, CASE);
      expect(audit.status).toBe('finalised');
      expect(audit.grades).toEqual({
        assessment: { original: 'good', moderated: 'good', final: 'good' },
        planning: { original: 'good', moderated: 'requiresImprovement', final: 'requiresImprovement' },
        interventionVisiting: { original: 'good', moderated: 'good', final: 'good' },
        review: { original: 'requiresImprovement', moderated: 'requiresImprovement', final: 'requiresImprovement' },
        managementOversight: { original: 'good', moderated: 'good', final: 'good' },
        overall: { original: 'good', moderated: 'good', final: 'good' },
      });
      expect(audit.history.filter((h) => h.event === 'grade changed')).toEqual([
        { at: '2026-12-01T11:30:00.000Z', by: demo.chris.aadObjectId, event: 'grade changed', detail: 'Planning: Good → Requires Improvement', reason: CHANGE_REASON },
      ]);
      expect(audit.history.filter((h) => h.event === 'grade agreed')).toHaveLength(5);
    });

    it('confirming twice changes nothing and says it was already confirmed', async () => {
      const before = await snapshot(bot, CASE);
      const twice = await press(bot, demo.chris, moderation, 'Confirm moderation', moderationChoices({ planning: ['requiresImprovement', CHANGE_REASON] }));
      expect(text(twice)).toContain('Nothing changed: this moderation had already been confirmed.');
      expect(buttonTitles(twice)).toEqual([]);
      expect(await snapshot(bot, CASE)).toBe(before);
      await expectRefused(() => press(bot, demo.priya, moderation, 'Confirm moderation', moderationChoices()));
    });
  });

  describe('the result', () => {
    const RESULT = `Audit result · case ${CASE}`;

    it('goes to the practitioner, the team manager and the reviewer, once each; the practitioner is told a changed grade will be discussed', async () => {
      await bot.deliver();
      await bot.deliver();
      for (const who of [demo.jordan, demo.sam, demo.alex]) {
        const card = onlyCardTo(bot, who, RESULT);
        expect(text(card)).toContain('Planning');
        expect(text(card)).toContain('Good → Requires Improvement (moderated)');
        expect(text(card)).toContain(`Moderator: ${CHANGE_REASON}`);
        expect(text(card)).toContain('Reviewer: RAT-planning');
        expect(text(card)).toContain('FB-summary');
        expect((card.refresh as { userIds: string[] }).userIds).toEqual([who.id]); // a view for this person only
        const told = text(card).includes('A grade was changed at moderation. Your team manager will discuss it with you.');
        expect(told).toBe(who === demo.jordan);
      }
      expect(buttonTitles(onlyCardTo(bot, demo.sam, RESULT))).toEqual(['Dispute a grade']);
      expect(buttonTitles(onlyCardTo(bot, demo.jordan, RESULT))).toEqual([]);
      for (const who of [demo.chris, demo.priya, demo.taylor]) expect(sentTo(bot, who, RESULT)).toEqual([]);
      expect(bot.connector.cards(undefined, 'POST').filter((c) => text(c.card).includes(RESULT))).toHaveLength(3);
    });

    it('carries the case reference; someone without a role on the audit is refused and shown nothing of it', async () => {
      const result = onlyCardTo(bot, demo.jordan, RESULT);
      expect(text(result)).toContain(`case ${CASE}`);
      const refresh = (result.refresh as { action: { verb: string; data: unknown } }).action;
      await expectRefused(() => invoke(bot, demo.taylor, refresh.verb, refresh.data));
      await expectRefused(() => invoke(bot, demo.stranger, refresh.verb, refresh.data));
      await expectRefused(async () => {
        await bot.post(message(url(), demo.taylor, `audit ${CASE}`));
        return lastCardTo(demo.taylor);
      });
      // The same refresh gives each person with a role their own view of the record.
      const jordanView = await invoke(bot, demo.jordan, refresh.verb, refresh.data);
      expect(text(jordanView)).toContain('RAT-overall');
      expect(buttonTitles(jordanView)).toEqual([]);
    });
  });
});


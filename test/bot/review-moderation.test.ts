import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, message, type Member } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles, inputValue } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';
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

  /** Types `words` as `who` and returns the card the bot answered with. */
  async function say(who: Member, words: string): Promise<Card> {
    const before = bot.connector.cards(bot.conversationOf(who), 'POST').length;
    await bot.post(message(url(), who, words));
    const cards = bot.connector.cards(bot.conversationOf(who), 'POST');
    if (cards.length !== before + 1) throw new Error(`"${words}" by ${who.name} answered ${cards.length - before} cards`);
    return cards.at(-1)!.card;
  }

  // Everyone has installed the app, so cards are delivered rather than held.
  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris, demo.taylor]) await bot.post(installationUpdate(url(), who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  /*
   * The audit's story, one step per test that moves it on: opened, a draft saved, action rows, a submit with
   * problems, submitted, the moderation card delivered, a change without a reason, moderation confirmed, the
   * results delivered. Each step returns what its test checks, read when it ran, since later steps change the
   * audit; a test calls the steps it needs, which run the earlier ones first.
   */

  /** Alex accepts the allocation and presses "Open the audit". */
  const opened = step(async () => {
    const { accepted, form } = await acceptAndOpen(bot, demo.alex, CASE);
    return { accepted, form, status: (await stored(bot, CASE)).status };
  });

  const PARTIAL = {
    'grade.assessment': 'good',
    'rationale.assessment': completeReview()['rationale.assessment']!,
    'grade.planning': 'good',
    'feedback.obtained': 'yes',
  };

  /** Alex saves a partial draft, saves it again 5 minutes later, and opens the audit three other ways. */
  const drafted = step(async () => {
    const { accepted, form } = await opened();
    const saved = await press(bot, demo.alex, form, 'Save draft', PARTIAL);
    const audit = await stored(bot, CASE);

    // Saving the same again, later, is a no-op: nothing new is written and the card still says it is saved.
    bot.clock.advance({ minutes: 5 });
    const before = await snapshot(bot, CASE);
    const again = await press(bot, demo.alex, saved, 'Save draft');
    const after = await snapshot(bot, CASE);

    // Another device: the allocation card's button, the "my audits" list, and the typed command.
    const reopened = [await press(bot, demo.alex, accepted, 'Open the audit')];
    reopened.push(await press(bot, demo.alex, await say(demo.alex, 'my audits'), `Open case ${CASE}`));
    reopened.push(await say(demo.alex, `audit ${CASE}`));
    return { saved, audit, again, before, after, reopened };
  });

  const TYPED = { ...completeReview(), 'rationale.planning': '' }; // more typed, not yet saved
  const ROW_TWO = { 'action.r2.description': 'ACT-2: book the overdue review and share the plan with the family.', 'action.r2.ownerId': demo.sam.aadObjectId, 'action.r2.dueDate': '2026-12-18' };

  /** On the reopened form Alex types the rest, adds two action rows and removes the first. */
  const rowsAdded = step(async () => {
    const form = (await drafted()).reopened[2]!;
    const one = await press(bot, demo.alex, form, 'Add an action', TYPED);
    const two = await press(bot, demo.alex, one, 'Add an action', { 'action.r1.description': 'ACT-1: to be removed' });
    const withRows = await press(bot, demo.alex, two, 'Remove action 1', ROW_TWO);
    return { one, withRows, draftActions: (await stored(bot, CASE)).review?.draft?.actions };
  });

  /** Alex submits with no rationale for Planning and an action due too late. */
  const problemsShown = step(async () => {
    const { withRows } = await rowsAdded();
    const typed = { ...inputsOn(withRows), 'action.r2.dueDate': '2027-01-05' };
    const problems = await press(bot, demo.alex, withRows, 'Submit', typed);
    return { typed, problems, audit: await stored(bot, CASE) };
  });

  const FIXED = { 'rationale.planning': completeReview()['rationale.planning']!, 'action.r2.dueDate': '2026-12-18' };

  /** 25 minutes later Alex fixes both and submits. */
  const submitted = step(async () => {
    const { problems } = await problemsShown();
    bot.clock.advance({ minutes: 25 });
    const card = await press(bot, demo.alex, problems, 'Submit', FIXED);
    return { card, audit: await stored(bot, CASE) };
  });

  /** Delivery runs after the submission, and again. */
  const moderationDelivered = step(async () => {
    await submitted();
    const beforeDelivery = sentTo(bot, demo.chris, 'Moderation · case');
    await bot.deliver();
    const moderation = onlyCardTo(bot, demo.chris, `Moderation · case ${CASE}`);
    await bot.deliver();
    return { beforeDelivery, moderation, afterSecondDelivery: sentTo(bot, demo.chris, 'Moderation · case') };
  });

  const CHANGE_NO_REASON = moderationChoices({ planning: ['requiresImprovement', ''] });

  /** Chris confirms a change to Planning without a reason. */
  const changedWithoutReason = step(async () => {
    const { moderation } = await moderationDelivered();
    const answer = await press(bot, demo.chris, moderation, 'Confirm moderation', CHANGE_NO_REASON);
    return { answer, status: (await stored(bot, CASE)).status };
  });

  /** Two hours later Chris changes Planning with a reason and confirms. */
  const moderated = step(async () => {
    await changedWithoutReason();
    const { moderation } = await moderationDelivered();
    bot.clock.advance({ hours: 2 });
    const confirmed = await press(bot, demo.chris, moderation, 'Confirm moderation', moderationChoices({ planning: ['requiresImprovement', CHANGE_REASON] }));
    return { confirmed, audit: await stored(bot, CASE) };
  });

  /** Delivery runs twice after the moderation. */
  const resultsDelivered = step(async () => {
    await moderated();
    await bot.deliver();
    await bot.deliver();
  });

  describe('the reviewer', () => {
    it('opens the audit form from the accepted allocation card: a grade and rationale per domain and overall, feedback, good practice, actions', async () => {
      const { form, status } = await opened();
      expect(text(form)).toContain(`Audit · case ${CASE}`);
      expect(text(form)).toContain('audit tool west-sussex v1');
      for (const scope of SCOPES) expect(inputIds(form)).toEqual(expect.arrayContaining([`grade.${scope}`, `rationale.${scope}`]));
      expect(inputIds(form)).toEqual(expect.arrayContaining(['feedback.obtained', 'feedback.summary', 'feedback.whyNot', 'feedback.whereFound', 'feedback.plan', 'feedback.planBy', 'goodPractice']));
      expect(buttonTitles(form)).toEqual(['Save draft', 'Submit']);
      expect((form.refresh as { userIds: string[] }).userIds).toEqual([demo.alex.id]);
      expect(status).toBe('accepted');
    });

    it('Save draft keeps partial work; the next opening shows it, from the allocation card, "my audits" or "audit CR-10421"', async () => {
      const { saved, audit, again, before, after, reopened } = await drafted();
      expect(text(saved)).toContain('✓ Draft saved. It will be here when you open this audit again, on any device.');
      for (const [id, value] of Object.entries(PARTIAL)) expect(inputValue(saved, id)).toBe(value);
      expect(audit.status).toBe('inReview');
      expect(audit.review?.draft?.grades).toEqual({ assessment: { grade: 'good', rationale: PARTIAL['rationale.assessment'] }, planning: { grade: 'good' } });

      expect(text(again)).toContain('✓ Draft saved.');
      expect(text(again)).toContain('draft saved 09:00 on Tue 1 Dec 2026');
      expect(after).toBe(before);

      expect(reopened).toHaveLength(3);
      for (const card of reopened) {
        expect(text(card)).toContain(`Audit · case ${CASE}`);
        for (const [id, value] of Object.entries(PARTIAL)) expect(inputValue(card, id)).toBe(value);
        expect(inputValue(card, 'rationale.planning') ?? '').toBe('');
      }
    });

    it('adding and removing action rows keeps everything typed so far, saved or not', async () => {
      const { one, withRows, draftActions } = await rowsAdded();
      expect(text(one)).toContain('Action 1');
      expect(inputValue(one, 'action.r1.ownerId')).toBe(demo.jordan.aadObjectId); // the practitioner, by default

      for (const [id, value] of Object.entries({ ...TYPED, ...ROW_TWO })) expect(inputValue(withRows, id) ?? '', id).toBe(value);
      expect(inputIds(withRows).filter((id) => id.startsWith('action.r1.'))).toEqual([]);
      expect(text(withRows)).not.toContain('ACT-1');
      expect(buttonTitles(withRows)).toEqual(['Save draft', 'Submit']);
      expect(draftActions).toEqual([{ rowId: 'r2', description: ROW_TWO['action.r2.description'], ownerId: demo.sam.aadObjectId, dueDate: '2026-12-18' }]);
    });

    it('Submit with problems: every typed value comes back, each problem is named next to its field, nothing is submitted', async () => {
      const { typed, problems, audit } = await problemsShown();
      expect(Object.keys(typed)).toHaveLength(18); // 12 grades and rationales, feedback (2), good practice, why no meeting, one action (3)

      for (const [id, value] of Object.entries(typed)) expect(inputValue(problems, id), id).toBe(value);
      expect(errorNextTo(problems, 'rationale.planning')).toBe('Rationale for Planning is required.');
      expect(errorNextTo(problems, 'action.r2.dueDate')).toBe('Due date is after the 4-week limit (Tue 29 Dec).');
      expect(errorNextTo(problems, 'rationale.assessment')).toBeUndefined();
      expect(text(problems)).toContain('2 things need fixing before this can be submitted');
      expect(buttonTitles(problems)).toEqual(['Save draft', 'Submit']);

      expect(audit.status).toBe('inReview');
      expect(audit.review?.submitted).toBeUndefined();
      expect(audit.grades).toBeUndefined();
      expect(audit.moderatorId).toBeUndefined();
      // The draft is kept exactly as typed, so nothing is lost even if the card is closed now.
      expect(audit.review?.draft?.grades.planning).toEqual({ grade: 'good' });
      expect(audit.review?.draft?.actions[0]?.dueDate).toBe('2027-01-05');
      expect(audit.review?.draft?.grades.overall?.rationale).toBe(completeReview()['rationale.overall']);
    });

    // Whoever else presses is refused before the audit's state is looked at, so this holds at any point of the story.
    it('nobody else can save, change or submit the form: refused, shown nothing of it, logged, and nothing changes', async () => {
      const { problems } = await problemsShown();
      const { accepted } = await opened();
      await expectRefused(() => press(bot, demo.sam, problems, 'Submit', FIXED));
      await expectRefused(() => press(bot, demo.sam, problems, 'Save draft', FIXED));
      await expectRefused(() => press(bot, demo.priya, problems, 'Add an action', FIXED));
      await expectRefused(() => press(bot, demo.taylor, accepted, 'Open the audit'));
      await expectRefused(() => press(bot, demo.stranger, problems, 'Submit', FIXED));
    });

    it('fixed and submitted: a read-only summary with a notice, sent for moderation to Chris Evans', async () => {
      const { card: submittedCard, audit } = await submitted();
      expect(text(submittedCard)).toContain(`Audit submitted · case ${CASE}`);
      expect(text(submittedCard)).toContain('✓ Submitted. It has gone for moderation (');
      expect(text(submittedCard)).toContain('moderator Chris Evans');
      expect(text(submittedCard)).toContain('Planning');
      expect(text(submittedCard)).toContain('RAT-planning');
      expect(inputIds(submittedCard)).toEqual([]);
      expect(buttonTitles(submittedCard)).toEqual([]);

      expect(audit).toMatchObject({ status: 'awaitingModeration', moderatorId: demo.chris.aadObjectId, sampling: { sampled: true } });
      expect(audit.moderation).toMatchObject({ dueDate: '2026-12-31', urgent: false });
      expect(audit.grades?.planning).toEqual({ original: 'good', final: 'good' });
      expect(audit.history.find((h) => h.event === 'moderator assigned')?.reason).toBe('QA pool: least loaded (0 open moderations)');
    });

    it('submitting twice, or saving a stale copy afterwards, changes nothing and says so', async () => {
      await submitted();
      const { problems } = await problemsShown();
      const { withRows } = await rowsAdded();
      const before = await snapshot(bot, CASE);
      const twice = await press(bot, demo.alex, problems, 'Submit', FIXED);
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
      const { beforeDelivery, moderation, afterSecondDelivery } = await moderationDelivered();
      expect(beforeDelivery).toEqual([]);
      expect(text(moderation)).toContain('Submitted by Alex Morgan · moderation due Thu 31 Dec 2026');
      expect(text(moderation)).toContain('Planning: Good');
      expect(text(moderation)).toContain("Reviewer's rationale: RAT-planning");
      for (const scope of SCOPES) expect(inputIds(moderation)).toEqual(expect.arrayContaining([`decision.${scope}`, `reason.${scope}`]));
      expect(buttonTitles(moderation)).toEqual(['Save draft', 'Confirm moderation']);
      expect((moderation.refresh as { userIds: string[] }).userIds).toEqual([demo.chris.id]);
      expect(afterSecondDelivery).toHaveLength(1);
    });

    it('a change without a reason comes back with the problem next to it and the choices kept', async () => {
      const { answer, status } = await changedWithoutReason();
      expect(errorNextTo(answer, 'reason.planning')).toBe('Give the reason for changing Planning from Good to Requires Improvement.');
      for (const scope of SCOPES) expect(inputValue(answer, `decision.${scope}`)).toBe(CHANGE_NO_REASON[`decision.${scope}`]);
      expect(status).toBe('awaitingModeration');
    });

    // As for the form: refused before the audit's state is looked at, so this holds before and after confirmation.
    it('only the assigned moderator can moderate: the other moderator, the reviewer and the team manager are refused', async () => {
      const { moderation } = await moderationDelivered();
      const choices = moderationChoices({ planning: ['requiresImprovement', CHANGE_REASON] });
      for (const who of [demo.priya, demo.alex, demo.sam]) await expectRefused(() => press(bot, who, moderation, 'Confirm moderation', choices));
      await expectRefused(() => press(bot, demo.priya, moderation, 'Save draft', choices));
    });

    it('changes one grade with a reason and agrees the rest: both grades are kept, the audit is finalised', async () => {
      const { confirmed, audit } = await moderated();
      expect(text(confirmed)).toContain(`Changed: Good → Requires Improvement. ${CHANGE_REASON}`);
      expect(text(confirmed)).toContain('Agreed: Good');
      expect(text(confirmed)).toContain('✓ Moderation confirmed on Tue 1 Dec 2026. The result is on its way to the practitioner, team manager and reviewer.');
      expect(buttonTitles(confirmed)).toEqual([]);
      expect(inputIds(confirmed)).toEqual([]);

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
      await moderated();
      const { moderation } = await moderationDelivered();
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

    it('goes to the practitioner, the team manager and the reviewer, once each; the practitioner and team manager are told the moderator will discuss the changed grade', async () => {
      await resultsDelivered();
      for (const who of [demo.jordan, demo.sam, demo.alex]) {
        const card = onlyCardTo(bot, who, RESULT);
        expect(text(card)).toContain('Planning');
        expect(text(card)).toContain('Good → Requires Improvement (moderated)');
        expect(text(card)).toContain(`Moderator: ${CHANGE_REASON}`);
        expect(text(card)).toContain('Reviewer: RAT-planning');
        expect(text(card)).toContain('FB-summary');
        expect((card.refresh as { userIds: string[] }).userIds).toEqual([who.id]); // a view for this person only
        // West Sussex moderates "alongside" the practitioner and team manager: the moderator talks the change through.
        const told = text(card).includes('A grade was changed at moderation. Chris Evans will discuss it with you.');
        expect(told).toBe(who !== demo.alex);
      }
      expect(buttonTitles(onlyCardTo(bot, demo.sam, RESULT))).toEqual(['Dispute a grade']);
      expect(buttonTitles(onlyCardTo(bot, demo.jordan, RESULT))).toEqual([]);
      for (const who of [demo.chris, demo.priya, demo.taylor]) expect(sentTo(bot, who, RESULT)).toEqual([]);
      expect(bot.connector.cards(undefined, 'POST').filter((c) => text(c.card).includes(RESULT))).toHaveLength(3);
    });

    it('carries the case reference; someone without a role on the audit is refused and shown nothing of it', async () => {
      await resultsDelivered();
      const result = onlyCardTo(bot, demo.jordan, RESULT);
      expect(text(result)).toContain(`case ${CASE}`);
      const refresh = (result.refresh as { action: { verb: string; data: unknown } }).action;
      await expectRefused(() => invoke(bot, demo.taylor, refresh.verb, refresh.data));
      await expectRefused(() => invoke(bot, demo.stranger, refresh.verb, refresh.data));
      await expectRefused(() => say(demo.taylor, `audit ${CASE}`));
      // The same refresh gives each person with a role their own view of the record.
      const jordanView = await invoke(bot, demo.jordan, refresh.verb, refresh.data);
      expect(text(jordanView)).toContain('RAT-overall');
      expect(buttonTitles(jordanView)).toEqual([]);
    });
  });
});

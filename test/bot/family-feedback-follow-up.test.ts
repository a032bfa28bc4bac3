import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, member } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';
import { acceptAndOpen, completeReview, errorNextTo, inputsOn, moderationChoices, onlyCardTo, press, sentTo, stored, command } from './audit-forms.js';

/**
 * Over HTTP, with the real bot, Cosmos SDK and embedded store, the sweeps run on the bot's injected clock:
 * - BCP (BC-10): a review submitted with family feedback not obtained; on the plan's date the reviewer's card
 *   arrives, a blank answer is refused with the problem named and what was typed kept, an answer is recorded and
 *   shown on the summary, and the team manager is then never told;
 * - Sandwell (ST-28): an audit finalised as Requires Improvement goes to the SW Academy (Noor Ahmed in the demo
 *   roster), who may open it.
 */
const noor = member('00000000-0000-4000-8000-0000000000a9', 'Noor Ahmed');
const SAID = 'SAID: the mother said the worker listened and explained the plan; the child wants more time with his sister.';

async function startWith(profile: string): Promise<BotHarness> {
  const bot = new BotHarness();
  bot.clock.set('2026-12-01T09:00:00.000Z'); // Tuesday
  await bot.start({ env: { POLICY_PROFILE: profile } });
  for (const who of [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris, demo.dana]) await bot.post(installationUpdate(bot.connector.url, who));
  await seedDemo(bot.services);
  await bot.deliver();
  return bot;
}

const tick = async (bot: BotHarness, iso: string) => {
  bot.clock.set(iso);
  await bot.chase();
  await bot.deliver();
};

describe('BCP: the family-feedback timescale is chased (BC-10)', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await startWith('bcp');
  });
  afterAll(() => bot?.stop());

  const submitted = step(async () => {
    const { form } = await acceptAndOpen(bot, demo.alex, 'CR-10421');
    const answer = await press(bot, demo.alex, form, 'Submit', {
      ...completeReview('bcp'),
      'feedback.obtained': 'no',
      'feedback.summary': '',
      'feedback.whyNot': 'WHY: the family were abroad for the whole audit window.',
      'feedback.whereFound': 'WHERE: the CP conference questionnaire of 12 Nov.',
      'feedback.plan': 'PLAN: phone the mother when she is back.',
      'feedback.planBy': '2026-12-10',
    });
    expect(cardText(answer)).toContain('✓ Submitted'); // finalised, or gone for moderation: the sample decides
    await bot.deliver();
    return stored(bot, 'CR-10421');
  });

  /** The sweep the day before the plan's date, then on it (twice): the card arrives once. */
  const asked = step(async () => {
    await submitted();
    await tick(bot, '2026-12-09T10:00:00.000Z');
    const before = sentTo(bot, demo.alex, 'Family feedback · case CR-10421').length;
    await tick(bot, '2026-12-10T10:00:00.000Z');
    await tick(bot, '2026-12-10T15:00:00.000Z');
    return { before, card: onlyCardTo(bot, demo.alex, 'Family feedback · case CR-10421') };
  });

  it('the plan is on the audit as submitted; nothing is sent before its date', async () => {
    const audit = await submitted();
    expect(audit.review?.submitted?.familyFeedback).toMatchObject({ obtained: false, planBy: '2026-12-10' });
    expect((await asked()).before).toBe(0);
  });

  it('on the plan’s date the reviewer’s card arrives, once, with the plan and the question', async () => {
    const { card } = await asked();
    const text = cardText(card);
    expect(text).toContain('Your plan is due Thu 10 Dec 2026');
    expect(text).toContain('What will be done: PLAN: phone the mother when she is back.');
    expect(text).toContain('The date in your plan has come.');
    expect((await stored(bot, 'CR-10421')).history.filter((h) => h.event === 'family feedback chased')).toHaveLength(1);
  });

  // The refusals happen while the plan is open, before the answer is recorded, whichever test runs first.
  const refusals = step(async () => {
    const { card } = await asked();
    const refused = await press(bot, demo.alex, card, 'Record the feedback', { 'familyFeedback.said': '   ', 'familyFeedback.why': 'WHY2: half typed' });
    const afterBlank = (await stored(bot, 'CR-10421')).familyFeedbackFollowUp;
    const bySam = await press(bot, demo.sam, card, 'Record the feedback', { 'familyFeedback.said': SAID });
    const afterSam = (await stored(bot, 'CR-10421')).familyFeedbackFollowUp;
    return { refused, afterBlank, bySam, afterSam };
  });

  it('a blank answer is refused, the problem named next to it and what was typed kept; nothing is recorded', async () => {
    const { refused, afterBlank } = await refusals();
    expect(errorNextTo(refused, 'familyFeedback.said')).toBe('Say what the child and family said. If it is still not possible, use "Still not possible" below.');
    expect(inputsOn(refused)['familyFeedback.why']).toBe('WHY2: half typed');
    expect(afterBlank).toBeUndefined();
  });

  it('someone else cannot answer it', async () => {
    const { bySam, afterSam } = await refusals();
    expect(cardText(bySam)).toContain('This is not yours to act on');
    expect(afterSam).toBeUndefined();
  });

  const recorded = step(async () => {
    await refusals();
    const { card } = await asked();
    bot.clock.set('2026-12-11T11:00:00.000Z');
    const answer = await press(bot, demo.alex, card, 'Record the feedback', { 'familyFeedback.said': SAID });
    const again = await press(bot, demo.alex, card, 'Record the feedback', { 'familyFeedback.said': SAID });
    return { answer, again };
  });

  it('the answer is recorded with who and when, the plan kept; pressing again changes nothing', async () => {
    const { answer, again } = await recorded();
    expect(cardText(answer)).toContain('✓ Recorded. It is on the audit, and the plan is closed.');
    expect(cardText(answer)).toContain(SAID);
    expect(cardText(again)).toContain('Nothing changed: this is what you had already recorded.');
    const audit = await stored(bot, 'CR-10421');
    expect(audit.familyFeedbackFollowUp?.obtained).toEqual({ at: '2026-12-11T11:00:00.000Z', by: demo.alex.aadObjectId, said: SAID });
    expect(audit.review?.submitted?.familyFeedback).toMatchObject({ obtained: false, plan: 'PLAN: phone the mother when she is back.' });
  });

  it('the summary shows the plan and the feedback to people with a role on the audit, and the history who recorded it', async () => {
    await recorded();
    const bySam = cardText(await command(bot, demo.sam, 'audit CR-10421'));
    expect(bySam).toContain('Plan: PLAN: phone the mother when she is back. (by Thu 10 Dec 2026).');
    expect(bySam).toContain(`Obtained since (recorded by Alex Morgan on Fri 11 Dec 2026): ${SAID}`);
    const byDana = cardText(await command(bot, demo.dana, 'audit CR-10421'));
    expect(byDana).not.toContain('SAID:');
    const history = cardText(await command(bot, demo.alex, 'audit history CR-10421'));
    expect(history).toContain('family feedback recorded');
  });

  it('recorded in time: the team manager is never told', async () => {
    await recorded();
    await tick(bot, '2026-12-17T10:00:00.000Z');
    await tick(bot, '2026-12-18T10:00:00.000Z');
    expect(sentTo(bot, demo.sam, 'Family feedback not recorded')).toEqual([]);
  });
});

describe('Sandwell: a Requires Improvement review goes to the SW Academy (ST-28)', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await startWith('sandwell-trust');
  });
  afterAll(() => bot?.stop());

  const finalised = step(async () => {
    const { form } = await acceptAndOpen(bot, demo.alex, 'CR-10421');
    const values = { ...completeReview('sandwell-trust'), 'grade.overall': 'requiresImprovement' };
    const withRow = await press(bot, demo.alex, form, 'Add an action', values);
    await press(bot, demo.alex, withRow, 'Submit', { 'action.r1.description': 'ACT: share the plan with the family in plain words.', 'action.r1.ownerId': demo.jordan.aadObjectId, 'action.r1.dueDate': '2026-12-18' });
    await bot.deliver();
    const moderation = onlyCardTo(bot, demo.priya, 'Moderation · case CR-10421');
    await press(bot, demo.priya, moderation, 'Confirm moderation', moderationChoices({}, 'sandwell-trust'));
    await tick(bot, '2026-12-01T10:00:00.000Z');
    return stored(bot, 'CR-10421');
  });

  it('finalised as Requires Improvement: recorded for the SW Academy, held for Noor (not yet in Teams) and QA told it waits', async () => {
    const audit = await finalised();
    expect(audit.status).toBe('finalised');
    expect(audit.followUp).toMatchObject({ grade: 'requiresImprovement', by: 'swAcademy', to: [noor.aadObjectId] });
    expect(cardText(onlyCardTo(bot, demo.alex, 'Card waiting · case CR-10421'))).toContain('follow-up card');
  });

  it('once Noor opens the app the card arrives: case, grade, recommendations; Open shows the audit with its reasons', async () => {
    await finalised();
    await bot.post(installationUpdate(bot.connector.url, noor));
    await bot.deliver();
    const card = onlyCardTo(bot, noor, 'Follow-up: Requires Improvement · case CR-10421');
    expect(cardText(card)).toContain('1. ACT: share the plan with the family in plain words. · Jordan Lee · due Fri 18 Dec 2026 · open');
    expect(cardText(card)).not.toContain('RAT-');
    const summary = await press(bot, noor, card, 'Open the audit');
    expect(cardText(summary)).toContain('Audit result · case CR-10421');
    expect(cardText(summary)).toContain('RAT-overall');
  });
});

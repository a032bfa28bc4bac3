import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { acceptAndOpen, completeReview, errorNextTo, inputsOn, onlyCardTo, press, stored, type Card } from './audit-forms.js';

/**
 * West Sussex over HTTP (WS-04, WS-09): once Alex accepts, Jordan (the practitioner) is asked for a
 * self-assessment, which Alex then reads on the audit form; the meeting is mandatory, so Submit waits for it
 * or for a reason it could not take place, which QA reads on the result. The real bot, Cosmos SDK and store.
 */
describe('West Sussex: the self-assessment and the mandatory meeting, over HTTP', () => {
  const bot = new BotHarness();
  const text = (card: unknown) => cardText(card);
  const DIFFERENCE = 'SA-difference: she is back at school and sees her dad every week.';
  const DISCUSS = 'SA-discuss: the plan drifted over the summer.';
  let form: Card;

  beforeAll(async () => {
    await bot.start({ env: { POLICY_PROFILE: 'west-sussex' } });
    for (const who of [demo.alex, demo.jordan, demo.sam, demo.priya, demo.chris]) await bot.post(installationUpdate(bot.connector.url, who));
    await seedDemo(bot.services);
    await bot.deliver();
    ({ form } = await acceptAndOpen(bot, demo.alex, 'CR-10421'));
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  it('the practitioner is asked once; an empty answer comes back with the problem named and what was typed kept', async () => {
    const card = onlyCardTo(bot, demo.jordan, 'Your self-assessment · case CR-10421');
    expect(buttonTitles(card)).toEqual(['Send to the reviewer']);
    const before = (await stored(bot, 'CR-10421')).selfAssessment;
    const refused = await press(bot, demo.jordan, card, 'Send to the reviewer', { 'selfAssessment.difference': '  ', 'selfAssessment.discuss': DISCUSS });
    expect(errorNextTo(refused, 'selfAssessment.difference')).toBe('Say what difference you think your work has made for the child.');
    expect(inputsOn(refused)['selfAssessment.discuss']).toBe(DISCUSS);
    expect((await stored(bot, 'CR-10421')).selfAssessment).toEqual(before);
  });

  it('someone else cannot answer it for the practitioner', async () => {
    const card = onlyCardTo(bot, demo.jordan, 'Your self-assessment · case CR-10421');
    const before = (await stored(bot, 'CR-10421')).selfAssessment;
    const byAlex = await press(bot, demo.alex, card, 'Send to the reviewer', { 'selfAssessment.difference': 'not mine to say' });
    expect(text(byAlex)).toContain('This is not yours to act on');
    expect((await stored(bot, 'CR-10421')).selfAssessment).toEqual(before);
  });

  it('sent: the reviewer reads it on the audit form, with the meeting marked as required', async () => {
    const card = onlyCardTo(bot, demo.jordan, 'Your self-assessment · case CR-10421');
    const sent = await press(bot, demo.jordan, card, 'Send to the reviewer', { 'selfAssessment.difference': DIFFERENCE, 'selfAssessment.discuss': DISCUSS });
    expect(text(sent)).toContain('✓ Sent.');
    const reopened = await press(bot, demo.alex, form, 'Save draft', {});
    expect(text(reopened)).toContain(`Difference made: ${DIFFERENCE}`);
    expect(text(reopened)).toContain(`To talk about: ${DISCUSS}`);
    expect(text(reopened)).toContain('Required before you submit. It is not booked yet');
  });

  // Each Submit test has its own case, so they stand alone in any order.
  it('Submit without the meeting or a reason: refused, the problem named at the reason, everything typed kept', async () => {
    const { form } = await acceptAndOpen(bot, demo.alex, 'CR-10587');
    const { 'meeting.notHeld': _reason, ...withoutReason } = completeReview();
    const refused = await press(bot, demo.alex, form, 'Submit', withoutReason);
    expect(errorNextTo(refused, 'meeting.notHeld')).toContain('The collaborative meeting must take place before the audit is submitted');
    expect(inputsOn(refused)['rationale.overall']).toBe(withoutReason['rationale.overall']);
    expect((await stored(bot, 'CR-10587')).review?.submitted).toBeUndefined();
  });

  it('Submit with a reason: submitted; the history and the summary (Alex is also the QA coordinator) show the reason', async () => {
    const { form } = await acceptAndOpen(bot, demo.alex, 'CR-10633');
    const submitted = await press(bot, demo.alex, form, 'Submit', completeReview());
    expect(text(submitted)).toContain('✓ Submitted.');
    const audit = await stored(bot, 'CR-10633');
    expect(audit.history.find((h) => h.event === 'submitted without the meeting')?.reason).toBe(completeReview()['meeting.notHeld']);
    expect(text(submitted)).toContain('The collaborative meeting did not take place');
    expect(text(submitted)).toContain(completeReview()['meeting.notHeld']!);
  });
});

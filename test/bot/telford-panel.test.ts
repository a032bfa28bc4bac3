import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';
import { acceptAndOpen, completeReview, errorNextTo, inputsOn, moderationChoices, onlyCardTo, press, snapshot, stored } from './audit-forms.js';

const PROFILE = 'telford-wrekin';
const LEARNING = 'PANEL-learning: write down what the child said in their own words.';

/**
 * Telford & Wrekin over HTTP (TW-04, TW-05): a practice evaluation goes to a moderation panel. Chris Evans (the
 * least loaded moderator) chairs it; Priya Shah, the only other moderator who may moderate it, sits on it (the
 * demo has two of the three members the profile asks for). Both get the card; only the chair records the one
 * agreed decision, with who took part, whether it reflects practice, and the learning for the worker.
 */
describe('Telford & Wrekin: a moderation panel, over HTTP', () => {
  const bot = new BotHarness();
  const text = (card: unknown) => cardText(card);

  beforeAll(async () => {
    await bot.start({ env: { POLICY_PROFILE: PROFILE } });
    for (const who of [demo.alex, demo.jordan, demo.sam, demo.priya, demo.chris]) await bot.post(installationUpdate(bot.connector.url, who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  const submitted = step(async () => {
    const { form } = await acceptAndOpen(bot, demo.alex, 'CR-10421');
    const answer = await press(bot, demo.alex, form, 'Submit', completeReview(PROFILE));
    expect(text(answer)).toContain('✓ Submitted.');
    await bot.deliver();
    return stored(bot, 'CR-10421');
  });

  it('the chair and the member both get the moderation card; the reason says the panel is short of a member', async () => {
    const audit = await submitted();
    expect(audit.moderatorId).toBe(demo.chris.aadObjectId);
    expect(audit.moderation?.panel).toEqual([demo.priya.aadObjectId]);
    expect(audit.history.find((h) => h.event === 'moderator assigned')?.reason).toBe('QA pool: least loaded (0 open moderations); chairs a panel of 2, only 2 of 3 panel members available');

    const chairs = onlyCardTo(bot, demo.chris, 'Moderation · case CR-10421');
    expect(text(chairs)).toContain('You chair this panel. Record the one decision it agrees.');
    expect(buttonTitles(chairs)).toContain('Confirm moderation');

    const member = onlyCardTo(bot, demo.priya, 'Moderation · case CR-10421');
    expect(text(member)).toContain('Chris Evans chairs this panel with Priya Shah and records the decision it agrees.');
    expect(text(member)).toContain('RAT-overall'); // a member has a role on the audit: they read the rationale
    expect(buttonTitles(member)).not.toContain('Confirm moderation');
  });

  it('a member cannot record the decision for the panel', async () => {
    await submitted();
    const before = await snapshot(bot, 'CR-10421');
    const chairs = onlyCardTo(bot, demo.chris, 'Moderation · case CR-10421');
    const byPriya = await press(bot, demo.priya, chairs, 'Confirm moderation', { ...moderationChoices({}, PROFILE), 'panel.tookPart': demo.priya.aadObjectId, 'panel.reflects': 'yes', 'panel.learning': LEARNING });
    expect(text(byPriya)).not.toContain('✓ Moderation confirmed');
    expect(await snapshot(bot, 'CR-10421')).toBe(before);
  });

  it('without the panel’s answers, or naming someone not on it: refused with each problem named, what was typed kept', async () => {
    await submitted();
    const chairs = onlyCardTo(bot, demo.chris, 'Moderation · case CR-10421');
    const empty = await press(bot, demo.chris, chairs, 'Confirm moderation', moderationChoices({}, PROFILE));
    expect(errorNextTo(empty, 'panel.tookPart')).toBe('Say which panel members took part in the decision.');
    expect(errorNextTo(empty, 'panel.reflects')).toBe('Say whether the audit reflects the quality of practice.');
    expect(errorNextTo(empty, 'panel.learning')).toBe('Say what learning the audit gives the worker.');

    const tampered = await press(bot, demo.chris, chairs, 'Confirm moderation', { ...moderationChoices({}, PROFILE), 'panel.tookPart': `${demo.priya.aadObjectId},${demo.sam.aadObjectId}`, 'panel.reflects': 'partly', 'panel.learning': LEARNING });
    expect(errorNextTo(tampered, 'panel.tookPart')).toBe('Choose only members of this panel.');
    expect(inputsOn(tampered)['panel.learning']).toBe(LEARNING);
    expect(inputsOn(tampered)['panel.reflects']).toBe('partly');
    expect((await stored(bot, 'CR-10421')).status).toBe('awaitingModeration');
  });

  const decided = step(async () => {
    await submitted();
    const chairs = onlyCardTo(bot, demo.chris, 'Moderation · case CR-10421');
    const answer = await press(bot, demo.chris, chairs, 'Confirm moderation', { ...moderationChoices({}, PROFILE), 'panel.tookPart': demo.priya.aadObjectId, 'panel.reflects': 'partly', 'panel.learning': LEARNING });
    await bot.deliver();
    return answer;
  });

  it('the chair records the one agreed decision: kept with who took part, and on the worker’s result', async () => {
    const answer = await decided();
    expect(text(answer)).toContain('✓ Moderation confirmed');
    expect(text(answer)).toContain(`Chris Evans (chair) and Priya Shah agreed this result. It partly reflects the quality of practice. Learning for the worker: ${LEARNING}`);
    const audit = await stored(bot, 'CR-10421');
    expect(audit.status).toBe('finalised');
    expect(audit.moderation?.outcome?.panel).toEqual({ tookPart: [demo.chris.aadObjectId, demo.priya.aadObjectId], reflects: 'partly', learning: LEARNING });
    expect(audit.history.find((h) => h.event === 'panel decision')).toMatchObject({ by: demo.chris.aadObjectId, reason: LEARNING });

    const result = onlyCardTo(bot, demo.jordan, 'Audit result · case CR-10421');
    expect(text(result)).toContain('Moderation panel');
    expect(text(result)).toContain(`Learning for the worker: ${LEARNING}`);
  });
});

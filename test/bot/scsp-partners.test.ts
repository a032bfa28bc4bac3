import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import type { Member } from '../support/activities.js';
import { installationUpdate, message } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';
import { acceptAndOpen, completeReview, errorNextTo, inputsOn, press, sentTo, stored, type Card } from './audit-forms.js';

const PROFILE = 'scsp';
const INPUT = 'PARTNER-input: the health visitor saw the baby weekly; weight gain is steady.';

/**
 * SCSP's multi-agency audit over HTTP (SC-03): partner agencies take part, often without Teams, so the reviewer
 * records each one's contribution on its own card, opened by typing `partners CR-10421` as the audit form says.
 * What partners said is read like the rationale: by people with a role on the audit only.
 */
describe('SCSP: partner agencies’ input on a multi-agency audit, over HTTP', () => {
  const bot = new BotHarness();
  const text = (card: unknown) => cardText(card);

  beforeAll(async () => {
    await bot.start({ env: { POLICY_PROFILE: PROFILE } });
    for (const who of [demo.alex, demo.jordan, demo.sam, demo.priya, demo.chris, demo.taylor]) await bot.post(installationUpdate(bot.connector.url, who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  const opened = step(() => acceptAndOpen(bot, demo.alex, 'CR-10421'));

  /** The partner card as `who` gets it by typing `partners CR-10421`. */
  const partnersCard = async (who: Member): Promise<Card | undefined> => {
    await bot.post(message(bot.connector.url, who, 'partners CR-10421'));
    return sentTo(bot, who, "Partner agencies' input · case CR-10421").at(-1);
  };

  it('the audit form says how to record the partners’ input', async () => {
    const { form } = await opened();
    expect(text(form)).toContain('Multi-agency audit: type **partners CR-10421** to record what each partner agency contributed');
  });

  // While the audit is Alex's to write (before the submission test, whichever order they run in).
  const refusal = step(async () => {
    await opened();
    const card = (await partnersCard(demo.alex))!;
    const before = (await stored(bot, 'CR-10421')).partnerInputs;
    const refused = await press(bot, demo.alex, card, 'Record this input', { 'partner.agency': 'Health', 'partner.role': ' ', 'partner.input': 'x'.repeat(501) });
    const after = (await stored(bot, 'CR-10421')).partnerInputs;
    return { card, before, refused, after };
  });

  it('blank or too long: refused with each problem named next to its input, what was typed kept, nothing recorded', async () => {
    const { card, before, refused, after } = await refusal();
    expect(buttonTitles(card)).toEqual(['Record this input']);
    expect(errorNextTo(refused, 'partner.role')).toBe('Give the role of the person from the agency, such as Health visitor.');
    expect(errorNextTo(refused, 'partner.input')).toBe('Keep this under 500 characters (it has 501).');
    expect(inputsOn(refused)['partner.agency']).toBe('Health');
    expect(after).toEqual(before);
  });

  const recorded = step(async () => {
    await opened();
    const card = (await partnersCard(demo.alex))!;
    const answer = await press(bot, demo.alex, card, 'Record this input', { 'partner.agency': 'Health', 'partner.role': 'Health visitor', 'partner.input': INPUT });
    const again = await press(bot, demo.alex, card, 'Record this input', { 'partner.agency': 'Health', 'partner.role': 'Health visitor', 'partner.input': INPUT });
    return { answer, again };
  });

  it('recorded once (a second press changes nothing), with who and when, and in the history', async () => {
    const { answer, again } = await recorded();
    expect(text(answer)).toContain('✓ Recorded on the audit.');
    expect(text(answer)).toContain('Health · Health visitor (recorded by Alex Morgan');
    expect(text(answer)).toContain(INPUT);
    expect(text(again)).toContain('Nothing changed: this input was already recorded.');
    const audit = await stored(bot, 'CR-10421');
    expect(audit.partnerInputs).toEqual([expect.objectContaining({ id: 'p1', agency: 'Health', role: 'Health visitor', input: INPUT, recordedBy: demo.alex.aadObjectId })]);
    expect(audit.history.filter((h) => h.event === 'partner input recorded').map((h) => h.detail)).toEqual(['Health (Health visitor)']);
  });

  it('the team manager reads it but cannot record; someone with no role on the audit is refused', async () => {
    await recorded();
    const sams = await partnersCard(demo.sam);
    expect(text(sams)).toContain(INPUT);
    expect(buttonTitles(sams!)).toEqual([]);
    const { card } = await refusal(); // Alex's form, pressed by Sam
    const bySam = await press(bot, demo.sam, card, 'Record this input', { 'partner.agency': 'Police', 'partner.role': 'PC', 'partner.input': 'x' });
    expect(text(bySam)).not.toContain('✓ Recorded');
    await bot.post(message(bot.connector.url, demo.taylor, 'partners CR-10421'));
    expect(text(sentTo(bot, demo.taylor, '').at(-1))).not.toContain(INPUT);
    expect((await stored(bot, 'CR-10421')).partnerInputs).toHaveLength(1);
  });

  it('submitted: the partners’ input is on the result, with the rationale', async () => {
    await refusal();
    await recorded();
    const { form } = await opened();
    const submitted = await press(bot, demo.alex, form, 'Submit', completeReview(PROFILE));
    expect(text(submitted)).toContain('✓ Submitted.');
    expect(text(submitted)).toContain("Partner agencies' input");
    expect(text(submitted)).toContain(`Health · Health visitor: ${INPUT}`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, message } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { acceptAndOpen, errorNextTo, inputIds, press, sentTo, stored, type Card } from './audit-forms.js';

/**
 * An immediate safeguarding concern over HTTP (West Sussex, WS-11): Alex raises one by typing `concern CR-10421`, as the audit form tells them; the case's
 * team manager, service manager and head of service each get it at once and acknowledge it; it is in the history.
 * The real bot, Cosmos SDK and embedded store.
 */
describe('an immediate safeguarding concern, over HTTP', () => {
  const bot = new BotHarness();
  const text = (card: unknown) => cardText(card);
  const REASON = 'CONCERN: the child said her stepfather hit her last night.';
  let form: Card;

  /** The concern form, opened by typing `concern CR-10421` (the audit form says so). */
  const concernForm = async (): Promise<Card> => {
    await bot.post(message(bot.connector.url, demo.alex, 'concern CR-10421'));
    const card = sentTo(bot, demo.alex, 'Raise an immediate safeguarding concern · case CR-10421').at(-1);
    expect(card).toBeDefined();
    return card!;
  };

  beforeAll(async () => {
    await bot.start({ env: { POLICY_PROFILE: 'west-sussex' } });
    for (const who of [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris, demo.dana]) await bot.post(installationUpdate(bot.connector.url, who));
    await seedDemo(bot.services);
    await bot.deliver();
    ({ form } = await acceptAndOpen(bot, demo.alex, 'CR-10421'));
  });
  afterAll(() => bot.stop());

  it('the form says who it goes to; an empty reason comes back with the problem named; nothing is sent', async () => {
    const card = await concernForm();
    expect(text(card)).toContain("It goes at once to the case's team manager, service manager, head of service and QA coordinator.");
    const before = (await stored(bot, 'CR-10421')).concerns?.length ?? 0;
    const refused = await press(bot, demo.alex, card, 'Send the concern now', { 'concern.reason': '   ' });
    expect(errorNextTo(refused, 'concern.reason')).toBe('Say what the concern is, so the managers can act on it now.');
    expect((await stored(bot, 'CR-10421')).concerns?.length ?? 0).toBe(before);
  });

  it('someone with no part in the audit cannot raise one, by the card or by command', async () => {
    const card = await concernForm();
    expect(text(await press(bot, demo.jordan, card, 'Send the concern now', { 'concern.reason': 'x' }))).toContain('This is not yours to act on');
    await bot.post(message(bot.connector.url, demo.jordan, 'concern CR-10421'));
    expect(text(sentTo(bot, demo.jordan, '').at(-1))).not.toContain('Raise an immediate safeguarding concern');
  });

  it('sent: the team manager, service manager and head of service each get it once and acknowledge it; the history has it', async () => {
    const card = await concernForm();
    const sent = await press(bot, demo.alex, card, 'Send the concern now', { 'concern.reason': REASON });
    expect(text(sent)).toContain('✓ Sent.');
    const twice = await press(bot, demo.alex, card, 'Send the concern now', { 'concern.reason': REASON });
    expect(text(twice)).toContain('Nothing changed: this concern had already been sent.');
    await bot.deliver();
    for (const who of [demo.sam, demo.priya, demo.dana]) {
      const cards = sentTo(bot, who, 'Immediate safeguarding concern · case CR-10421');
      expect(cards, who.name).toHaveLength(1);
      expect(text(cards[0])).toContain(REASON);
      expect(buttonTitles(cards[0])).toEqual(['Acknowledge']);
      const acked = await press(bot, who, cards[0], 'Acknowledge');
      expect(text(acked)).toContain(`${who.name} (`);
      expect(buttonTitles(acked)).toEqual([]);
    }
    expect(sentTo(bot, demo.jordan, 'Immediate safeguarding concern')).toHaveLength(0);
    const audit = await stored(bot, 'CR-10421');
    expect(audit.history.filter((h) => h.event === 'immediate concern acknowledged')).toHaveLength(3);
    expect(audit.history.find((h) => h.event === 'immediate concern raised')?.reason).toBe(REASON);
  });

  it('the audit form tells the reviewer how to raise one; the concern form asks only for the reason', async () => {
    expect(text(form)).toContain('Type **concern CR-10421** to raise an immediate safeguarding concern');
    expect(inputIds(await concernForm())).toEqual(['concern.reason']);
  });
});

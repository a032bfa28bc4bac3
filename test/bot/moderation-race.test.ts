import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { acceptAndOpen, moderationChoices, onlyCardTo, press, PRIVATE_TEXTS, stored, submitCompleteReview, type Card } from './audit-forms.js';

const ALREADY = 'Nothing changed: this moderation had already been confirmed.';
const CONFIRMED = '✓ Moderation confirmed on';
const REFUSED = 'This is not yours to act on';

/**
 * Two moderators acting on one audit at the same moment — and the assigned one pressing Confirm twice (a
 * double click, or the card open on two devices). Exactly one confirmation is recorded; everyone else is
 * answered with where the audit now stands.
 */
describe('moderators acting at once on one audit, over HTTP', () => {
  const bot = new BotHarness();
  const text = (card: unknown) => cardText(card);
  const resultCards = (caseRef: string) => bot.connector.cards(undefined, 'POST').filter((c) => text(c.card).includes(`Audit result · case ${caseRef}`));

  /** Alex submits a complete review of `caseRef`; the moderation card is delivered; returns it. */
  async function awaitingModeration(caseRef: string): Promise<Card> {
    const { form } = await acceptAndOpen(bot, demo.alex, caseRef);
    expect(text(await submitCompleteReview(bot, demo.alex, form))).toContain('✓ Submitted.');
    await bot.deliver();
    const audit = await stored(bot, caseRef);
    expect(audit.status).toBe('awaitingModeration');
    expect(audit.moderatorId).toBe(demo.chris.aadObjectId);
    return onlyCardTo(bot, demo.chris, `Moderation · case ${caseRef}`);
  }

  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris]) await bot.post(installationUpdate(bot.connector.url, who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  it('the assigned moderator twice at once and the other moderator at the same time: one confirmation, the rest see the current state', async () => {
    const card = await awaitingModeration('CR-10421');
    const choices = moderationChoices({ planning: ['requiresImprovement', 'MOD-REASON: no timescales in the plan.'] });

    const [first, second, other] = await Promise.all([
      press(bot, demo.chris, card, 'Confirm moderation', choices),
      press(bot, demo.chris, card, 'Confirm moderation', choices),
      press(bot, demo.priya, card, 'Confirm moderation', moderationChoices()),
    ]);

    // One of Chris's presses confirmed; the other found it done. Both now show the confirmed, read-only record.
    const chris = [first, second].map(text);
    expect(chris.filter((t) => t.includes(ALREADY))).toHaveLength(1);
    for (const t of chris) {
      expect(t).toContain(CONFIRMED);
      expect(t).toContain('Changed: Good → Requires Improvement.');
    }
    expect(buttonTitles(first)).toEqual([]);
    expect(buttonTitles(second)).toEqual([]);
    // Priya is refused, shown nothing of the audit.
    expect(text(other)).toContain(REFUSED);
    for (const secret of [...PRIVATE_TEXTS, 'MOD-REASON']) expect(text(other)).not.toContain(secret);
    expect(bot.logged.some((l) => l.event === 'refused' && l.fields?.actorId === demo.priya.aadObjectId)).toBe(true);

    const audit = await stored(bot, 'CR-10421');
    expect(audit.status).toBe('finalised');
    expect(audit.moderation?.outcome?.by).toBe(demo.chris.aadObjectId);
    expect(audit.history.filter((h) => h.event === 'moderated')).toHaveLength(1);
    expect(audit.history.filter((h) => h.event === 'finalised')).toHaveLength(1);
    expect(audit.history.filter((h) => h.event === 'grade changed')).toHaveLength(1);
    expect(audit.outbox.filter((m) => m.kind === 'result')).toHaveLength(3);

    await bot.deliver();
    await bot.deliver();
    expect(resultCards('CR-10421').map((c) => c.call.conversationId).sort()).toEqual([demo.alex, demo.sam, demo.jordan].map((m) => bot.conversationOf(m)).sort());
    expect(bot.logged.some((l) => l.event === 'unexpected-error' || l.event === 'turn-error')).toBe(false);
  });

  it('under heavier contention (many presses from both moderators at once) still exactly one confirmation', async () => {
    const card = await awaitingModeration('CR-10633');
    const choices = moderationChoices();
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => press(bot, demo.chris, card, 'Confirm moderation', choices)),
      ...Array.from({ length: 2 }, () => press(bot, demo.priya, card, 'Confirm moderation', choices)),
      press(bot, demo.chris, card, 'Save draft', choices),
    ]);
    const chris = answers.slice(0, 4).map(text);
    expect(chris.filter((t) => !t.includes(ALREADY))).toHaveLength(1);
    for (const t of chris) expect(t).toContain(CONFIRMED);
    for (const answer of answers.slice(4, 6)) expect(text(answer)).toContain(REFUSED);
    // A save racing the confirm either landed first (then the confirm replaced it) or found it confirmed.
    expect(text(answers[6])).toMatch(/✓ Draft saved|already been confirmed/);

    const audit = await stored(bot, 'CR-10633');
    expect(audit.status).toBe('finalised');
    expect(audit.moderation?.draft).toBeUndefined();
    expect(audit.history.filter((h) => h.event === 'moderated')).toHaveLength(1);
    expect(audit.history.filter((h) => h.event === 'finalised')).toHaveLength(1);
    await bot.deliver();
    expect(resultCards('CR-10633')).toHaveLength(3);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { auditId } from '../../workflow/audit.js';
import { updateMessage } from '../../workflow/outbox.js';
import { installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { cardText } from '../support/card-parser.js';

/**
 * A sender that died between Teams accepting a card and the store recording it leaves the message "in doubt"
 * (claimed, no outcome). The next sender asks Teams, through Graph, whether the card is in the chat, by the
 * stamp every card carries, and sends it only if it is not.
 */
describe('a send in doubt after a crash is settled by asking Teams, not by sending again', () => {
  const bot = new BotHarness();
  const ID = auditId('2026-12', 'CR-10744'); // Chris's demo allocation
  const KEY = `allocation:${ID}:r1`;
  const chrisCards = () => bot.connector.cards(bot.conversationOf(demo.chris), 'POST').filter((c) => cardText(c.card).includes('Audit allocation · case CR-10744'));
  /** Puts the card back as a dead sender would leave it: claimed three minutes ago, no outcome recorded. */
  const leaveInDoubt = () =>
    bot.services.audits.update(bot.services.tenantId, ID, (a) =>
      updateMessage(a, KEY, ({ activityId: _a, conversationId: _c, sentAt: _s, ...m }) => ({ ...m, state: 'sending', claimedAt: new Date(bot.clock.now().getTime() - 180_000).toISOString() })),
    );

  beforeAll(async () => {
    await bot.start({ graphIsTeams: true });
    await bot.post(installationUpdate(bot.connector.url, demo.chris));
    bot.connector.chats.set(demo.chris.aadObjectId, bot.conversationOf(demo.chris));
    await seedDemo(bot.services);
  });
  afterAll(() => bot.stop());

  it('a card that did reach the chat is recorded as sent, with the id Teams gave it, and not sent again', async () => {
    await bot.deliver();
    expect(chrisCards()).toHaveLength(1);
    const first = chrisCards()[0]!.call.assignedId;
    await leaveInDoubt();
    await bot.deliver();
    expect(chrisCards()).toHaveLength(1);
    const message = (await bot.services.audits.get(bot.services.tenantId, ID))!.outbox.find((m) => m.key === KEY)!;
    expect(message).toMatchObject({ state: 'sent', activityId: first, conversationId: bot.conversationOf(demo.chris) });
  });

  it('a card that never reached the chat is sent, once', async () => {
    // As if the sender died after claiming, before posting: Teams has no card with this stamp.
    bot.connector.calls.splice(0, bot.connector.calls.length);
    await leaveInDoubt();
    await bot.deliver();
    await bot.deliver();
    expect(chrisCards()).toHaveLength(1);
    expect((await bot.services.audits.get(bot.services.tenantId, ID))!.outbox.find((m) => m.key === KEY)!.state).toBe('sent');
  });
});

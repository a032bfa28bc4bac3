import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { cardAction, installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { button, buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';

/** When nobody can make it: the card says who blocks it and offers the ways out. */
describe('no time for the review meeting, over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const card = (reply: { body?: { value?: unknown } }) => reply.body!.value as Record<string, unknown>;
  let noSlot: Record<string, unknown>;

  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.sam]) await bot.post(installationUpdate(url(), who));
    await seedDemo(bot.services);
    await bot.deliver();
    // Sam Patel, the team manager, is on leave for the rest of the month (an all-day event, shown as away).
    const leave = await fetch(`${bot.runtime.localCalendarUrl}/v1.0/users/sam.patel@example.org/events`, {
      method: 'POST',
      headers: { authorization: 'Bearer local-graph-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: 'Annual leave',
        isAllDay: true,
        showAs: 'oof',
        start: { dateTime: '2026-12-01T00:00:00', timeZone: 'Europe/London' },
        end: { dateTime: '2027-01-01T00:00:00', timeZone: 'Europe/London' },
      }),
    });
    expect(leave.status).toBe(201);
    const allocation = bot.connector.cards(bot.conversationOf(demo.alex), 'POST').find((c) => cardText(c.card).includes('Audit allocation · case CR-10421'))!.card;
    const accept = button(allocation, 'Accept');
    const accepted = card(await bot.post(cardAction(url(), demo.alex, accept.verb, { ...accept.data, practitionerConfirmed: 'true' })));
    const find = button(accepted, 'Book the meeting');
    noSlot = card(await bot.post(cardAction(url(), demo.alex, find.verb, find.data)));
  });
  afterAll(() => bot.stop());

  it('names who blocks it and offers booking without them or asking QA for a later deadline', () => {
    const text = cardText(noSlot);
    expect(text).toMatch(/Sam Patel .*before Thu 31 Dec/);
    expect(buttonTitles(noSlot)).toEqual(expect.arrayContaining(['Book without Sam Patel', 'Ask QA for a later deadline']));
    expect(buttonTitles(noSlot)).not.toContain('Book this time');
  });

  it('"Book without Sam Patel" offers times with Sam still invited, as optional, and marked', async () => {
    const without = button(noSlot, 'Book without Sam Patel');
    const offer = card(await bot.post(cardAction(url(), demo.alex, without.verb, without.data)));
    expect(buttonTitles(offer)).toContain('Book this time');
    expect(cardText(offer)).toContain('Sam Patel · team manager · optional');
    expect(cardText(offer)).toContain('Sam Patel away (optional)');
  });

  it('"Ask QA for a later deadline" tells the coordinator once, with the reason', async () => {
    const ask = button(noSlot, 'Ask QA for a later deadline');
    for (let i = 0; i < 2; i += 1) {
      await bot.post(cardAction(url(), demo.alex, ask.verb, { ...ask.data, 'meeting.deadlineReason': 'The team manager is on leave all month' }));
    }
    await bot.deliver();
    const told = bot.connector.cards(bot.conversationOf(demo.alex), 'POST').map((c) => cardText(c.card)).filter((t) => t.includes('Later deadline requested · case CR-10421'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('The team manager is on leave all month');
  });
});

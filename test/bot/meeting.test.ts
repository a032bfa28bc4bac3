import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { auditId } from '../../workflow/audit.js';
import { cardAction, installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { button, buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';

/** Booking the collaborative meeting from the card, through the real Graph client and the local calendar server. */
describe('booking the review meeting over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const card = (reply: { body?: { value?: unknown } }) => reply.body!.value as Record<string, unknown>;
  const id = auditId('2026-12', 'CR-10421');
  const stored = async () => (await bot.services.audits.get(bot.services.tenantId, id))!;
  const eventsOf = async (email: string) => {
    const response = await fetch(`${bot.runtime.localCalendarUrl}/v1.0/users/${email}/events`, { headers: { authorization: 'Bearer local-graph-token' } });
    return ((await response.json()) as { value: { id: string; subject: string; start: { dateTime: string }; isCancelled?: boolean }[] }).value;
  };
  let accepted: Record<string, unknown>;

  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.jordan, demo.sam]) await bot.post(installationUpdate(url(), who));
    await seedDemo(bot.services);
    await bot.deliver();
    const allocation = bot.connector.cards(bot.conversationOf(demo.alex), 'POST').find((c) => cardText(c.card).includes('Audit allocation · case CR-10421'))!.card;
    const accept = button(allocation, 'Accept');
    accepted = card(await bot.post(cardAction(url(), demo.alex, accept.verb, { ...accept.data, practitionerConfirmed: 'true' })));
  });
  afterAll(() => bot.stop());

  let offer: Record<string, unknown>;
  let booked: Record<string, unknown>;

  it('"Book the meeting" offers the earliest times when reviewer, practitioner and team manager are all free', async () => {
    const find = button(accepted, 'Book the meeting');
    offer = card(await bot.post(cardAction(url(), demo.alex, find.verb, find.data)));
    const text = cardText(offer);
    expect(text).toContain('Collaborative audit meeting · case CR-10421');
    expect(text).toContain('Jordan Lee · practitioner');
    expect(text).toContain('Sam Patel · team manager');
    expect(buttonTitles(offer)).toContain('Book this time');
    expect((await stored()).meeting?.offer?.slots.length).toBeGreaterThan(0);
  });

  it('someone else cannot book it', async () => {
    const book = button(offer, 'Book this time');
    const reply = await bot.post(cardAction(url(), demo.sam, book.verb, book.data));
    expect(cardText(card(reply))).toContain('This is not yours to act on');
    expect((await stored()).meeting?.status).toBe('proposed');
  });

  it('booking creates one Teams meeting in the reviewer\'s calendar with everyone invited, even when pressed twice', async () => {
    const book = button(offer, 'Book this time');
    const slot = (await stored()).meeting!.offer!.slots[0]!.start;
    const [first, second] = await Promise.all([
      bot.post(cardAction(url(), demo.alex, book.verb, { ...book.data, 'meeting.slot': slot })),
      bot.post(cardAction(url(), demo.alex, book.verb, { ...book.data, 'meeting.slot': slot })),
    ]);
    for (const reply of [first, second]) expect(cardText(card(reply))).toContain('✓ Booked:');
    const audit = await stored();
    expect(audit.status).toBe('meetingBooked');
    expect(audit.meeting?.booking?.joinUrl).toMatch(/^https:\/\//);
    const events = (await eventsOf('alex.morgan@example.org')).filter((e) => e.subject.includes('CR-10421'));
    expect(events).toHaveLength(1);
    expect(events[0]!.subject).toBe('QA collaborative audit · case CR-10421');
    expect((await eventsOf('jordan.lee@example.org')).some((e) => e.subject.includes('CR-10421'))).toBe(true);
    booked = card(first);
    expect(buttonTitles(booked)).toEqual(expect.arrayContaining(['Join the Teams meeting', 'Find another time', 'Cancel the meeting']));
  });

  it('the practitioner and team manager hear about it in chat; "my audits" shows the time', async () => {
    await bot.deliver();
    // (the Outlook invitation is the real notice; the chat message is a heads-up)
    expect(bot.connector.cards(bot.conversationOf(demo.jordan), 'POST').some((c) => cardText(c.card).includes('CR-10421'))).toBe(true);
  });

  it('when a required attendee declines, the reviewer gets the meeting card back to find another time, once', async () => {
    const copy = (await eventsOf('jordan.lee@example.org')).find((e) => e.subject.includes('CR-10421'))!;
    const declined = await fetch(`${bot.runtime.localCalendarUrl}/v1.0/users/jordan.lee@example.org/events/${copy.id}/decline`, {
      method: 'POST',
      headers: { authorization: 'Bearer local-graph-token', 'content-type': 'application/json' },
      body: JSON.stringify({ comment: 'On leave that day', sendResponse: true }),
    });
    expect(declined.status).toBeLessThan(300);
    for (let i = 0; i < 2; i += 1) {
      await bot.runtime.meetingResponses.runOnce();
      await bot.deliver();
    }
    const told = bot.connector.cards(bot.conversationOf(demo.alex), 'POST').filter((c) => cardText(c.card).includes('Jordan Lee declined the meeting'));
    expect(told).toHaveLength(1);
    expect(buttonTitles(told[0]!.card)).toContain('Find another time');
    expect(cardText(told[0]!.card)).toContain('Jordan Lee: ⚠ declined');
  });

  it('moving it updates the one event; cancelling sends cancellations and frees the calendars', async () => {
    const find = button(booked, 'Find another time');
    const reoffer = card(await bot.post(cardAction(url(), demo.alex, find.verb, find.data)));
    const move = button(reoffer, 'Move the meeting to this time');
    const before = (await stored()).meeting!.booking!;
    const next = (await stored()).meeting!.offer!.slots.find((sl) => sl.start !== before.start)!.start;
    const moved = card(await bot.post(cardAction(url(), demo.alex, move.verb, { ...move.data, 'meeting.slot': next })));
    expect(cardText(moved)).toContain('✓ Moved.');
    const after = (await stored()).meeting!.booking!;
    expect(after.eventId).toBe(before.eventId);
    expect(after.start).toBe(next);

    const start = button(moved, 'Cancel the meeting');
    const asking = card(await bot.post(cardAction(url(), demo.alex, start.verb, start.data)));
    const send = button(asking, 'Send cancellation');
    const cancelled = card(await bot.post(cardAction(url(), demo.alex, send.verb, { ...send.data, 'meeting.cancelReason': 'Practitioner on leave' })));
    expect(cardText(cancelled)).toContain('✓ Cancelled.');
    const again = card(await bot.post(cardAction(url(), demo.alex, send.verb, { ...send.data, 'meeting.cancelReason': 'Practitioner on leave' })));
    expect(cardText(again)).toContain('Nothing changed');
    expect((await stored()).status).toBe('accepted');
    expect((await eventsOf('alex.morgan@example.org')).filter((e) => e.subject.includes('CR-10421') && !e.isCancelled)).toHaveLength(0);
  });
});

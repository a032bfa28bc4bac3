import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { auditId } from '../../workflow/audit.js';
import { cardAction, installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { button, buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';

/**
 * Booking the collaborative meeting from the card, through the real Graph client and the local calendar server.
 * The tests are steps of one story (offer, a refused booking, booked, the heads-up, a decline, moved and cancelled);
 * each step returns what its test checks, read when it ran, since later steps change the meeting.
 */
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

  /** Alex presses "Book the meeting" on the accepted card. */
  const offered = step(async () => {
    const find = button(accepted, 'Book the meeting');
    const offer = card(await bot.post(cardAction(url(), demo.alex, find.verb, find.data)));
    return { offer, audit: await stored() };
  });

  /** Sam presses "Book this time" on Alex's offer. */
  const bookedBySam = step(async () => {
    const { offer } = await offered();
    const book = button(offer, 'Book this time');
    const reply = card(await bot.post(cardAction(url(), demo.sam, book.verb, book.data)));
    return { reply, audit: await stored() };
  });

  /** Alex books the first time, pressing twice at once. */
  const booked = step(async () => {
    await bookedBySam();
    const book = button((await offered()).offer, 'Book this time');
    const slot = (await stored()).meeting!.offer!.slots[0]!.start;
    const [first, second] = await Promise.all([
      bot.post(cardAction(url(), demo.alex, book.verb, { ...book.data, 'meeting.slot': slot })),
      bot.post(cardAction(url(), demo.alex, book.verb, { ...book.data, 'meeting.slot': slot })),
    ]);
    return {
      replies: [card(first), card(second)],
      audit: await stored(),
      alexEvents: await eventsOf('alex.morgan@example.org'),
      jordanEvents: await eventsOf('jordan.lee@example.org'),
    };
  });

  /** Delivery runs after the booking: the cards it sends Jordan. */
  const headsUp = step(async () => {
    await booked();
    const before = bot.connector.cards(bot.conversationOf(demo.jordan), 'POST').length;
    await bot.deliver();
    return bot.connector.cards(bot.conversationOf(demo.jordan), 'POST').slice(before);
  });

  /** Jordan declines the invitation; the meeting-responses job and delivery run twice. */
  const attendeeDeclined = step(async () => {
    await headsUp();
    const copy = (await eventsOf('jordan.lee@example.org')).find((e) => e.subject.includes('CR-10421'))!;
    const declined = await fetch(`${bot.runtime.localCalendarUrl}/v1.0/users/jordan.lee@example.org/events/${copy.id}/decline`, {
      method: 'POST',
      headers: { authorization: 'Bearer local-graph-token', 'content-type': 'application/json' },
      body: JSON.stringify({ comment: 'On leave that day', sendResponse: true }),
    });
    for (let i = 0; i < 2; i += 1) {
      await bot.runtime.meetingResponses.runOnce();
      await bot.deliver();
    }
    return { declined: declined.status, told: bot.connector.cards(bot.conversationOf(demo.alex), 'POST').filter((c) => cardText(c.card).includes('Jordan Lee declined the meeting')) };
  });

  it('"Book the meeting" offers the earliest times when reviewer, practitioner and team manager are all free', async () => {
    const { offer, audit } = await offered();
    const text = cardText(offer);
    expect(text).toContain('Collaborative audit meeting · case CR-10421');
    expect(text).toContain('Jordan Lee · practitioner');
    expect(text).toContain('Sam Patel · team manager');
    expect(buttonTitles(offer)).toContain('Book this time');
    expect(audit.meeting?.offer?.slots.length).toBeGreaterThan(0);
  });

  it('someone else cannot book it', async () => {
    const { reply, audit } = await bookedBySam();
    expect(cardText(reply)).toContain('This is not yours to act on');
    expect(audit.meeting?.status).toBe('proposed');
  });

  it('booking creates one Teams meeting in the reviewer\'s calendar with everyone invited, even when pressed twice', async () => {
    const { replies, audit, alexEvents, jordanEvents } = await booked();
    for (const reply of replies) expect(cardText(reply)).toContain('✓ Booked:');
    expect(audit.status).toBe('meetingBooked');
    expect(audit.meeting?.booking?.joinUrl).toMatch(/^https:\/\//);
    const events = alexEvents.filter((e) => e.subject.includes('CR-10421'));
    expect(events).toHaveLength(1);
    expect(events[0]!.subject).toBe('QA collaborative audit · case CR-10421');
    expect(jordanEvents.some((e) => e.subject.includes('CR-10421'))).toBe(true);
    expect(buttonTitles(replies[0]!)).toEqual(expect.arrayContaining(['Join the Teams meeting', 'Find another time', 'Cancel the meeting']));
  });

  it('the practitioner and team manager hear about it in chat; "my audits" shows the time', async () => {
    // (the Outlook invitation is the real notice; the chat message is a heads-up)
    expect((await headsUp()).some((c) => cardText(c.card).includes('CR-10421'))).toBe(true);
  });

  it('when a required attendee declines, the reviewer gets the meeting card back to find another time, once', async () => {
    const { declined, told } = await attendeeDeclined();
    expect(declined).toBeLessThan(300);
    expect(told).toHaveLength(1);
    expect(buttonTitles(told[0]!.card)).toContain('Find another time');
    expect(cardText(told[0]!.card)).toContain('Jordan Lee: ⚠ declined');
  });

  it('moving it updates the one event; cancelling sends cancellations and frees the calendars', async () => {
    await attendeeDeclined(); // the story's last step: every other test's step comes before it
    const find = button((await booked()).replies[0]!, 'Find another time');
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

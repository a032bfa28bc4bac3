import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, message, type Member } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { button, buttonTitles } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';
import { acceptAndOpen, completeReview, invoke, moderationChoices, onlyCardTo, press, snapshot, stored, type Card } from './audit-forms.js';

/**
 * West Sussex's Reflective Practice & Action Meeting over HTTP (WS-39): Alex grades CR-10421 Inadequate, the
 * moderator confirms it, and the Inadequate process that follows asks Alex to book the meeting with the
 * practitioner, the team manager and the moderator. Alex books it from the card: the real Graph client creates it
 * in Alex's calendar on the local calendar server, everyone invited. The real bot, Cosmos SDK and store.
 *
 * The tests are steps of one story; each step returns what its test checks, read when it ran.
 */
describe('West Sussex: the Reflective Practice & Action Meeting, over HTTP', () => {
  const bot = new BotHarness();
  const CASE = 'CR-10421';
  const TITLE = `Reflective Practice & Action Meeting · case ${CASE}`;
  const EVERYONE = [demo.alex, demo.sam, demo.jordan, demo.priya, demo.chris, demo.taylor, demo.dana];
  const memberOf = (id: string | undefined): Member => EVERYONE.find((m) => m.aadObjectId === id)!;
  const emailOf = (who: Member) => `${who.name.toLowerCase().replace(' ', '.')}@example.org`;
  type CalendarEvent = { id: string; subject: string; start: { dateTime: string }; attendees: { type: string; emailAddress: { address: string } }[] };
  const eventsOf = async (email: string) => {
    const response = await fetch(`${bot.runtime.localCalendarUrl}/v1.0/users/${email}/events?$top=100`, { headers: { authorization: 'Bearer local-graph-token' } });
    return ((await response.json()) as { value: CalendarEvent[] }).value;
  };
  /** Sends a command and returns the card the bot answered with. */
  const command = async (who: Member, text: string): Promise<Card> => {
    const before = bot.connector.cards(bot.conversationOf(who), 'POST').length;
    await bot.post(message(bot.connector.url, who, text));
    const cards = bot.connector.cards(bot.conversationOf(who), 'POST');
    if (cards.length !== before + 1) throw new Error(`"${text}" by ${who.name} answered ${cards.length - before} cards`);
    return cards.at(-1)!.card;
  };

  beforeAll(async () => {
    await bot.start({ env: { POLICY_PROFILE: 'west-sussex' } });
    for (const who of EVERYONE) await bot.post(installationUpdate(bot.connector.url, who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  /** Alex grades the case Inadequate (the meeting's absence explained, one remedial action) and submits. */
  const submitted = step(async () => {
    const { form } = await acceptAndOpen(bot, demo.alex, CASE);
    const values = { ...completeReview(), 'grade.overall': 'inadequate', 'rationale.overall': 'RAT-overall: the child was not seen for six weeks.' };
    const withRow = await press(bot, demo.alex, form, 'Add an action', values);
    const answer = await press(bot, demo.alex, withRow, 'Submit', {
      'action.r1.description': 'ACT-REMEDIAL: visit the child with the team manager and update the safety plan.',
      'action.r1.ownerId': demo.sam.aadObjectId,
      'action.r1.dueDate': '2026-12-11',
    });
    await bot.deliver();
    const asked = bot.connector.cards(bot.conversationOf(demo.alex), 'POST').some((c) => cardText(c.card).includes(TITLE));
    return { answer, asked, audit: await stored(bot, CASE) };
  });

  /** The moderator confirms every grade; the Inadequate process starts and delivery runs. */
  const confirmed = step(async () => {
    const { audit } = await submitted();
    const moderator = memberOf(audit.moderatorId);
    const card = onlyCardTo(bot, moderator, `Moderation · case ${CASE}`);
    await press(bot, moderator, card, 'Confirm moderation', moderationChoices());
    await bot.deliver();
    const sentTo = EVERYONE.filter((who) => bot.connector.cards(bot.conversationOf(who), 'POST').some((c) => cardText(c.card).includes(TITLE)));
    return { moderator, sentTo, audit: await stored(bot, CASE) };
  });

  /** Alex presses "Find a time" on the card the process sent. */
  const offered = step(async () => {
    await confirmed();
    const offer = await press(bot, demo.alex, onlyCardTo(bot, demo.alex, TITLE), 'Find a time');
    return { offer, audit: await stored(bot, CASE) };
  });

  /** Alex books the first time offered. */
  const booked = step(async () => {
    const { offer } = await offered();
    const before = await stored(bot, CASE);
    const reply = await press(bot, demo.alex, offer, 'Book this time');
    const { moderator } = await confirmed();
    return {
      reply,
      before,
      audit: await stored(bot, CASE),
      alexEvents: await eventsOf(emailOf(demo.alex)),
      moderatorEvents: await eventsOf(emailOf(moderator)),
    };
  });

  it('nothing is asked for at submission: West Sussex waits for moderation to confirm the grade', async () => {
    const { audit, asked } = await submitted();
    expect(audit.status).toBe('awaitingModeration');
    expect(audit.meetings?.reflective).toBeUndefined();
    expect(asked).toBe(false);
  });

  it('moderation confirms Inadequate: the reviewer gets the meeting card, naming it and everyone invited', async () => {
    const { moderator, sentTo, audit } = await confirmed();
    const card = onlyCardTo(bot, demo.alex, TITLE);
    const text = cardText(card);
    expect(text).toContain('Alex Morgan · reviewer');
    expect(text).toContain('Jordan Lee · practitioner');
    expect(text).toContain('Sam Patel · team manager');
    expect(text).toContain(`${moderator.name} · moderator`);
    expect(text).toContain('hold it by Tue 15 Dec 2026');
    expect(buttonTitles(card)).toEqual(['Find a time']);
    expect(audit.meetings?.reflective?.requested?.attendees.map((a) => a.role)).toEqual(['reviewer', 'practitioner', 'teamManager', 'moderator']);
    // Nobody else is sent it (they hear once it is booked).
    expect(sentTo).toEqual([demo.alex]);
  });

  it('someone else cannot arrange it, and a card whose meeting was tampered with is refused; nothing changes', async () => {
    await confirmed();
    const card = onlyCardTo(bot, demo.alex, TITLE);
    const before = await snapshot(bot, CASE);
    const bySam = await press(bot, demo.sam, card, 'Find a time');
    expect(cardText(bySam)).toContain('This is not yours to act on');
    // The same press with the meeting's name taken off (the collaborative meeting): the signature no longer matches.
    const { verb, data } = button(card, 'Find a time');
    const { meetingKind: _kind, ...collaborative } = data;
    expect(cardText(await invoke(bot, demo.alex, verb, collaborative))).toContain('This card could not be read');
    expect(cardText(await invoke(bot, demo.alex, verb, { ...data, meetingKind: 'moderation' }))).toContain('This card could not be read');
    expect(await snapshot(bot, CASE)).toBe(before);
  });

  it('"Find a time" offers times when all four are free, before the date it is to be held by', async () => {
    const { offer, audit } = await offered();
    expect(cardText(offer)).toContain(TITLE);
    expect(buttonTitles(offer)).toContain('Book this time');
    const slots = audit.meetings!.reflective!.offer!.slots;
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) expect(slot.end <= '2026-12-16T00:00:00.000Z').toBe(true);
  });

  it('booking creates one Teams meeting in the reviewer\'s calendar, named for it, with everyone invited; the collaborative meeting is untouched', async () => {
    const { reply, before, audit, alexEvents, moderatorEvents } = await booked();
    const { moderator } = await confirmed();
    expect(cardText(reply)).toContain('✓ Booked:');
    expect(buttonTitles(reply)).toEqual(expect.arrayContaining(['Join the Teams meeting', 'Find another time', 'Cancel the meeting']));

    const events = alexEvents.filter((e) => e.subject.includes(CASE));
    expect(events.map((e) => e.subject)).toEqual([TITLE]);
    expect(events[0]!.attendees.map((a) => [a.emailAddress.address, a.type])).toEqual([
      [emailOf(demo.jordan), 'required'],
      [emailOf(demo.sam), 'required'],
      [emailOf(moderator), 'required'],
    ]);
    expect(moderatorEvents.some((e) => e.subject === TITLE)).toBe(true);

    expect(audit.meetings?.reflective?.status).toBe('booked');
    expect(audit.meetings?.reflective?.booking?.bookedBy).toBe(demo.alex.aadObjectId);
    expect(audit.status).toBe(before.status);
    expect(audit.meeting).toEqual(before.meeting);
  });

  it('the history records who booked it and when; the audit summary shows it and opens the card', async () => {
    await booked();
    const history = cardText(await command(demo.alex, `audit history ${CASE}`));
    expect(history).toContain('reflective meeting requested');
    expect(history).toContain('reflective meeting booked');

    const summary = await command(demo.alex, `audit ${CASE}`);
    expect(cardText(summary)).toMatch(/Reflective Practice & Action Meeting \w{3} \d+ Dec, \d\d:\d\d–\d\d:\d\d · booked by Alex Morgan on Tue 1 Dec 2026/);
    const reopened = await press(bot, demo.alex, summary, 'Open the reflective meeting');
    expect(cardText(reopened)).toContain(TITLE);
    expect(cardText(reopened)).toContain('✓ Booked:');
  });
});

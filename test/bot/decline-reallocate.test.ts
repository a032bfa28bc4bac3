import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { auditId } from '../../workflow/audit.js';
import { cardAction, installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { button, buttonTitles, inputValue } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';

/** A decline goes back to the QA coordinator, who reallocates; the old card then says so. */
describe('decline and reallocation over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const card = (reply: { body?: { value?: unknown } }) => reply.body!.value!;
  const id = auditId('2026-12', 'CR-10702'); // Sam's case; Alex is the coordinator
  const samCard = () => bot.connector.cards(bot.conversationOf(demo.sam), 'POST').find((c) => cardText(c.card).includes('CR-10702'))!;
  const coordinatorCards = () => bot.connector.cards(bot.conversationOf(demo.alex)).filter((c) => cardText(c.card).includes('Allocation declined · case CR-10702'));

  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.sam, demo.chris]) await bot.post(installationUpdate(url(), who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  it('Decline asks for a reason and keeps what was ticked; Back returns with it kept', async () => {
    const decline = button(samCard().card, 'Decline');
    const asking = await bot.post(cardAction(url(), demo.sam, decline.verb, { ...decline.data, practitionerConfirmed: 'true' }));
    expect(cardText(card(asking))).toContain('Why are you declining?');
    expect(buttonTitles(card(asking))).toEqual(['Send decline', 'Back']);

    const back = button(card(asking), 'Back');
    const reply = await bot.post(cardAction(url(), demo.sam, back.verb, { ...back.data, reason: 'half-typed reason' }));
    expect(buttonTitles(card(reply))).toEqual(['Accept', 'Decline']);
    expect(inputValue(card(reply), 'practitionerConfirmed')).toBe('true');
    // ...and the half-typed reason is still there when Decline is pressed again.
    const again = button(card(reply), 'Decline');
    const reasking = await bot.post(cardAction(url(), demo.sam, again.verb, { ...again.data, practitionerConfirmed: 'true' }));
    expect(inputValue(card(reasking), 'reason')).toBe('half-typed reason');
  });

  it('an empty reason is refused on the card, with the problem named and nothing sent', async () => {
    const send = button((await bot.post(cardAction(url(), demo.sam, 'allocation.decline', button(samCard().card, 'Decline').data))).body!.value, 'Send decline');
    const reply = await bot.post(cardAction(url(), demo.sam, send.verb, { ...send.data, reason: '  ' }));
    expect(cardText(card(reply))).toContain('Say why you are declining, so QA can reallocate the case.');
    expect(buttonTitles(card(reply))).toEqual(['Send decline', 'Back']);
    expect((await bot.services.audits.get(bot.services.tenantId, id))!.status).toBe('allocated');
  });

  it('a decline with a reason is recorded once, even when sent twice, and the coordinator gets one card', async () => {
    const send = button((await bot.post(cardAction(url(), demo.sam, 'allocation.decline', button(samCard().card, 'Decline').data))).body!.value, 'Send decline');
    const first = await bot.post(cardAction(url(), demo.sam, send.verb, { ...send.data, reason: 'I supervised this worker last year' }));
    expect(cardText(card(first))).toContain('Declined by Sam Patel at 09:00 on Tue 1 Dec 2026: "I supervised this worker last year". QA will reallocate it.');
    expect(buttonTitles(card(first))).toEqual([]);
    const second = await bot.post(cardAction(url(), demo.sam, send.verb, { ...send.data, reason: 'I supervised this worker last year' }));
    expect(cardText(card(second))).toContain('You had already declined this audit. Nothing changed.');

    await bot.deliver();
    await bot.deliver();
    expect(coordinatorCards()).toHaveLength(1);
    const text = cardText(coordinatorCards()[0]!.card);
    expect(text).toContain('Sam Patel');
    expect(text).toContain('I supervised this worker last year');
    // Candidates: reviewers other than Sam and the case's own practitioner/TM, least loaded first.
    expect(text).toContain('Chris Evans (1 open this cycle)');
    expect(text).not.toContain('Sam Patel (');
    expect(text).not.toContain('Taylor Reed ('); // Taylor is this case's team manager
  });

  it('only a QA coordinator can reallocate; a choice is required', async () => {
    const reallocate = button(coordinatorCards()[0]!.card, 'Reallocate');
    const bySam = await bot.post(cardAction(url(), demo.sam, reallocate.verb, { ...reallocate.data, newReviewerId: demo.chris.aadObjectId }));
    expect(cardText(card(bySam))).toContain('This is not yours to act on');

    const empty = await bot.post(cardAction(url(), demo.alex, reallocate.verb, reallocate.data));
    expect(cardText(card(empty))).toContain('Choose a reviewer from the list.');

    const toTheDecliner = await bot.post(cardAction(url(), demo.alex, reallocate.verb, { ...reallocate.data, newReviewerId: demo.sam.aadObjectId }));
    expect(cardText(card(toTheDecliner))).toContain('Sam Patel has just declined this case.');
    expect(inputValue(card(toTheDecliner), 'newReviewerId')).toBe(demo.sam.aadObjectId);
    expect((await bot.services.audits.get(bot.services.tenantId, id))!.status).toBe('declined');
  });

  it('reallocating sends the new reviewer a card and turns the old card into "Reallocated"; doing it twice changes nothing', async () => {
    const reallocate = button(coordinatorCards()[0]!.card, 'Reallocate');
    const done = await bot.post(cardAction(url(), demo.alex, reallocate.verb, { ...reallocate.data, newReviewerId: demo.chris.aadObjectId }));
    expect(cardText(card(done))).toContain('Reallocated to Chris Evans by Alex Morgan at 09:00 on Tue 1 Dec 2026.');
    expect(buttonTitles(card(done))).toEqual([]);
    const twice = await bot.post(cardAction(url(), demo.alex, reallocate.verb, { ...reallocate.data, newReviewerId: demo.chris.aadObjectId }));
    expect(cardText(card(twice))).toContain('This was already reallocated. Nothing changed.');
    const otherChoice = await bot.post(cardAction(url(), demo.alex, reallocate.verb, { ...reallocate.data, newReviewerId: demo.priya.aadObjectId }));
    expect(cardText(card(otherChoice))).toContain('Nothing changed: this decline had already been dealt with.');

    await bot.deliver();
    const chrisCards = bot.connector.cards(bot.conversationOf(demo.chris), 'POST').filter((c) => cardText(c.card).includes('CR-10702'));
    expect(chrisCards).toHaveLength(1);
    expect(buttonTitles(chrisCards[0]!.card)).toEqual(['Accept', 'Decline']);

    const updates = bot.connector.cards(bot.conversationOf(demo.sam), 'PUT');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.call.activityId).toBe(samCard().call.assignedId);
    expect(cardText(updates[0]!.card)).toContain('This case has been reallocated to another reviewer.');
    expect(buttonTitles(updates[0]!.card)).toEqual([]);

    const audit = (await bot.services.audits.get(bot.services.tenantId, id))!;
    expect(audit).toMatchObject({ status: 'allocated', reviewerId: demo.chris.aadObjectId, round: 2, previousReviewerIds: [demo.sam.aadObjectId] });
    expect(audit.history.map((h) => h.event)).toEqual(['allocated', 'declined', 'reallocated']);
  });

  it('the old reviewer pressing their old card is told it was reallocated, and nothing changes', async () => {
    const accept = button(samCard().card, 'Accept');
    const reply = await bot.post(cardAction(url(), demo.sam, accept.verb, { ...accept.data, practitionerConfirmed: 'true' }));
    expect(cardText(card(reply))).toContain('This case has been reallocated to another reviewer.');
    expect(cardText(card(reply))).toContain('Nothing changed');
    expect((await bot.services.audits.get(bot.services.tenantId, id))!.status).toBe('allocated');
  });

  it('the new reviewer can accept', async () => {
    const chrisCard = bot.connector.cards(bot.conversationOf(demo.chris), 'POST').find((c) => cardText(c.card).includes('CR-10702'))!;
    const accept = button(chrisCard.card, 'Accept');
    const reply = await bot.post(cardAction(url(), demo.chris, accept.verb, { ...accept.data, practitionerConfirmed: 'true' }));
    expect(cardText(card(reply))).toContain('Accepted by Chris Evans');
  });
});

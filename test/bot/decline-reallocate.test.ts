import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { auditId } from '../../workflow/audit.js';
import { cardAction, installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { button, buttonTitles, inputValue } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';

const id = auditId('2026-12', 'CR-10702'); // Sam's case; Alex is the coordinator
const card = (reply: { body?: { value?: unknown } }) => reply.body!.value!;

/** The bot with the demo month delivered to Alex, Sam and Chris, nothing declined yet; and what a test reads of it. */
function world() {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const samCard = () => bot.connector.cards(bot.conversationOf(demo.sam), 'POST').find((c) => cardText(c.card).includes('CR-10702'))!;
  const coordinatorCards = () => bot.connector.cards(bot.conversationOf(demo.alex)).filter((c) => cardText(c.card).includes('Allocation declined · case CR-10702'));
  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.sam, demo.chris]) await bot.post(installationUpdate(url(), who));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());
  return { bot, url, samCard, coordinatorCards };
}

/** A decline goes back to the QA coordinator, who reallocates; the old card then says so. */
describe('decline and reallocation over HTTP', () => {
  // Sam's allocation stays open here: nothing in this block declines it.
  describe('before the decline is sent', () => {
    const { bot, url, samCard } = world();

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
  });

  /**
   * The story: Sam declines, the coordinator is refused a bad reallocation, then reallocates to Chris, Sam presses
   * his old card, and Chris accepts. Each step returns what its test checks, read when it ran, since later steps
   * change the audit.
   */
  describe('declined, then reallocated', () => {
    const { bot, url, samCard, coordinatorCards } = world();
    const stored = async () => (await bot.services.audits.get(bot.services.tenantId, id))!;

    /** Sam sends his decline twice; delivery runs twice. */
    const declined = step(async () => {
      const send = button((await bot.post(cardAction(url(), demo.sam, 'allocation.decline', button(samCard().card, 'Decline').data))).body!.value, 'Send decline');
      const first = card(await bot.post(cardAction(url(), demo.sam, send.verb, { ...send.data, reason: 'I supervised this worker last year' })));
      const second = card(await bot.post(cardAction(url(), demo.sam, send.verb, { ...send.data, reason: 'I supervised this worker last year' })));
      await bot.deliver();
      await bot.deliver();
      return { first, second, toCoordinator: coordinatorCards() };
    });

    /** Reallocation refused: by Sam, without a choice, and back to Sam himself. */
    const refused = step(async () => {
      const { toCoordinator } = await declined();
      const reallocate = button(toCoordinator[0]!.card, 'Reallocate');
      const bySam = card(await bot.post(cardAction(url(), demo.sam, reallocate.verb, { ...reallocate.data, newReviewerId: demo.chris.aadObjectId })));
      const empty = card(await bot.post(cardAction(url(), demo.alex, reallocate.verb, reallocate.data)));
      const toTheDecliner = card(await bot.post(cardAction(url(), demo.alex, reallocate.verb, { ...reallocate.data, newReviewerId: demo.sam.aadObjectId })));
      return { bySam, empty, toTheDecliner, status: (await stored()).status };
    });

    /** Alex reallocates to Chris (three times, the last to Priya); delivery runs. */
    const reallocated = step(async () => {
      await refused();
      const reallocate = button((await declined()).toCoordinator[0]!.card, 'Reallocate');
      const done = card(await bot.post(cardAction(url(), demo.alex, reallocate.verb, { ...reallocate.data, newReviewerId: demo.chris.aadObjectId })));
      const twice = card(await bot.post(cardAction(url(), demo.alex, reallocate.verb, { ...reallocate.data, newReviewerId: demo.chris.aadObjectId })));
      const otherChoice = card(await bot.post(cardAction(url(), demo.alex, reallocate.verb, { ...reallocate.data, newReviewerId: demo.priya.aadObjectId })));
      await bot.deliver();
      return {
        done,
        twice,
        otherChoice,
        chrisCards: bot.connector.cards(bot.conversationOf(demo.chris), 'POST').filter((c) => cardText(c.card).includes('CR-10702')),
        samUpdates: bot.connector.cards(bot.conversationOf(demo.sam), 'PUT'),
        audit: await stored(),
      };
    });

    /** Sam presses Accept on his old card. */
    const oldCardPressed = step(async () => {
      await reallocated();
      const accept = button(samCard().card, 'Accept');
      const reply = card(await bot.post(cardAction(url(), demo.sam, accept.verb, { ...accept.data, practitionerConfirmed: 'true' })));
      return { reply, status: (await stored()).status };
    });

    it('a decline with a reason is recorded once, even when sent twice, and the coordinator gets one card', async () => {
      const { first, second, toCoordinator } = await declined();
      expect(cardText(first)).toContain('Declined by Sam Patel at 09:00 on Tue 1 Dec 2026: "I supervised this worker last year". QA will reallocate it.');
      expect(buttonTitles(first)).toEqual([]);
      expect(cardText(second)).toContain('You had already declined this audit. Nothing changed.');

      expect(toCoordinator).toHaveLength(1);
      const text = cardText(toCoordinator[0]!.card);
      expect(text).toContain('Sam Patel');
      expect(text).toContain('I supervised this worker last year');
      // Candidates: reviewers other than Sam and the case's own practitioner/TM, least loaded first.
      expect(text).toContain('Chris Evans (1 open this cycle)');
      expect(text).not.toContain('Sam Patel (');
      expect(text).not.toContain('Taylor Reed ('); // Taylor is this case's team manager
    });

    it('only a QA coordinator can reallocate; a choice is required', async () => {
      const { bySam, empty, toTheDecliner, status } = await refused();
      expect(cardText(bySam)).toContain('This is not yours to act on');
      expect(cardText(empty)).toContain('Choose a reviewer from the list.');
      expect(cardText(toTheDecliner)).toContain('Sam Patel has just declined this case.');
      expect(inputValue(toTheDecliner, 'newReviewerId')).toBe(demo.sam.aadObjectId);
      expect(status).toBe('declined');
    });

    it('reallocating sends the new reviewer a card and turns the old card into "Reallocated"; doing it twice changes nothing', async () => {
      const { done, twice, otherChoice, chrisCards, samUpdates, audit } = await reallocated();
      expect(cardText(done)).toContain('Reallocated to Chris Evans by Alex Morgan at 09:00 on Tue 1 Dec 2026.');
      expect(buttonTitles(done)).toEqual([]);
      expect(cardText(twice)).toContain('This was already reallocated. Nothing changed.');
      expect(cardText(otherChoice)).toContain('Nothing changed: this decline had already been dealt with.');

      expect(chrisCards).toHaveLength(1);
      expect(buttonTitles(chrisCards[0]!.card)).toEqual(['Accept', 'Decline']);

      expect(samUpdates).toHaveLength(1);
      expect(samUpdates[0]!.call.activityId).toBe(samCard().call.assignedId);
      expect(cardText(samUpdates[0]!.card)).toContain('This case has been reallocated to another reviewer.');
      expect(buttonTitles(samUpdates[0]!.card)).toEqual([]);

      expect(audit).toMatchObject({ status: 'allocated', reviewerId: demo.chris.aadObjectId, round: 2, previousReviewerIds: [demo.sam.aadObjectId] });
      expect(audit.history.map((h) => h.event)).toEqual(['allocated', 'declined', 'reallocated']);
    });

    it('the old reviewer pressing their old card is told it was reallocated, and nothing changes', async () => {
      const { reply, status } = await oldCardPressed();
      expect(cardText(reply)).toContain('This case has been reallocated to another reviewer.');
      expect(cardText(reply)).toContain('Nothing changed');
      expect(status).toBe('allocated');
    });

    it('the new reviewer can accept', async () => {
      await oldCardPressed(); // before Chris accepts, so it still finds the audit as reallocated
      const chrisCard = (await reallocated()).chrisCards[0]!;
      const accept = button(chrisCard.card, 'Accept');
      const reply = await bot.post(cardAction(url(), demo.chris, accept.verb, { ...accept.data, practitionerConfirmed: 'true' }));
      expect(cardText(card(reply))).toContain('Accepted by Chris Evans');
    });
  });
});

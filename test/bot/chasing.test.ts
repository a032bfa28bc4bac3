import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { cardAction, installationUpdate, message, type Member } from '../support/activities.js';
import { BotHarness, demo, type BotReply } from '../support/bot-harness.js';
import { button, inputValue } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';
import { step } from '../support/steps.js';

/**
 * Chasing over HTTP: the real bot, Cosmos SDK and embedded store, the chase and delivery sweeps run by the test
 * (with the bot's injected clock), and the people's cards pressed as Teams would send them.
 */
const ID = 'a-2026-12-CR-50001';
const card = (reply: BotReply) => reply.body!.value as Record<string, unknown>;

const action: AuditAction = {
  id: 'review-r1',
  source: 'review',
  description: 'Update the safety plan with the family',
  ownerId: demo.jordan.aadObjectId,
  dueDate: '2026-12-04', // Friday
  remedial: true,
  setBy: demo.alex.aadObjectId,
  setAt: '2026-12-01T09:00:00.000Z',
};
const audit: Audit = {
  id: ID,
  tenantId: 'local-tenant',
  kind: 'collaborative',
  cycle: '2026-12',
  caseRef: 'CR-50001',
  serviceArea: 'CSC',
  team: 'Assessment East',
  childStatus: 'CP',
  restricted: false,
  dueDate: '2026-12-31',
  status: 'finalised',
  round: 1,
  reviewerId: demo.alex.aadObjectId,
  practitionerId: demo.jordan.aadObjectId,
  teamManagerId: demo.sam.aadObjectId,
  serviceManagerId: demo.priya.aadObjectId,
  coordinatorId: demo.alex.aadObjectId,
  previousReviewerIds: [],
  history: [],
  outbox: [],
  sourceFingerprint: 'test',
  grades: { overall: { original: 'inadequate', final: 'inadequate' } },
  actions: [action],
  finalisedAt: '2026-12-01T09:00:00.000Z',
  nextChaseAt: '2026-12-01T09:00:00.000Z',
};

/** A bot of its own, everyone having installed the app; and what a test reads of it. */
function world(seed: (bot: BotHarness) => Promise<void> = async () => undefined) {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const cardsTo = (who: Member, includes: string) =>
    bot.connector.cards(bot.conversationOf(who), 'POST').map((c) => c.card).filter((c) => cardText(c).includes(includes));
  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.jordan, demo.sam, demo.priya, demo.chris]) await bot.post(installationUpdate(url(), who));
    await seed(bot);
  });
  afterAll(() => bot.stop());
  return { bot, url, cardsTo };
}

describe('chasing actions and the Inadequate notice over HTTP', () => {
  /**
   * One action through a week: reminded, nudged, listed, more time agreed, done and signed off. The tests are
   * steps of that story; each step returns what its test checks, read when it ran, since later steps change it.
   */
  describe('an action owned by Jordan, due Friday 4 December', () => {
    const { bot, url, cardsTo } = world(async (b) => {
      await b.services.audits.create({ ...audit, tenantId: b.services.tenantId });
    });
    const stored = async () => (await bot.services.audits.get(bot.services.tenantId, ID))!;
    const tick = async (iso: string) => {
      bot.clock.set(iso);
      await bot.chase();
      await bot.deliver();
    };
    /** Types `text` as `who`; the last card its answer posted that includes `includes`. */
    const command = async (who: Member, text: string, includes: string) => {
      const before = bot.connector.cards(bot.conversationOf(who)).length;
      await bot.post(message(url(), who, text));
      return bot.connector.cards(bot.conversationOf(who)).slice(before).map((c) => c.card).filter((c) => cardText(c).includes(includes)).at(-1)!;
    };

    /** The chase sweep on Tue 2, Thu 3 (twice) and Mon 7 December. */
    const nudged = step(async () => {
      await tick('2026-12-02T10:00:00.000Z');
      const onTuesday = cardsTo(demo.jordan, 'Update the safety plan');
      await tick('2026-12-03T10:00:00.000Z'); // Thursday: the working day before Friday
      const reminders = cardsTo(demo.jordan, 'Update the safety plan');
      await tick('2026-12-03T15:00:00.000Z'); // a later sweep the same day sends nothing new
      const laterOnThursday = cardsTo(demo.jordan, 'Update the safety plan');
      await tick('2026-12-07T10:00:00.000Z'); // Monday: day 1 overdue
      const cards = cardsTo(demo.jordan, 'Update the safety plan');
      return { onTuesday, reminders, laterOnThursday, cards, nudge: cards[1]!, digests: cardsTo(demo.sam, "Your team's actions"), rungs: (await stored()).actions![0]!.escalations!.map((e) => e.rung) };
    });

    /** On Monday, overdue: Jordan asks for "my actions" and opens one; Sam asks for "my team"; Chris for "my actions". */
    const listed = step(async () => {
      await nudged();
      const list = await command(demo.jordan, 'my actions', 'Your actions');
      const open = button(list, 'Open');
      const opened = card(await bot.post(cardAction(url(), demo.jordan, open.verb, open.data)));
      const all = button(opened, 'All my actions');
      const backToList = card(await bot.post(cardAction(url(), demo.jordan, all.verb, all.data)));
      const chrisPressing = card(await bot.post(cardAction(url(), demo.chris, all.verb, all.data)));
      const digest = await command(demo.sam, 'my team', "Your team's actions");
      const none = await command(demo.chris, 'my actions', 'Your actions');
      return { list, opened, backToList, chrisPressing, digest, none };
    });

    /** Jordan asks for more time (a wrong date first); Sam approves (after Jordan tries to), twice. */
    const moreTimeAgreed = step(async () => {
      await listed(); // while still overdue
      const ask = button((await nudged()).nudge, 'Ask for more time');
      const form = card(await bot.post(cardAction(url(), demo.jordan, ask.verb, ask.data)));
      const send = button(form, 'Send request');
      const wrong = card(await bot.post(cardAction(url(), demo.jordan, send.verb, { ...send.data, newDueDate: '2026-12-01', reason: 'The family is away until the 9th.' })));
      const again = button(wrong, 'Send request');
      const sent = card(await bot.post(cardAction(url(), demo.jordan, again.verb, { ...again.data, newDueDate: '2026-12-10', reason: 'The family is away until the 9th.' })));
      await bot.deliver();
      const request = cardsTo(demo.sam, 'The family is away until the 9th.');
      const approve = button(request[0], 'Approve new date');
      const byJordan = card(await bot.post(cardAction(url(), demo.jordan, approve.verb, approve.data)));
      const approved = card(await bot.post(cardAction(url(), demo.sam, approve.verb, approve.data)));
      // Teams retries invokes; people double-click.
      const approvedAgain = card(await bot.post(cardAction(url(), demo.sam, approve.verb, approve.data)));
      await bot.deliver();
      return { wrong, sent, request, byJordan, approved, approvedAgain, agreed: cardsTo(demo.jordan, 'More time agreed'), action: (await stored()).actions![0] };
    });

    it('the owner is reminded the working day before, then nudged when overdue; the TM gets a digest', async () => {
      const { onTuesday, reminders, laterOnThursday, cards, nudge, digests, rungs } = await nudged();
      expect(onTuesday).toHaveLength(0);
      expect(reminders).toHaveLength(1);
      expect(cardText(reminders[0])).toContain('CR-50001');
      expect(laterOnThursday).toHaveLength(1);

      expect(cards).toHaveLength(2);
      expect(cardText(nudge)).toContain('Overdue by 1 working day');
      // One digest each working day: due soon on Wed and Thu, overdue on Monday.
      expect(digests).toHaveLength(3);
      expect(cardText(digests[0])).toContain('Due soon (1)');
      expect(cardText(digests[2])).toContain('Overdue (1)');
      expect(rungs).toEqual(['owner']);
    });

    it('"my actions" lists the owner’s actions and opens the action’s own card; "my team" shows the TM’s digest', async () => {
      const { list, opened, backToList, chrisPressing, digest, none } = await listed();
      expect(cardText(list)).toContain('⚠ Overdue by 1 working day');
      expect(cardText(opened)).toContain('Action overdue · case CR-50001');
      // And back to the list from the action's card; the button lists only the actions of whom it was shown to.
      expect(cardText(backToList)).toContain('Your actions');
      expect(cardText(chrisPressing)).toContain('This is not yours to act on');
      expect(cardText(digest)).toContain('Overdue (1)');
      expect(cardText(none)).toContain('You have no open actions.');
    });

    it('someone else cannot act on the owner’s card, and a tampered card is refused', async () => {
      const done = button((await nudged()).nudge, 'Mark done');
      expect(cardText(card(await bot.post(cardAction(url(), demo.chris, done.verb, done.data))))).toContain('This is not yours to act on');
      const tampered = await bot.post(cardAction(url(), demo.jordan, done.verb, { ...done.data, sig: 'x'.repeat(32) }));
      expect(cardText(card(tampered))).toContain('This card could not be read');
    });

    it('asking for more time keeps what was typed through an error; the TM approves; the owner is told', async () => {
      const { wrong, sent, request, byJordan, approved, approvedAgain, agreed, action } = await moreTimeAgreed();
      expect(cardText(wrong)).toContain('Choose a date after');
      expect(inputValue(wrong, 'reason')).toBe('The family is away until the 9th.');
      expect(cardText(sent)).toContain('You asked Sam Patel for more time');
      expect(request).toHaveLength(1);
      expect(cardText(byJordan)).toContain('This is not yours to act on');
      expect(cardText(approved)).toContain('Approved by Sam Patel');
      expect(cardText(approvedAgain)).toContain('Nothing changed');
      expect(agreed).toHaveLength(1);
      expect(action).toMatchObject({ dueDate: '2026-12-10', originalDueDate: '2026-12-04' });
    });

    it('mark done needs a note; done waits for the TM’s sign-off from the digest', async () => {
      await moreTimeAgreed(); // the story's last step: every other step comes before it
      const done = button((await nudged()).nudge, 'Mark done');
      const form = card(await bot.post(cardAction(url(), demo.jordan, done.verb, done.data)));
      const confirm = button(form, 'Mark as done');
      const empty = card(await bot.post(cardAction(url(), demo.jordan, confirm.verb, { ...confirm.data, note: '  ' })));
      expect(cardText(empty)).toContain('Say in a few words what was done.');
      const marked = card(await bot.post(cardAction(url(), demo.jordan, confirm.verb, { ...confirm.data, note: 'Plan updated with mum at the visit.' })));
      expect(cardText(marked)).toContain('waiting for Sam Patel to sign it off');
      expect((await stored()).actions![0]!.status).toBe('done');

      const before = cardsTo(demo.sam, "Your team's actions").length;
      await tick('2026-12-08T10:00:00.000Z');
      const digest = cardsTo(demo.sam, "Your team's actions").slice(before).at(-1)!; // the digest this sweep sent
      expect(cardText(digest)).toContain('Plan updated with mum at the visit.');
      const signOff = button(digest, 'Sign off');
      expect(cardText(card(await bot.post(cardAction(url(), demo.priya, signOff.verb, signOff.data))))).toContain('This is not yours to act on');
      const after = card(await bot.post(cardAction(url(), demo.sam, signOff.verb, signOff.data)));
      expect(cardText(after)).toContain('Signed off');
      expect((await stored()).actions![0]!.status).toBe('signedOff');
      expect((await stored()).history.map((h) => h.event)).toEqual(expect.arrayContaining(['more time asked', 'more time agreed', 'action done', 'action signed off']));
    });
  });

  // A bot of its own: the notice's audit and its chasing stay out of the action's week above.
  describe('an Inadequate notice', () => {
    const { bot, url, cardsTo } = world();

    it('the written Inadequate notice is acknowledged from the card, once', async () => {
      const inadequate: Audit = { ...audit, id: 'a-2026-12-CR-50002', caseRef: 'CR-50002', tenantId: bot.services.tenantId, actions: [], status: 'awaitingModeration', finalisedAt: undefined as never };
      const { startInadequatePathway } = await import('../../workflow/chasing/inadequate.js');
      const people = await bot.services.directory.all(bot.services.tenantId);
      await bot.services.audits.create(startInadequatePathway(JSON.parse(JSON.stringify(inadequate)) as Audit, { profile: bot.services.profile, people, at: bot.clock.iso() }));
      await bot.deliver();
      const notice = cardsTo(demo.jordan, 'Inadequate · case CR-50002');
      expect(notice).toHaveLength(1);
      const ack = button(notice[0], 'Acknowledge');
      expect(cardText(card(await bot.post(cardAction(url(), demo.chris, ack.verb, ack.data))))).toContain('This is not yours to act on');
      const acknowledged = card(await bot.post(cardAction(url(), demo.jordan, ack.verb, ack.data)));
      expect(cardText(acknowledged)).toContain('You acknowledged');
      expect(cardText(card(await bot.post(cardAction(url(), demo.jordan, ack.verb, ack.data))))).toContain('Nothing changed');
      expect(cardsTo(demo.sam, 'Inadequate · case CR-50002')).toHaveLength(1);
      expect(cardsTo(demo.priya, 'Inadequate · case CR-50002')).toHaveLength(1);
    });
  });
});

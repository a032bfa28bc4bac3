import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { cardAction, installationUpdate } from '../support/activities.js';
import { BotHarness, demo, type BotReply } from '../support/bot-harness.js';
import { button, inputValue } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';

/**
 * Chasing over HTTP: the real bot, Cosmos SDK and embedded store, the chase and delivery sweeps run by the test
 * (with the bot's injected clock), and the people's cards pressed as Teams would send them.
 */
describe('chasing actions and the Inadequate notice over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const card = (reply: BotReply) => reply.body!.value as Record<string, unknown>;
  const ID = 'a-2026-12-CR-50001';
  const stored = async () => (await bot.services.audits.get(bot.services.tenantId, ID))!;
  const cardsTo = (who: (typeof demo)[keyof typeof demo], includes: string) =>
    bot.connector.cards(bot.conversationOf(who), 'POST').map((c) => c.card).filter((c) => cardText(c).includes(includes));
  const tick = async (iso: string) => {
    bot.clock.set(iso);
    await bot.chase();
    await bot.deliver();
  };

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

  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.jordan, demo.sam, demo.priya, demo.chris]) await bot.post(installationUpdate(url(), who));
    await bot.services.audits.create({ ...audit, tenantId: bot.services.tenantId });
  });
  afterAll(() => bot.stop());

  let nudge: Record<string, unknown>;

  it('the owner is reminded the working day before, then nudged when overdue; the TM gets a digest', async () => {
    await tick('2026-12-02T10:00:00.000Z');
    expect(cardsTo(demo.jordan, 'Update the safety plan')).toHaveLength(0);
    await tick('2026-12-03T10:00:00.000Z'); // Thursday: the working day before Friday
    const reminders = cardsTo(demo.jordan, 'Update the safety plan');
    expect(reminders).toHaveLength(1);
    expect(cardText(reminders[0])).toContain('CR-50001');
    await tick('2026-12-03T15:00:00.000Z'); // a later sweep the same day sends nothing new
    expect(cardsTo(demo.jordan, 'Update the safety plan')).toHaveLength(1);

    await tick('2026-12-07T10:00:00.000Z'); // Monday: day 1 overdue
    const cards = cardsTo(demo.jordan, 'Update the safety plan');
    expect(cards).toHaveLength(2);
    nudge = cards[1]!;
    expect(cardText(nudge)).toContain('Overdue by 1 working day');
    // One digest each working day: due soon on Wed and Thu, overdue on Monday.
    const digests = cardsTo(demo.sam, "Your team's actions");
    expect(digests).toHaveLength(3);
    expect(cardText(digests[0])).toContain('Due soon (1)');
    expect(cardText(digests[2])).toContain('Overdue (1)');
    expect((await stored()).actions![0]!.escalations!.map((e) => e.rung)).toEqual(['owner']);
  });

  it('"my actions" lists the owner’s actions and opens the action’s own card; "my team" shows the TM’s digest', async () => {
    const { message } = await import('../support/activities.js');
    await bot.post(message(url(), demo.jordan, 'my actions'));
    const list = bot.connector.cards(bot.conversationOf(demo.jordan)).map((c) => c.card).filter((c) => cardText(c).includes('Your actions')).at(-1)!;
    expect(cardText(list)).toContain('⚠ Overdue by 1 working day');
    const open = button(list, 'Open');
    const opened = card(await bot.post(cardAction(url(), demo.jordan, open.verb, open.data)));
    expect(cardText(opened)).toContain('Action overdue · case CR-50001');
    // And back to the list from the action's card; the button lists only the actions of whom it was shown to.
    const all = button(opened, 'All my actions');
    expect(cardText(card(await bot.post(cardAction(url(), demo.jordan, all.verb, all.data))))).toContain('Your actions');
    expect(cardText(card(await bot.post(cardAction(url(), demo.chris, all.verb, all.data))))).toContain('This is not yours to act on');
    await bot.post(message(url(), demo.sam, 'my team'));
    const digest = bot.connector.cards(bot.conversationOf(demo.sam)).map((c) => c.card).filter((c) => cardText(c).includes("Your team's actions")).at(-1)!;
    expect(cardText(digest)).toContain('Overdue (1)');
    await bot.post(message(url(), demo.chris, 'my actions'));
    const none = bot.connector.cards(bot.conversationOf(demo.chris)).map((c) => c.card).filter((c) => cardText(c).includes('Your actions')).at(-1)!;
    expect(cardText(none)).toContain('You have no open actions.');
  });

  it('someone else cannot act on the owner’s card, and a tampered card is refused', async () => {
    const done = button(nudge, 'Mark done');
    expect(cardText(card(await bot.post(cardAction(url(), demo.chris, done.verb, done.data))))).toContain('This is not yours to act on');
    const tampered = await bot.post(cardAction(url(), demo.jordan, done.verb, { ...done.data, sig: 'x'.repeat(32) }));
    expect(cardText(card(tampered))).toContain('This card could not be read');
  });

  it('asking for more time keeps what was typed through an error; the TM approves; the owner is told', async () => {
    const ask = button(nudge, 'Ask for more time');
    const form = card(await bot.post(cardAction(url(), demo.jordan, ask.verb, ask.data)));
    const send = button(form, 'Send request');
    const wrong = card(await bot.post(cardAction(url(), demo.jordan, send.verb, { ...send.data, newDueDate: '2026-12-01', reason: 'The family is away until the 9th.' })));
    expect(cardText(wrong)).toContain('Choose a date after');
    expect(inputValue(wrong, 'reason')).toBe('The family is away until the 9th.');
    const again = button(wrong, 'Send request');
    const sent = card(await bot.post(cardAction(url(), demo.jordan, again.verb, { ...again.data, newDueDate: '2026-12-10', reason: 'The family is away until the 9th.' })));
    expect(cardText(sent)).toContain('You asked Sam Patel for more time');
    await bot.deliver();
    const request = cardsTo(demo.sam, 'The family is away until the 9th.');
    expect(request).toHaveLength(1);
    const approve = button(request[0], 'Approve new date');
    expect(cardText(card(await bot.post(cardAction(url(), demo.jordan, approve.verb, approve.data))))).toContain('This is not yours to act on');
    const approved = card(await bot.post(cardAction(url(), demo.sam, approve.verb, approve.data)));
    expect(cardText(approved)).toContain('Approved by Sam Patel');
    // Teams retries invokes; people double-click.
    expect(cardText(card(await bot.post(cardAction(url(), demo.sam, approve.verb, approve.data))))).toContain('Nothing changed');
    await bot.deliver();
    expect(cardsTo(demo.jordan, 'More time agreed')).toHaveLength(1);
    expect((await stored()).actions![0]).toMatchObject({ dueDate: '2026-12-10', originalDueDate: '2026-12-04' });
  });

  it('mark done needs a note; done waits for the TM’s sign-off from the digest', async () => {
    const done = button(nudge, 'Mark done');
    const form = card(await bot.post(cardAction(url(), demo.jordan, done.verb, done.data)));
    const confirm = button(form, 'Mark as done');
    const empty = card(await bot.post(cardAction(url(), demo.jordan, confirm.verb, { ...confirm.data, note: '  ' })));
    expect(cardText(empty)).toContain('Say in a few words what was done.');
    const marked = card(await bot.post(cardAction(url(), demo.jordan, confirm.verb, { ...confirm.data, note: 'Plan updated with mum at the visit.' })));
    expect(cardText(marked)).toContain('waiting for Sam Patel to sign it off');
    expect((await stored()).actions![0]!.status).toBe('done');

    await tick('2026-12-08T10:00:00.000Z');
    const digest = cardsTo(demo.sam, "Your team's actions").at(-1)!;
    expect(cardText(digest)).toContain('Plan updated with mum at the visit.');
    const signOff = button(digest, 'Sign off');
    expect(cardText(card(await bot.post(cardAction(url(), demo.priya, signOff.verb, signOff.data))))).toContain('This is not yours to act on');
    const after = card(await bot.post(cardAction(url(), demo.sam, signOff.verb, signOff.data)));
    expect(cardText(after)).toContain('Signed off');
    expect((await stored()).actions![0]!.status).toBe('signedOff');
    expect((await stored()).history.map((h) => h.event)).toEqual(expect.arrayContaining(['more time asked', 'more time agreed', 'action done', 'action signed off']));
  });

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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditId } from '../../workflow/audit.js';
import { seedDemo } from '../../scripts/demo-seed.js';
import { cardAction, installationUpdate, message } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { button, buttonTitles, inputValue } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';

/** Reviewers accept allocations on the card itself; every action is also tried twice and by the wrong person. */
describe('allocation cards over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const card = (reply: { body?: { value?: unknown } }) => reply.body!.value!;

  let alexCards: Record<string, unknown>[];

  beforeAll(async () => {
    await bot.start();
    await bot.post(installationUpdate(url(), demo.alex));
    await seedDemo(bot.services);
    await bot.deliver();
    alexCards = bot.connector.cards(bot.conversationOf(demo.alex), 'POST').map((c) => c.card).filter((c) => cardText(c).includes('Audit allocation'));
  });
  afterAll(() => bot.stop());

  const cardFor = (caseRef: string) => alexCards.find((c) => cardText(c).includes(`case ${caseRef}`))!;
  /** Alex has accepted CR-10421 (accepting again changes nothing), so a test can start from there in any order. */
  const accepted = async () => {
    const accept = button(cardFor('CR-10421'), 'Accept');
    await bot.post(cardAction(url(), demo.alex, accept.verb, { ...accept.data, practitionerConfirmed: 'true' }));
  };

  it('delivers one allocation card per case to the reviewer, with the pre-audit checks and the due date', () => {
    expect(alexCards.map((c) => /case (CR-\d+)/.exec(cardText(c))?.[1]).sort()).toEqual(['CR-10421', 'CR-10587', 'CR-10633']);
    const text = cardText(cardFor('CR-10587'));
    expect(text).toContain('Morgan Blake');
    expect(text).toContain('Taylor Reed');
    expect(text).toContain('CLA');
    expect(text).toContain('Thu 31 Dec 2026');
    expect(text).toContain('Restricted record');
    expect(buttonTitles(cardFor('CR-10587'))).toEqual(['Accept', 'Decline']);
    expect((cardFor('CR-10587').refresh as { userIds: string[] }).userIds).toEqual([demo.alex.id]);
  });

  it('a sweep run again sends nothing twice', async () => {
    await bot.deliver(); // whatever another test queued (a self-assessment after an accept) goes now
    const before = bot.connector.calls.length;
    await bot.deliver();
    expect(bot.connector.calls.length).toBe(before);
  });

  it('accept without the checks comes back with each problem named and the ticks kept', async () => {
    const accept = button(cardFor('CR-10587'), 'Accept');
    const reply = await bot.post(cardAction(url(), demo.alex, accept.verb, { ...accept.data, practitionerConfirmed: 'true', accessConfirmed: 'false' }));
    expect(reply.status).toBe(200);
    const text = cardText(card(reply));
    expect(text).toContain('This record is restricted: confirm you have access or have requested it.');
    expect(text).not.toContain('Confirm the allocated practitioner');
    expect(inputValue(card(reply), 'practitionerConfirmed')).toBe('true');
    expect(buttonTitles(card(reply))).toEqual(['Accept', 'Decline']);
    expect((await bot.services.audits.get(bot.services.tenantId, auditId('2026-12', 'CR-10587')))!.status).toBe('allocated');
  });

  it('accept refreshes the card in place: "Accepted by <name> at <time>", no buttons; a second click changes nothing', async () => {
    const accept = button(cardFor('CR-10421'), 'Accept');
    const first = await bot.post(cardAction(url(), demo.alex, accept.verb, { ...accept.data, practitionerConfirmed: 'true' }));
    expect(first.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(card(first))).toContain('Accepted by Alex Morgan at 09:00 on Tue 1 Dec 2026');
    expect(buttonTitles(card(first))).toEqual(["Book the meeting", "Open the audit"]);

    bot.clock.advance({ minutes: 5 });
    const again = await bot.post(cardAction(url(), demo.alex, accept.verb, { ...accept.data, practitionerConfirmed: 'true' }));
    expect(cardText(card(again))).toContain('You had already accepted this audit. Nothing changed.');
    expect(cardText(card(again))).toContain('at 09:00 on Tue 1 Dec 2026');
    const audit = await bot.services.audits.get(bot.services.tenantId, auditId('2026-12', 'CR-10421'));
    expect(audit!.history.filter((h) => h.event === 'accepted')).toHaveLength(1);
  });

  it('a stale copy of the card (Decline after Accept) changes nothing and shows where the audit stands', async () => {
    await accepted();
    const decline = button(cardFor('CR-10421'), 'Decline');
    const reply = await bot.post(cardAction(url(), demo.alex, decline.verb, decline.data));
    expect(cardText(card(reply))).toContain('Nothing changed: that card was out of date');
    expect(cardText(card(reply))).toContain('Accepted by Alex Morgan');
    expect(buttonTitles(card(reply))).toEqual(["Book the meeting", "Open the audit"]);
  });

  it('the refresh verb gives each viewer the current state', async () => {
    await accepted();
    const reply = await bot.post(cardAction(url(), demo.alex, 'allocation.refresh', (cardFor('CR-10421').refresh as { action: { data: unknown } }).action.data));
    expect(cardText(card(reply))).toContain('Accepted by Alex Morgan');
  });

  it('someone else pressing the buttons is refused, shown nothing of the case, and changes nothing', async () => {
    const accept = button(cardFor('CR-10633'), 'Accept');
    for (const intruder of [demo.sam, demo.stranger]) {
      const reply = await bot.post(cardAction(url(), intruder, accept.verb, { ...accept.data, practitionerConfirmed: 'true' }));
      expect(reply.status).toBe(200);
      const text = cardText(card(reply));
      expect(text).toContain('This is not yours to act on');
      expect(text).not.toContain('CR-10633');
      expect(text).not.toContain('Jordan Lee');
    }
    expect((await bot.services.audits.get(bot.services.tenantId, auditId('2026-12', 'CR-10633')))!.status).toBe('allocated');
    expect(bot.logged.filter((l) => l.event === 'refused').length).toBeGreaterThanOrEqual(2);
  });

  it('tampered data is refused with a clear card and changes nothing', async () => {
    const accept = button(cardFor('CR-10633'), 'Accept');
    const tampered = [
      { ...accept.data, auditId: auditId('2026-12', 'CR-10587') }, // pointed at another audit, old signature
      { ...accept.data, round: 2 },
      { ...accept.data, sig: 'forged' },
      { ...accept.data, round: 'one' },
      { ...accept.data, auditId: '../../etc/passwd' },
      {},
      'not even an object',
    ];
    for (const data of tampered) {
      const reply = await bot.post(cardAction(url(), demo.alex, accept.verb, data));
      expect(reply.status).toBe(200);
      expect(cardText(card(reply))).toContain('This card could not be read');
    }
    expect((await bot.services.audits.get(bot.services.tenantId, auditId('2026-12', 'CR-10633')))!.status).toBe('allocated');
    expect((await bot.services.audits.get(bot.services.tenantId, auditId('2026-12', 'CR-10587')))!.status).toBe('allocated');
  });

  it('an unknown verb (a card from another version) gets a clear card and changes nothing', async () => {
    const reply = await bot.post(cardAction(url(), demo.alex, 'allocation.delete', button(cardFor('CR-10633'), 'Accept').data));
    expect(reply.status).toBe(200);
    expect(cardText(card(reply))).toContain('This card is from another version of the app.');
    expect((await bot.services.audits.get(bot.services.tenantId, auditId('2026-12', 'CR-10633')))!.status).toBe('allocated');
  });

  it('reactions, edits and other non-message activities get no reply', async () => {
    const before = bot.connector.calls.length;
    const base = message(url(), demo.alex, '');
    for (const activity of [
      { ...base, type: 'messageReaction', reactionsAdded: [{ type: 'like' }] },
      { ...base, type: 'messageUpdate', text: 'edited' },
      { ...base, type: 'conversationUpdate', membersRemoved: [{ id: demo.alex.id }] },
    ]) {
      expect((await bot.post(activity)).status).toBeLessThan(300);
    }
    expect(bot.connector.calls.length).toBe(before);
  });

  it('an activity without a recipient is refused with 400 instead of crashing inside the turn', async () => {
    const activity = cardAction(url(), demo.alex, 'allocation.accept', {}) as Record<string, unknown>;
    delete activity.recipient;
    expect((await bot.post(activity)).status).toBe(400);
  });

  it('an activity from another tenant is refused', async () => {
    const accept = button(cardFor('CR-10633'), 'Accept');
    const activity = cardAction(url(), demo.alex, accept.verb, { ...accept.data, practitionerConfirmed: 'true' });
    const reply = await bot.post({ ...activity, conversation: { ...activity.conversation, tenantId: 'another-tenant' } });
    expect(cardText(card(reply))).toContain('This is not yours to act on');
    expect((await bot.services.audits.get(bot.services.tenantId, auditId('2026-12', 'CR-10633')))!.status).toBe('allocated');
  });
});

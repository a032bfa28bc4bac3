import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaseTable } from '../../imports/case-file.js';
import { loadCaseList } from '../../workflow/use-cases/load-case-list.js';
import { cardAction, installationUpdate } from '../support/activities.js';
import { BotHarness, demo, type BotReply } from '../support/bot-harness.js';
import { button } from '../support/card-actions.js';
import { cardText } from '../support/card-parser.js';

/**
 * A case list of 40 goes out: 34 to Chris (who has the app), 5 to Taylor (who blocked it), 1 to Dana (who has
 * not opened it yet). Alex, who loaded it, has one progress card, updated in place, and can see what failed.
 */
describe('a long fan-out of allocation cards shows its progress on one card, over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const card = (reply: BotReply) => reply.body!.value as Record<string, unknown>;
  const alexCards = (method: 'POST' | 'PUT') => bot.connector.cards(bot.conversationOf(demo.alex), method).filter((c) => /(Sending allocation cards|Allocation cards sent) · cycle/.test(cardText(c.card)));

  beforeAll(async () => {
    await bot.start();
    for (const who of [demo.alex, demo.chris, demo.taylor]) await bot.post(installationUpdate(url(), who));
    bot.connector.blocked.add(bot.conversationOf(demo.taylor));
    const reviewer = (i: number) => (i < 34 ? 'chris.evans@example.org' : i < 39 ? 'taylor.reed@example.org' : 'dana.fox@example.org');
    const rows = Array.from({ length: 40 }, (_, i) => `CR-6${String(i).padStart(4, '0')},CSC,Assessment East,jordan.lee@example.org,sam.patel@example.org,priya.shah@example.org,CIN,No,${reviewer(i)}`);
    const csv = ['Case reference,Service area,Team,Allocated practitioner,Team manager,Service manager,Child status,Restricted record,Proposed reviewer', ...rows].join('\n');
    const result = await loadCaseList(bot.services).execute({ tenantId: bot.services.tenantId, cycle: '2026-12', table: await readCaseTable(Buffer.from(csv), 'big.csv'), loadedBy: demo.alex.aadObjectId });
    expect(result.created).toHaveLength(40);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  it('one progress card is posted, then updated in place until every card is sent, failed or waiting', async () => {
    const posted = alexCards('POST');
    expect(posted).toHaveLength(1);
    const updates = alexCards('PUT');
    expect(updates.length).toBeGreaterThan(0);
    // Every update is of the card first posted.
    expect(new Set(updates.map((u) => u.call.activityId))).toEqual(new Set([posted[0]!.call.assignedId]));
    const latest = cardText(updates.at(-1)!.card);
    expect(latest).toContain('✓ Allocation cards sent · cycle 2026-12');
    expect(latest).toContain('Sent 34 of 40 · 5 failed · 1 waiting for the app');
    expect(bot.connector.cards(bot.conversationOf(demo.chris), 'POST').filter((c) => cardText(c.card).includes('Audit allocation'))).toHaveLength(34);
  });

  it('"View failed" lists each card not delivered, with the reviewer and why; only for the coordinator', async () => {
    const view = button(updates().at(-1)!.card, 'View failed');
    const failed = cardText(card(await bot.post(cardAction(url(), demo.alex, view.verb, view.data))));
    expect(failed).toContain('CR-60034 · Taylor Reed · failed: blocked: the person has blocked or removed the bot');
    expect(failed).toContain('CR-60039 · Dana Fox · waiting: has not opened the app yet');
    expect(failed.match(/ · failed: /g)).toHaveLength(5);
    expect(cardText(card(await bot.post(cardAction(url(), demo.chris, view.verb, view.data))))).toContain('This is not yours to act on');
    expect(cardText(card(await bot.post(cardAction(url(), demo.alex, view.verb, { ...view.data, sig: 'y'.repeat(32) }))))).toContain('This card could not be read');
  });

  it('a second delivery run changes nothing: no card, no update, sent twice', async () => {
    const before = bot.connector.calls.length;
    await bot.deliver();
    expect(bot.connector.calls.length).toBe(before);
  });

  const updates = () => alexCards('PUT');
});

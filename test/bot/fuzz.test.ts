import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_VERBS } from '../../bot/app.js';
import { seedDemo } from '../../scripts/demo-seed.js';
import { cardAction, installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { cardText } from '../support/card-parser.js';

/** Titles of the cards a refused or failed action may answer with: each says plainly what happened. */
const CLEAR_ANSWERS = ['This card could not be read', 'This is not yours to act on', 'Not found', 'Nothing was changed', 'Something went wrong'];

/** Everything stored, without the fields the store itself changes on every write. */
async function snapshot(bot: BotHarness): Promise<string> {
  const audits = [];
  for (const cycle of ['2026-12']) audits.push(...(await bot.services.audits.forCycle(bot.services.tenantId, cycle)));
  return JSON.stringify(audits.sort((a, b) => a.id.localeCompare(b.id)));
}

const big = (n: number) => fc.string({ minLength: n, maxLength: n + 10 });
/** Random card data: any JSON, and near-misses of our own shape with wrong types or oversized values. */
const payload = fc.oneof(
  fc.jsonValue(),
  fc.record({
    auditId: fc.oneof(fc.string(), big(5000), fc.integer(), fc.constant('a-2026-12-CR-10421')),
    round: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(1)),
    sig: fc.oneof(fc.string(), big(300)),
    reason: fc.oneof(big(100_000), fc.integer(), fc.array(fc.string())),
    practitionerConfirmed: fc.oneof(fc.string(), fc.boolean()),
    newReviewerId: fc.oneof(fc.string(), big(1000)),
    keep: fc.anything(),
  }, { requiredKeys: [] }),
);

describe('fuzzing every card verb', () => {
  const bot = new BotHarness();

  beforeAll(async () => {
    await bot.start();
    await bot.post(installationUpdate(bot.connector.url, demo.alex));
    await seedDemo(bot.services);
    await bot.deliver();
  });
  afterAll(() => bot.stop());

  it('random and oversized data never gives a 5xx, never changes state, and always answers with a clear card', async () => {
    const before = await snapshot(bot);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ALL_VERBS), payload, fc.constantFrom(demo.alex, demo.sam, demo.stranger), async (verb, data, who) => {
        const reply = await bot.post(cardAction(bot.connector.url, who, verb, data));
        expect(reply.status).toBe(200);
        expect(reply.body?.type).toBe('application/vnd.microsoft.card.adaptive');
        const text = cardText(reply.body!.value);
        expect(CLEAR_ANSWERS.some((answer) => text.includes(answer))).toBe(true);
        expect(text).not.toMatch(/at .+\.(ts|js):\d+/); // never a stack trace
      }),
      { numRuns: 300 },
    );
    expect(await snapshot(bot)).toBe(before);
    expect(bot.logged.some((l) => l.event === 'unexpected-error')).toBe(false);
  });

  it('with a genuine card reference, invalid inputs are answered on the card and change nothing', async () => {
    const sent = bot.connector.cards(bot.conversationOf(demo.alex), 'POST').map((c) => c.card).filter((c) => cardText(c).includes('Audit allocation'));
    const refs = sent.map((c) => (c.refresh as { action: { data: Record<string, unknown> } }).action.data);
    const before = await snapshot(bot);
    const invalidInputs = fc.record(
      {
        practitionerConfirmed: fc.constantFrom('false', undefined),
        accessConfirmed: fc.constantFrom('false', undefined),
        reason: fc.oneof(fc.constant('  '), fc.string({ minLength: 501, maxLength: 4000 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ALL_VERBS.filter((v) => v.startsWith('allocation.'))), fc.constantFrom(...refs), invalidInputs, async (verb, ref, inputs) => {
        const reply = await bot.post(cardAction(bot.connector.url, demo.alex, verb, { ...ref, ...inputs }));
        expect(reply.status).toBe(200);
        expect(reply.body?.type).toBe('application/vnd.microsoft.card.adaptive');
      }),
      { numRuns: 150 },
    );
    expect(await snapshot(bot)).toBe(before);
  });

  it('an oversized request body is refused before it reaches the bot', async () => {
    const before = await snapshot(bot);
    const reply = await bot.post(cardAction(bot.connector.url, demo.alex, 'allocation.accept', { reason: 'x'.repeat(2_000_000) }));
    expect(reply.status).toBe(400);
    // The refused connection is not reused: the next request is answered as usual.
    expect((await bot.post(cardAction(bot.connector.url, demo.alex, 'allocation.accept', {}))).status).toBe(200);
    expect(await snapshot(bot)).toBe(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/demo-seed.js';
import { installationUpdate, membersAdded, message } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { cardText } from '../support/card-parser.js';

/** Installation, held cards, and the typed commands everyone has. */
describe('installation and commands over HTTP', () => {
  const bot = new BotHarness();
  const url = () => bot.connector.url;
  const textsTo = (who: typeof demo.alex) => bot.connector.cards(bot.conversationOf(who), 'POST').map((c) => cardText(c.card));

  beforeAll(async () => {
    await bot.start();
  });
  afterAll(() => bot.stop());
  /** The demo month loaded and its cards sent (loading again changes nothing), so each test may start from it. */
  const demoLoaded = async () => {
    await seedDemo(bot.services);
    await bot.deliver();
  };

  it('installing stores the conversation once and welcomes once, however many install events arrive', async () => {
    // Dana, whom no other test here brings to the bot: her first contact is this installation.
    for (const activity of [installationUpdate(url(), demo.dana), membersAdded(url(), demo.dana), installationUpdate(url(), demo.dana)]) {
      expect((await bot.post(activity)).status).toBe(200);
    }
    const welcomes = textsTo(demo.dana).filter((t) => t.includes('Welcome to QA Audits, Dana'));
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]).toContain('QA head of service');
    expect(await bot.services.conversations.get(bot.services.tenantId, demo.dana.aadObjectId)).toMatchObject({ channelUserId: demo.dana.id });
  });

  it('a reviewer without a conversation has their card held and the coordinator is told; installing releases it', async () => {
    await bot.post(installationUpdate(url(), demo.alex)); // the coordinator, who is told
    await demoLoaded();
    expect(textsTo(demo.chris)).toEqual([]);
    const notices = textsTo(demo.alex).filter((t) => t.includes('Card waiting · case CR-10744'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Chris Evans has not installed the QA Audits app yet');

    await bot.post(installationUpdate(url(), demo.chris));
    await bot.deliver();
    const chris = textsTo(demo.chris);
    expect(chris.filter((t) => t.includes('Welcome to QA Audits, Chris'))).toHaveLength(1);
    expect(chris[0]).toContain('1 card was waiting for you');
    expect(chris.filter((t) => t.includes('Audit allocation · case CR-10744'))).toHaveLength(1);
    await bot.deliver();
    expect(textsTo(demo.chris).filter((t) => t.includes('Audit allocation'))).toHaveLength(1);
  });

  it('a message from someone whose install event never arrived records their chat and releases their cards', async () => {
    await demoLoaded();
    // Taylor never installed (the event was lost): a card held for Taylor waits...
    const held = bot.services.audits;
    const audit = (await held.forCycle(bot.services.tenantId, '2026-12'))[0]!;
    await held.update(bot.services.tenantId, audit.id, (a) => ({ ...a, outbox: [...a.outbox, { key: `test:${a.id}`, kind: 'allocation-update' as const, to: demo.taylor.aadObjectId, state: 'held' as const, attempts: 0, createdAt: a.history[0]!.at }] }));
    expect(await bot.services.conversations.get(bot.services.tenantId, demo.taylor.aadObjectId)).toBeUndefined();
    await bot.post(message(url(), demo.taylor, 'help'));
    expect(await bot.services.conversations.get(bot.services.tenantId, demo.taylor.aadObjectId)).toMatchObject({ channelUserId: demo.taylor.id });
    const after = (await held.get(bot.services.tenantId, audit.id))!;
    expect(after.outbox.find((m) => m.key === `test:${audit.id}`)!.state).toBe('pending');
    expect(textsTo(demo.taylor).filter((t) => t.includes('Welcome'))).toEqual([]);
  });

  it('removing the app and team-scope installs store nothing and send nothing', async () => {
    const before = bot.connector.calls.length;
    await bot.post(installationUpdate(url(), demo.priya, 'remove'));
    const teamInstall = installationUpdate(url(), demo.priya);
    await bot.post({ ...teamInstall, conversation: { ...teamInstall.conversation, conversationType: 'channel' } });
    expect(bot.connector.calls.length).toBe(before);
    expect(await bot.services.conversations.get(bot.services.tenantId, demo.priya.aadObjectId)).toBeUndefined();
  });

  it('"my audits" lists the person\'s audits with their status and role', async () => {
    await demoLoaded();
    await bot.post(installationUpdate(url(), demo.jordan));
    await bot.post(message(url(), demo.jordan, 'My  Audits'));
    const list = textsTo(demo.jordan).at(-1)!;
    expect(list).toContain('Your audits');
    for (const ref of ['CR-10421', 'CR-10633', 'CR-10744', 'CR-10810']) expect(list).toContain(`Case ${ref}`);
    expect(list).not.toContain('CR-10587'); // Morgan Blake's case, not Jordan's
    expect(list).toContain('Allocated, waiting for the reviewer');
    expect(list).toContain('Your role: Practitioner');
  });

  it('"help" depends on the person\'s roles', async () => {
    await bot.post(message(url(), demo.alex, 'help'));
    const alexHelp = textsTo(demo.alex).at(-1)!;
    expect(alexHelp).toContain('Upload a case list');
    expect(alexHelp).toContain('Allocation cards');
    await bot.post(message(url(), demo.jordan, 'help'));
    const jordanHelp = textsTo(demo.jordan).at(-1)!;
    expect(jordanHelp).toContain('my audits');
    expect(jordanHelp).not.toContain('Upload a case list');
  });

  it('unknown text gets a helpful answer, not silence', async () => {
    await bot.post(message(url(), demo.jordan, 'when is my audit meeting?'));
    const answer = textsTo(demo.jordan).at(-1)!;
    expect(answer).toContain('Sorry, I didn\'t understand "when is my audit meeting?"');
    expect(answer).toContain('my audits');
  });

  it('someone not in the directory is told so, politely', async () => {
    await bot.post(installationUpdate(url(), demo.stranger));
    await bot.post(message(url(), demo.stranger, 'my audits'));
    const texts = textsTo(demo.stranger);
    expect(texts[0]).toContain('You are not in the QA directory yet');
    expect(texts.at(-1)).toContain('You have no audits at the moment.');
  });
});

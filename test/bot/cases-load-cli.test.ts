import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { installationUpdate } from '../support/activities.js';
import { BotHarness, demo } from '../support/bot-harness.js';
import { cardText } from '../support/card-parser.js';
import { freePort } from '../support/free-port.js';
import { step } from '../support/steps.js';

const run = promisify(execFile);


/** `npm run cases:load -- FILE --cycle YYYY-MM`, as a coordinator runs it, in its own process. */
async function casesLoad(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/cases-load.ts', ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('the cases:load command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-cli-'));
  const file = join(dataDir, 'december.csv');
  const bot = new BotHarness();
  afterAll(async () => {
    await bot.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  writeFileSync(
    file,
    [
      'Case Ref,Service,Team,Social worker,TM,SM,Status,Restricted,Reviewer',
      'CR-30001,CSC,Assessment East,Jordan Lee,Sam Patel,Priya Shah,CP,no,Chris Evans',
      'CR-30002,CSC,Assessment East,Jordan Lee,Sam Patel,Priya Shah,Looked after,maybe,Chris Evans',
      'CR-30003,CSC,Assessment East,Jordan Lee,Sam Patel,Priya Shah,CIN,no,Sam Patel',
      'CR-30004,CSC,Children in Care North,Morgan Blake,Taylor Reed,Priya Shah,CLA,yes,Alex Morgan',
    ].join('\n'),
  );

  // Both runs happen before the bot starts on the same store, whichever test asks first.
  const runs = step(async () => {
    const env = { LOCAL_DATA_DIR: dataDir, LOCAL_COSMOS_PORT: String(await freePort()) };
    const first = await casesLoad(env, file, '--cycle', '2026-12');
    const second = await casesLoad(env, file, '--cycle', '2026-12');
    return { first, second };
  });

  it('loads good rows, lists bad ones by line, and a second run (a new process, same store) creates nothing', async () => {
    const { first, second } = await runs();
    expect(first.code).toBe(2);
    expect(first.out).toContain('allocated:      2');
    expect(first.out).toContain('+ line 2: CR-30001 → Chris Evans');
    expect(first.out).toContain('! line 3: Restricted record must be Yes or No, not "maybe"');
    expect(first.out).toContain('! line 4: Sam Patel cannot review a case they are the line manager for');

    expect(second.out).toContain('allocated:      0');
    expect(second.out).toContain('already loaded: 2');
  });

  it('refuses a bad cycle or missing file with a clear message and exit code 1', async () => {
    // Its own store: refusing must not depend on, or disturb, the one the other tests share.
    const env = { LOCAL_DATA_DIR: mkdtempSync(join(dataDir, 'refuse-')), LOCAL_COSMOS_PORT: String(await freePort()) };
    expect(await casesLoad(env, file, '--cycle', 'December')).toMatchObject({ code: 1, out: expect.stringContaining('Cycle "December" must look like 2026-12.') });
    expect(await casesLoad(env, file)).toMatchObject({ code: 1, out: expect.stringContaining('Usage: npm run cases:load') });
  });

  it('while the bot runs, the command shares its store and the bot delivers the cards', async () => {
    await runs();
    const port = await freePort();
    await bot.start({ dataDir, cosmosPort: port });
    // The CLI stamps its cards with the real time; a bot whose clock were behind it would not send them yet.
    bot.clock.set(new Date());
    await bot.post(installationUpdate(bot.connector.url, demo.chris));
    await bot.deliver();
    const cardsForChris = () => bot.connector.cards(bot.conversationOf(demo.chris), 'POST').map((c) => cardText(c.card)).filter((t) => t.includes('Audit allocation'));
    // The first run's cards were queued in the store before the bot ever started.
    expect(cardsForChris().filter((t) => t.includes('CR-30001'))).toHaveLength(1);

    const other = join(dataDir, 'january.csv');
    writeFileSync(other, 'Case reference,Service area,Team,Allocated practitioner,Team manager,Service manager,Child status,Restricted record,Proposed reviewer\nCR-30100,CSC,Assessment East,jordan.lee@example.org,sam.patel@example.org,priya.shah@example.org,CIN,No,chris.evans@example.org\n');
    const loaded = await casesLoad({ LOCAL_DATA_DIR: dataDir, LOCAL_COSMOS_PORT: String(port) }, other, '--cycle', '2027-01');
    expect(loaded).toMatchObject({ code: 0, out: expect.stringContaining('+ line 2: CR-30100 → Chris Evans') });
    bot.clock.set(new Date());
    await bot.deliver();
    expect(cardsForChris().filter((t) => t.includes('CR-30100'))).toHaveLength(1);
  });
});

/**
 * `npm start [-- --as sam]`: the product on embedded defaults. The bot on :3978 with its embedded,
 * journalled Cosmos-compatible store, the demo roster and case list, and the Microsoft 365 Agents
 * Playground on :56150 with you signed in as one of the demo people.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../bot/config.js';
import { startBot, type Runtime } from '../bot/runtime.js';
import { ROLE_LABELS } from '../workflow/people.js';
import { seedDemo } from './demo-seed.js';
import { seedChaseDemo } from './demo-chase-seed.js';
import { PLAYGROUND_CAST, playgroundConfig, type CastMember } from './playground-config.js';

export interface LocalProduct {
  readonly runtime: Runtime;
  readonly playground: ChildProcess;
  readonly playgroundUrl: string;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The Playground exited with code ${child.exitCode}.`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The Playground did not start at ${url} within ${timeoutMs / 1000} s.`);
}

export async function startLocal(options: { as: CastMember; env?: NodeJS.ProcessEnv; playgroundPort: number; quiet?: boolean }): Promise<LocalProduct> {
  const config = loadConfig(options.env ?? process.env);
  if (config.mode !== 'local') throw new ConfigError('MicrosoftAppId', 'is set: `npm start` runs the local demo only. Use `npm run bot` in production.');
  const runtime = await startBot(config, options.quiet ? { log: { info() {}, warn() {}, error: (e, f) => console.error(e, f) } } : {});
  const seeded = await seedDemo(runtime.services);
  // Chasing is seen as the practitioner, the team manager or the service manager (see the README).
  if (['jordan', 'sam', 'priya'].includes(options.as)) {
    await seedChaseDemo(runtime.services);
    runtime.chase.kick();
  }

  const roster = await runtime.services.directory.all(config.tenantId);
  const configDir = resolve('.playground');
  mkdirSync(configDir, { recursive: true });
  const configPath = join(configDir, `config-${options.as}-${options.playgroundPort}.yaml`);
  writeFileSync(configPath, playgroundConfig(roster, options.as, config.tenantId));

  const cli = join(dirname(createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  const playground = spawn(process.execPath, [cli, '-p', String(options.playgroundPort), '-c', 'msteams', '--disable-telemetry'], {
    env: {
      ...process.env,
      BOT_ENDPOINT: `http://127.0.0.1:${runtime.port}/api/messages`,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    },
    stdio: options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
  });
  const playgroundUrl = `http://127.0.0.1:${options.playgroundPort}`;
  try {
    await waitForHttp(playgroundUrl, 60_000, playground);
  } catch (error) {
    playground.kill();
    await runtime.stop();
    throw error;
  }
  if (!options.quiet) {
    const me = roster.find((p) => p.name.toLowerCase().startsWith(options.as))!;
    console.log(
      [
        '',
        `QA Audits is running. Open http://localhost:${options.playgroundPort}`,
        `You are ${me.name} (${me.roles.map((r) => ROLE_LABELS[r]).join(', ')}).`,
        `Demo cycle ${seeded.cycle}: ${seeded.created.length} new allocations, ${seeded.alreadyLoaded.length} already loaded.`,
        `Play someone else: npm start -- --as ${PLAYGROUND_CAST.filter((c) => c !== options.as).join('|')}`,
        '',
      ].join('\n'),
    );
  }
  return {
    runtime,
    playground,
    playgroundUrl,
    async stop() {
      const exited = new Promise((r) => (playground.exitCode !== null ? r(undefined) : playground.once('exit', r)));
      playground.kill();
      await exited;
      await runtime.stop();
      rmSync(configPath, { force: true });
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { as: { type: 'string', default: 'alex' } } });
  const who = (values.as ?? 'alex').toLowerCase();
  if (!(PLAYGROUND_CAST as readonly string[]).includes(who)) {
    console.error(`--as must be one of ${PLAYGROUND_CAST.join(', ')}.`);
    process.exit(64);
  }
  try {
    const product = await startLocal({ as: who as CastMember, playgroundPort: 56150 });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void product.stop().then(() => process.exit(0)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

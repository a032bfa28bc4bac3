import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../bot/config.js';
import { silentLog, type Log } from '../../bot/log.js';
import { startBot, type Runtime } from '../../bot/runtime.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { member, type Member } from './activities.js';
import { RecordingConnector } from './recording-connector.js';

/** The demo roster's people, as Teams would present them. */
export const demo = {
  alex: member('00000000-0000-4000-8000-0000000000a1', 'Alex Morgan'),
  sam: member('00000000-0000-4000-8000-0000000000a2', 'Sam Patel'),
  jordan: member('00000000-0000-4000-8000-0000000000a3', 'Jordan Lee'),
  priya: member('00000000-0000-4000-8000-0000000000a4', 'Priya Shah'),
  chris: member('00000000-0000-4000-8000-0000000000a5', 'Chris Evans'),
  taylor: member('00000000-0000-4000-8000-0000000000a7', 'Taylor Reed'),
  /** QA head of service: the dispute owner under the west-sussex profile. */
  dana: member('00000000-0000-4000-8000-0000000000a8', 'Dana Fox'),
  stranger: member('99999999-0000-4000-8000-000000000099', 'Not In Roster'),
};

export interface BotReply {
  readonly status: number;
  readonly body: { statusCode?: number; type?: string; value?: Record<string, unknown> } | undefined;
}

/**
 * The real bot (teams-ai app, HTTP endpoint, Cosmos SDK against the embedded server) on free ports, with a
 * recording connector as the `serviceUrl`. Delivery runs only when a test calls `deliver()`.
 */
export class BotHarness {
  readonly connector = new RecordingConnector();
  readonly clock = new FakeClock('2026-12-01T09:00:00.000Z');
  readonly logged: { event: string; fields?: Record<string, unknown> }[] = [];
  runtime!: Runtime;
  private dataDir = '';

  /** `dataDir` and `cosmosPort` let a test share the store with another process (e.g. the CLI). */
  async start(options: { dataDir?: string; cosmosPort?: number; env?: Record<string, string>; graphIsTeams?: boolean } = {}): Promise<this> {
    await this.connector.start();
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'qa-bot-'));
    const config = loadConfig({
      PORT: '0',
      LOCAL_COSMOS_PORT: String(options.cosmosPort ?? 0),
      LOCAL_DATA_DIR: this.dataDir,
      ROSTER_PATH: 'demo/roster.yaml',
      LOCAL_GRAPH_PORT: '0',
      // `graphIsTeams`: Graph is the recording connector's view of Teams chats (no calendars then).
      ...(options.graphIsTeams ? { LOCAL_GRAPH_URL: this.connector.url, DELIVERY_CHECK: 'graph' } : {}),
      ...options.env,
    });
    const record = (event: string, fields?: Record<string, unknown>) => void this.logged.push({ event, ...(fields ? { fields } : {}) });
    const log: Log = { ...silentLog, warn: record, error: record };
    this.runtime = await startBot(config, { log, clock: this.clock, startSweep: false });
    return this;
  }

  async stop(): Promise<void> {
    await this.runtime?.stop();
    await this.connector.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  get services() {
    return this.runtime.services;
  }

  async post(activity: unknown): Promise<BotReply> {
    const response = await fetch(`http://127.0.0.1:${this.runtime.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as BotReply['body']) : undefined };
  }

  /** Runs the delivery sweep to completion, as the timer would. */
  async deliver(): Promise<void> {
    if ((await this.runtime.sweep.runOnce()) !== 'ran') throw new Error('This bot does not hold the delivery lease.');
  }

  /** Runs the chase sweep to completion, as the timer would. */
  async chase(): Promise<void> {
    if ((await this.runtime.chase.runOnce()) !== 'ran') throw new Error('This bot does not hold the chase lease.');
  }

  /** The personal conversation id the activities helper gives this person. */
  conversationOf(who: Member): string {
    return `personal-${who.id}`;
  }
}

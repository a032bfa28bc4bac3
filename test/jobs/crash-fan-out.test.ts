/**
 * Crash: a sender is killed with SIGKILL half-way through a fan-out of 1,000 allocation cards (one per person),
 * and a second sender is started. Every recipient must end with exactly one card: none lost (the claims of the
 * dead sender expire and are taken again) and none duplicated (a card the dead sender had posted but not yet
 * recorded is found in the chat, by its delivery stamp, instead of being posted again).
 *
 * Real processes, the real Cosmos SDK against the embedded server the test owns, the local recording connector
 * as Teams (its Bot Connector endpoints, and its Graph view of the same chats).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TENANT_ID } from '../../bot/config.js';
import { createCosmosClient, ensureContainers, type StoreContainers } from '../../storage/cosmos-client.js';
import { CosmosAudits } from '../../storage/cosmos-audits.js';
import { CosmosConversations } from '../../storage/cosmos-conversations.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../storage/embedded-cosmos.js';
import type { Audit } from '../../workflow/audit.js';
import { anAudit } from '../fakes/index.js';
import { RecordingConnector } from '../support/recording-connector.js';
import { freePort } from '../support/free-port.js';

const CARDS = 1000;
const CYCLE = '2026-12';
const person = (i: number) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
const chat = (i: number) => `chat-${i}`;


describe('kill -9 a sender half-way through a 1,000-card fan-out, then restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-crash-'));
  const connector = new RecordingConnector();
  let store: EmbeddedCosmos;
  let containers: StoreContainers;
  let cosmosPort = 0;
  const children: ChildProcess[] = [];
  const output: string[] = [];

  const sender = (offsetMs: number): ChildProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/jobs/fixtures/fan-out-sender.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        LOCAL_COSMOS_PORT: String(cosmosPort),
        LOCAL_DATA_DIR: dataDir,
        ROSTER_PATH: 'demo/roster.yaml',
        LOCAL_GRAPH_URL: connector.url,
        DELIVERY_CHECK: 'graph',
        CLOCK_OFFSET_MS: String(offsetMs),
        CYCLE,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    children.push(child);
    return child;
  };
  const cardsIn = (i: number) => connector.calls.filter((c) => c.method === 'POST' && c.conversationId === chat(i) && c.assignedId).length;
  const posted = () => connector.calls.filter((c) => c.method === 'POST' && c.conversationId.startsWith('chat-') && c.assignedId).length;

  beforeAll(async () => {
    await connector.start();
    cosmosPort = await freePort();
    store = await startEmbeddedCosmos({ dataDir, port: cosmosPort });
    containers = await ensureContainers(createCosmosClient({ kind: 'local', endpoint: store.endpoint, key: store.key }), 'qa-audits');
    const audits = new CosmosAudits(containers.audits);
    const conversations = new CosmosConversations(containers.conversations);
    for (let i = 0; i < CARDS; i += 1) {
      connector.chats.set(person(i), chat(i));
      await conversations.save({
        personId: person(i),
        tenantId: LOCAL_TENANT_ID,
        channelUserId: `29:person-${i}`,
        reference: { serviceUrl: connector.url, channelId: 'msteams', conversation: { id: chat(i), conversationType: 'personal', tenantId: LOCAL_TENANT_ID }, user: { id: `29:person-${i}` }, bot: { id: '28:qa-audits-bot' } },
        installedAt: '2026-12-01T08:00:00.000Z',
      });
      const audit: Audit = anAudit().inTenant(LOCAL_TENANT_ID).inCycle(CYCLE).forCase(`CR-7${String(i).padStart(4, '0')}`).allocatedTo(person(i)).withAllocationCard('pending', { createdAt: '2026-12-01T09:00:00.000Z' }).build();
      await audits.create(audit);
    }
  }, 300_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await store?.close();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every recipient ends with exactly one card', async () => {
    const first = sender(0);
    // Killed at the worst moment: Teams has just accepted card 500, and the sender has not heard back. Cards the
    // sender was still rendering or claiming at that instant are in doubt too.
    connector.intercept = () => {
      if (posted() < CARDS / 2) return 'answer';
      first.kill('SIGKILL');
      connector.intercept = undefined;
      return 'hold';
    };
    await new Promise((r) => first.once('exit', r));
    const atKill = posted();
    expect(atKill).toBeGreaterThanOrEqual(CARDS / 2);
    expect(atKill).toBeLessThan(CARDS);

    // What the dead sender left: some sent, some claimed with no outcome (in doubt), the rest pending.
    const audits = new CosmosAudits(containers.audits);
    const left = await audits.allocationCards(LOCAL_TENANT_ID, CYCLE);
    const sentAtKill = left.filter((c) => c.state === 'sent').length;
    const inDoubt = left.filter((c) => c.state === 'sending').length;
    // At least the card Teams accepted unanswered is in doubt: the case this test exists for.
    expect(atKill - sentAtKill).toBeGreaterThanOrEqual(1);
    expect(inDoubt).toBeGreaterThanOrEqual(1);

    // The second sender starts "three minutes later": past the dead one's claims (2 min) and its lease.
    const second = sender(180_000);
    const code = await new Promise<number | null>((r) => second.once('exit', r));
    expect(code, output.join('')).toBe(0);

    const missing = [...Array(CARDS).keys()].filter((i) => cardsIn(i) === 0);
    const doubled = [...Array(CARDS).keys()].filter((i) => cardsIn(i) > 1);
    expect(missing, 'recipients with no card').toEqual([]);
    expect(doubled, 'recipients with two cards').toEqual([]);
    // The store agrees with the chats: each card sent once, with the id Teams gave it.
    const final = (await audits.allocationCards(LOCAL_TENANT_ID, CYCLE)).filter((c) => c.state === 'sent');
    expect(final).toHaveLength(CARDS);
    for (const i of [0, CARDS / 2 - 1, CARDS / 2, CARDS - 1]) {
      const stored = (await audits.get(LOCAL_TENANT_ID, `a-${CYCLE}-CR-7${String(i).padStart(4, '0')}`))!.outbox[0]!;
      const call = connector.calls.find((c) => c.method === 'POST' && c.conversationId === chat(i))!;
      expect(stored.activityId).toBe(call.assignedId);
    }
    console.log(`crash test: ${atKill} posted when killed (${sentAtKill} recorded as sent, ${inDoubt} claims in doubt), ${posted()} posted in all`);
  }, 600_000);
});

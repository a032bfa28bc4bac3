import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '@azure/cosmos';
import { CosmosAudits } from '../../storage/cosmos-audits.js';
import { createCosmosClient } from '../../storage/cosmos-client.js';
import { CosmosConversations } from '../../storage/cosmos-conversations.js';
import { statusOf } from '../../storage/documents.js';
import { JOURNAL_FILE, startEmbeddedCosmos } from '../../storage/embedded-cosmos.js';
import { aConversation, anAudit, cast, TENANT } from '../fakes/index.js';
import { DATABASE, openStore, tempDataDir, type OpenStore } from './store-harness.js';

const AT = '2026-12-02T10:00:00.000Z';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDir(): string {
  const data = tempDataDir();
  cleanups.push(data.remove);
  return data.dir;
}

async function open(dir: string): Promise<OpenStore> {
  const store = await openStore(dir);
  cleanups.push(() => store.close());
  return store;
}

const journalLines = (dir: string) => readFileSync(join(dir, JOURNAL_FILE), 'utf8').split('\n').filter(Boolean);

const kept = anAudit().forCase('CR-1').build();
const replaced = anAudit().forCase('CR-2').build();
const deleted = anAudit().forCase('CR-3').build();

/** Creates three audits, replaces one twice, deletes one, and saves then moves a conversation. */
async function writeSomeHistory(store: OpenStore): Promise<void> {
  const audits = new CosmosAudits(store.audits);
  for (const audit of [kept, replaced, deleted]) await audits.create(audit);
  await audits.update(TENANT, replaced.id, (a) => ({ ...a, status: 'accepted', acceptedAt: AT }));
  await audits.update(TENANT, replaced.id, (a) => ({ ...a, history: [...a.history, { at: AT, by: cast.reviewer.id, event: 'accepted' }] }));
  await store.audits.item(deleted.id, TENANT).delete();
  const conversations = new CosmosConversations(store.conversations);
  await conversations.save(aConversation(cast.reviewer.id));
  await conversations.save({ ...aConversation(cast.reviewer.id), reference: { conversationId: 'conv-moved' } });
}

describe('embedded Cosmos store: durability across restarts', () => {
  it('a restart brings back every write: creates, replaces and deletes', async () => {
    const dir = dataDir();
    const first = await open(dir);
    await writeSomeHistory(first);
    await first.close();

    const second = await open(dir);
    const audits = new CosmosAudits(second.audits);
    expect(await audits.get(TENANT, kept.id)).toEqual(kept);
    expect(await audits.get(TENANT, replaced.id)).toMatchObject({
      status: 'accepted',
      acceptedAt: AT,
      history: [...replaced.history, { at: AT, by: cast.reviewer.id, event: 'accepted' }],
    });
    expect(await audits.get(TENANT, deleted.id)).toBeUndefined();
    expect((await audits.forCycle(TENANT, kept.cycle)).map((a) => a.id)).toEqual([kept.id, replaced.id]);
    expect((await new CosmosConversations(second.conversations).get(TENANT, cast.reviewer.id))?.reference).toEqual({
      conversationId: 'conv-moved',
    });

    // The restarted store takes writes, and they survive the next restart too.
    await audits.update(TENANT, kept.id, (a) => ({ ...a, status: 'withdrawn' }));
    expect(await audits.create(deleted)).toBe(true);
    await second.close();
    const third = await open(dir);
    const again = new CosmosAudits(third.audits);
    expect((await again.get(TENANT, kept.id))?.status).toBe('withdrawn');
    expect(await again.get(TENANT, deleted.id)).toEqual(deleted);
  });

  it('start-up compacts the journal to one line per database, container and live document', async () => {
    const dir = dataDir();
    const first = await open(dir);
    await writeSomeHistory(first);
    await first.close();
    const before = journalLines(dir).length;

    const second = await open(dir);

    // 1 database + 5 containers + 2 audits + 1 conversation
    expect(second.store.replayed).toBe(9);
    expect(journalLines(dir)).toHaveLength(9);
    expect(before).toBeGreaterThan(9);
  });

  it('a torn last line (a write cut off by a crash, never acknowledged) is dropped', async () => {
    const dir = dataDir();
    const first = await open(dir);
    await new CosmosAudits(first.audits).create(kept);
    await first.close();
    appendFileSync(join(dir, JOURNAL_FILE), '{"op":"doc","db":"qa-audits-test","coll":"audits","doc":{"id":"torn');

    const second = await open(dir);

    expect(await new CosmosAudits(second.audits).get(TENANT, kept.id)).toEqual(kept);
    expect(journalLines(dir).every((line) => JSON.parse(line))).toBe(true);
    expect(journalLines(dir).some((line) => line.includes('torn'))).toBe(false);
  });

  it('refuses to start on a journal corrupted in the middle, and leaves the data directory unlocked', async () => {
    const dir = dataDir();
    const first = await open(dir);
    await new CosmosAudits(first.audits).create(kept);
    await first.close();
    const lines = journalLines(dir);
    writeFileSync(join(dir, JOURNAL_FILE), [lines[0], 'not json', ...lines.slice(1), ''].join('\n'));

    await expect(startEmbeddedCosmos({ dataDir: dir, port: 0 })).rejects.toThrow(/corrupt at line 2/);
    writeFileSync(join(dir, JOURNAL_FILE), [...lines, ''].join('\n'));
    const repaired = await open(dir);
    expect(await new CosmosAudits(repaired.audits).get(TENANT, kept.id)).toEqual(kept);
  });

  it('a deleted container stays deleted', async () => {
    const dir = dataDir();
    const first = await open(dir);
    await first.leases.delete();
    await first.close();

    const second = await openStoreWithoutEnsure(dir);
    await expect(second.database.container('leases').read()).rejects.toSatisfy((e) => statusOf(e) === 404);
  });

  it('refuses what it cannot journal (batches, user-defined functions) instead of losing it at restart', async () => {
    const store = await open(dataDir());

    const batch = store.leases.items.batch([{ operationType: 'Create', resourceBody: { id: 'l1', tenantId: TENANT } }], TENANT);
    await expect(batch).rejects.toThrow(/batch and bulk requests are refused/);
    const udf = store.leases.scripts.userDefinedFunctions.create({ id: 'f', body: 'function f() { return 1; }' });
    await expect(udf).rejects.toSatisfy((e) => statusOf(e) === 501);
  });
});

/** Opens the store and a client, but creates nothing (to see what the journal alone brought back). */
async function openStoreWithoutEnsure(dir: string): Promise<{ database: Database }> {
  const store = await startEmbeddedCosmos({ dataDir: dir, port: 0 });
  const client = createCosmosClient({ kind: 'local', endpoint: store.endpoint, key: store.key });
  cleanups.push(async () => {
    client.dispose();
    await store.close();
  });
  return { database: client.database(DATABASE) };
}

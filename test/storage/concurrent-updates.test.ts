import type { Container, PartitionKey } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, type Audit } from '../../workflow/audit.js';
import { IllegalTransition } from '../../workflow/errors.js';
import { CosmosAudits } from '../../storage/cosmos-audits.js';
import { statusOf } from '../../storage/documents.js';
import { anAudit, cast } from '../fakes/index.js';
import { openStore, tempDataDir, type OpenStore } from './store-harness.js';

const AT = '2026-12-02T10:00:00.000Z';
let store: OpenStore;
const data = tempDataDir();
let tenants = 0;
const freshTenant = () => `race-${++tenants}`;

beforeAll(async () => {
  store = await openStore(data.dir);
});
afterAll(async () => {
  await store.close();
  data.remove();
});

interface Replaces {
  attempted: number;
  preconditionFailed: number;
}

/**
 * The real audits container, except that each `replace` first awaits `before()`. Holding the replaces
 * until both racers have read makes the race certain instead of likely; the 412 still comes from the server.
 */
function interceptReplaces(container: Container, before: () => Promise<void>, seen: Replaces): Container {
  const bound = <T extends object>(target: T, prop: string | symbol): unknown => {
    const value: unknown = Reflect.get(target, prop, target);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return new Proxy(container, {
    get(target, prop) {
      if (prop !== 'item') return bound(target, prop);
      return (id: string, partitionKey: PartitionKey) => {
        const item = target.item(id, partitionKey);
        return new Proxy(item, {
          get(itemTarget, itemProp) {
            if (itemProp !== 'replace') return bound(itemTarget, itemProp);
            return async (...args: Parameters<typeof item.replace>) => {
              await before();
              seen.attempted += 1;
              try {
                return await itemTarget.replace(...args);
              } catch (error) {
                if (statusOf(error) === 412) seen.preconditionFailed += 1;
                throw error;
              }
            };
          },
        });
      };
    },
  });
}

/** Opens once `count` change functions have run. */
function barrier(count: number): { arrive(): void; opened: Promise<void> } {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, arrive: () => ++arrived >= count && open() };
}

function appendHistory(audit: Audit, event: string): Audit {
  return { ...audit, history: [...audit.history, { at: AT, by: cast.coordinator.id, event }] };
}

async function seeded(tenant: string): Promise<Audit> {
  const audit = anAudit().inTenant(tenant).allocatedTo(cast.reviewer.id).build();
  expect(await new CosmosAudits(store.audits).create(audit)).toBe(true);
  return audit;
}

describe('CosmosAudits.update under concurrency', () => {
  it('two racing updates both land: the loser gets a 412, re-reads and applies its change again', async () => {
    const tenant = freshTenant();
    const audit = await seeded(tenant);
    const bothRead = barrier(2);
    const seen: Replaces = { attempted: 0, preconditionFailed: 0 };
    const audits = new CosmosAudits(interceptReplaces(store.audits, () => bothRead.opened, seen));
    const runs = { first: 0, second: 0 };
    const racer = (name: keyof typeof runs) => (current: Audit) => {
      runs[name] += 1;
      bothRead.arrive();
      return appendHistory(current, name);
    };

    await Promise.all([audits.update(tenant, audit.id, racer('first')), audits.update(tenant, audit.id, racer('second'))]);

    expect(seen).toEqual({ attempted: 3, preconditionFailed: 1 });
    expect([runs.first, runs.second].sort()).toEqual([1, 2]);
    const stored = await audits.get(tenant, audit.id);
    expect(stored!.history.map((h) => h.event)).toEqual(['allocated', ...(runs.first === 1 ? ['first', 'second'] : ['second', 'first'])]);
  });

  it('a double-clicked accept: exactly one wins, the other re-reads and gets the domain error', async () => {
    const tenant = freshTenant();
    const audit = await seeded(tenant);
    const bothRead = barrier(2);
    const seen: Replaces = { attempted: 0, preconditionFailed: 0 };
    const audits = new CosmosAudits(interceptReplaces(store.audits, () => bothRead.opened, seen));
    const click = (current: Audit) => {
      bothRead.arrive();
      return accept(current, cast.reviewer.id, 1, AT);
    };

    const outcomes = await Promise.allSettled([audits.update(tenant, audit.id, click), audits.update(tenant, audit.id, click)]);

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(IllegalTransition);
    expect(seen).toEqual({ attempted: 2, preconditionFailed: 1 });
    const stored = await audits.get(tenant, audit.id);
    expect(stored!.status).toBe('accepted');
    expect(stored!.history.filter((h) => h.event === 'accepted')).toHaveLength(1);
  });

  it('many unsynchronised writers lose no update', async () => {
    const tenant = freshTenant();
    const audit = await seeded(tenant);
    const audits = new CosmosAudits(store.audits, { maxAttempts: 50 });
    let runs = 0;
    const writers = Array.from({ length: 8 }, (_, i) =>
      audits.update(tenant, audit.id, (current) => {
        runs += 1;
        return appendHistory(current, `w${i}`);
      }),
    );

    await Promise.all(writers);

    const events = (await audits.get(tenant, audit.id))!.history.map((h) => h.event);
    expect(events.slice(1).sort()).toEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7']);
    expect(runs).toBeGreaterThanOrEqual(8);
  });

  it('gives up after maxAttempts when every write finds the document changed, writing nothing of its own', async () => {
    const tenant = freshTenant();
    const audit = await seeded(tenant);
    const seen: Replaces = { attempted: 0, preconditionFailed: 0 };
    // Before each of our replaces, another writer changes the document for real.
    const interloper = async () => {
      await store.audits.items.upsert({ ...audit, team: `changed-${seen.attempted}` });
    };
    const audits = new CosmosAudits(interceptReplaces(store.audits, interloper, seen), { maxAttempts: 3 });
    let runs = 0;

    await expect(
      audits.update(tenant, audit.id, (current) => {
        runs += 1;
        return appendHistory(current, 'mine');
      }),
    ).rejects.toThrow(/gave up after 3/);

    expect(runs).toBe(3);
    expect(seen).toEqual({ attempted: 3, preconditionFailed: 3 });
    expect((await audits.get(tenant, audit.id))!.history.map((h) => h.event)).toEqual(['allocated']);
  });
});

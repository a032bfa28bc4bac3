import type { Container, PartitionKey } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosLeases, leaseDocumentId } from '../../storage/cosmos-leases.js';
import { statusOf } from '../../storage/documents.js';
import { openStore, tempDataDir, type OpenStore } from './store-harness.js';

const T0 = new Date('2026-12-01T09:00:00.000Z');
const TTL = 30_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

let store: OpenStore;
const data = tempDataDir();
let tenants = 0;
const freshTenant = () => `leases-${++tenants}`;

beforeAll(async () => {
  store = await openStore(data.dir);
});
afterAll(async () => {
  await store.close();
  data.remove();
});

describe('CosmosLeases: one holder at a time, expiring', () => {
  it('takes a free lease until now + ttl, stored as one document per tenant and name', async () => {
    const leases = new CosmosLeases(store.leases);
    const tenant = freshTenant();

    expect(await leases.acquire(tenant, 'chase', 'bot-a', TTL, T0)).toEqual({ name: 'chase', holder: 'bot-a', expiresAt: at(TTL).toISOString() });

    expect(await leases.read(tenant, leaseDocumentId('chase'))).toMatchObject({
      id: 'lease-chase',
      tenantId: tenant,
      name: 'chase',
      holder: 'bot-a',
      expiresAt: at(TTL).toISOString(),
    });
  });

  it('refuses a second holder while the lease is valid, up to the last millisecond', async () => {
    const leases = new CosmosLeases(store.leases);
    const tenant = freshTenant();
    await leases.acquire(tenant, 'chase', 'bot-a', TTL, T0);

    expect(await leases.acquire(tenant, 'chase', 'bot-b', TTL, at(1))).toBeUndefined();
    expect(await leases.acquire(tenant, 'chase', 'bot-b', TTL, at(TTL - 1))).toBeUndefined();
    expect((await leases.read(tenant, leaseDocumentId('chase')))!.holder).toBe('bot-a');
  });

  it('a crashed holder (no renewal, no release) is taken over once its lease has expired', async () => {
    const leases = new CosmosLeases(store.leases);
    const tenant = freshTenant();
    await leases.acquire(tenant, 'chase', 'bot-a', TTL, T0);

    expect(await leases.acquire(tenant, 'chase', 'bot-b', TTL, at(TTL))).toEqual({
      name: 'chase',
      holder: 'bot-b',
      expiresAt: at(2 * TTL).toISOString(),
    });
    // The old holder, back from the dead, is now the one refused.
    expect(await leases.acquire(tenant, 'chase', 'bot-a', TTL, at(TTL + 1))).toBeUndefined();
  });

  it('the holder renews its own lease, extending the expiry, and others stay out for the new term', async () => {
    const leases = new CosmosLeases(store.leases);
    const tenant = freshTenant();
    await leases.acquire(tenant, 'chase', 'bot-a', TTL, T0);

    expect(await leases.acquire(tenant, 'chase', 'bot-a', TTL, at(TTL - 1_000))).toEqual({
      name: 'chase',
      holder: 'bot-a',
      expiresAt: at(2 * TTL - 1_000).toISOString(),
    });
    expect(await leases.acquire(tenant, 'chase', 'bot-b', TTL, at(TTL + 1_000))).toBeUndefined();
    expect(await leases.acquire(tenant, 'chase', 'bot-b', TTL, at(2 * TTL - 1_000))).toMatchObject({ holder: 'bot-b' });
  });

  it('a release lets another holder take the lease at once', async () => {
    const leases = new CosmosLeases(store.leases);
    const tenant = freshTenant();
    await leases.acquire(tenant, 'chase', 'bot-a', TTL, T0);

    await leases.release(tenant, 'chase', 'bot-a');

    expect(await leases.acquire(tenant, 'chase', 'bot-b', TTL, at(1))).toMatchObject({ holder: 'bot-b' });
  });

  it('a release by someone who does not hold the lease changes nothing', async () => {
    const leases = new CosmosLeases(store.leases);
    const tenant = freshTenant();
    await leases.acquire(tenant, 'chase', 'bot-a', TTL, T0);
    const before = (await leases.read(tenant, leaseDocumentId('chase')))!;

    await leases.release(tenant, 'chase', 'bot-b');
    await leases.release(tenant, 'never-taken', 'bot-b');

    const after = (await leases.read(tenant, leaseDocumentId('chase')))!;
    expect(after._etag).toBe(before._etag);
    expect(await leases.acquire(tenant, 'chase', 'bot-b', TTL, at(1))).toBeUndefined();
    expect(await leases.read(tenant, leaseDocumentId('never-taken'))).toBeUndefined();
  });

  it('a holder taken over after expiry cannot release the new holder’s lease', async () => {
    const leases = new CosmosLeases(store.leases);
    const tenant = freshTenant();
    await leases.acquire(tenant, 'chase', 'bot-a', TTL, T0);
    await leases.acquire(tenant, 'chase', 'bot-b', TTL, at(TTL));

    await leases.release(tenant, 'chase', 'bot-a');

    expect(await leases.acquire(tenant, 'chase', 'bot-c', TTL, at(TTL + 1))).toBeUndefined();
  });

  it('keeps tenants and names apart', async () => {
    const leases = new CosmosLeases(store.leases);
    const [a, b] = [freshTenant(), freshTenant()];
    await leases.acquire(a, 'chase', 'bot-a', TTL, T0);

    expect(await leases.acquire(b, 'chase', 'bot-b', TTL, at(1))).toMatchObject({ holder: 'bot-b' });
    expect(await leases.acquire(a, 'sweep', 'bot-b', TTL, at(1))).toMatchObject({ holder: 'bot-b' });
    expect(await leases.acquire(a, 'chase', 'bot-b', TTL, at(1))).toBeUndefined();
    await leases.release(b, 'chase', 'bot-b');
    expect(await leases.acquire(a, 'chase', 'bot-c', TTL, at(2))).toBeUndefined();
    expect((await leases.read(a, leaseDocumentId('chase')))!.holder).toBe('bot-a');
  });

  it('rejects a ttl that is not positive', async () => {
    const leases = new CosmosLeases(store.leases);
    await expect(leases.acquire(freshTenant(), 'chase', 'bot-a', 0, T0)).rejects.toBeInstanceOf(RangeError);
  });
});

describe('CosmosLeases under concurrency', () => {
  /**
   * The real leases container, except that each point read waits until `racers` reads have returned, so every
   * racer decides on the same state and the race is settled by the server's 409 or 412, not by timing.
   */
  function racingReads(container: Container, racers: number, refusals: number[]): Container {
    let arrived = 0;
    let open!: () => void;
    const allRead = new Promise<void>((resolve) => (open = resolve));
    const bound = <T extends object>(target: T, prop: string | symbol): unknown => {
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    };
    const recording =
      <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        try {
          return await write(...args);
        } catch (error) {
          const status = statusOf(error);
          if (status !== undefined) refusals.push(status);
          throw error;
        }
      };
    return new Proxy(container, {
      get(target, prop) {
        if (prop === 'items') {
          return new Proxy(target.items, {
            get: (items, itemsProp) => (itemsProp === 'create' ? recording(items.create.bind(items)) : bound(items, itemsProp)),
          });
        }
        if (prop !== 'item') return bound(target, prop);
        return (id: string, partitionKey: PartitionKey) => {
          const item = target.item(id, partitionKey);
          return new Proxy(item, {
            get(itemTarget, itemProp) {
              if (itemProp === 'replace') return recording(itemTarget.replace.bind(itemTarget));
              if (itemProp !== 'read') return bound(itemTarget, itemProp);
              return async (...args: Parameters<typeof item.read>) => {
                try {
                  return await itemTarget.read(...args);
                } finally {
                  if (++arrived >= racers) open();
                  await allRead;
                }
              };
            },
          });
        };
      },
    });
  }

  async function race(tenant: string, round: number, now: Date): Promise<{ winners: string[]; refusals: number[] }> {
    const refusals: number[] = [];
    const leases = new CosmosLeases(racingReads(store.leases, 10, refusals));
    const holders = Array.from({ length: 10 }, (_, i) => `bot-${round}-${i}`);
    const results = await Promise.all(holders.map((holder) => leases.acquire(tenant, 'chase', holder, TTL, now)));
    return { winners: results.filter((r) => r !== undefined).map((r) => r.holder), refusals };
  }

  it('ten holders racing for a free lease: exactly one wins, the other nine get a 409 from the create', async () => {
    for (let round = 1; round <= 5; round += 1) {
      const tenant = freshTenant();
      const { winners, refusals } = await race(tenant, round, T0);

      expect(winners).toHaveLength(1);
      expect(refusals).toEqual(Array(9).fill(409));
      expect((await new CosmosLeases(store.leases).read(tenant, leaseDocumentId('chase')))!.holder).toBe(winners[0]);
    }
  });

  it('ten holders racing for an expired lease: exactly one wins, the other nine get a 412 from the replace', async () => {
    const tenant = freshTenant();
    const leases = new CosmosLeases(store.leases);
    await leases.acquire(tenant, 'chase', 'bot-crashed', TTL, T0);
    for (let round = 1; round <= 5; round += 1) {
      // Each round starts after the previous winner's lease (or the crashed holder's) has expired.
      const { winners, refusals } = await race(tenant, round, at(round * TTL));

      expect(winners).toHaveLength(1);
      expect(refusals).toEqual(Array(9).fill(412));
      expect((await leases.read(tenant, leaseDocumentId('chase')))!).toMatchObject({
        holder: winners[0],
        expiresAt: at((round + 1) * TTL).toISOString(),
      });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosCycles, cycleDocumentId } from '../../storage/cosmos-cycles.js';
import { SequentialIds } from '../fakes/index.js';
import { openStore, tempDataDir, type OpenStore } from './store-harness.js';

let store: OpenStore;
const data = tempDataDir();
let tenants = 0;
const freshTenant = () => `cycles-${++tenants}`;

beforeAll(async () => {
  store = await openStore(data.dir);
});
afterAll(async () => {
  await store.close();
  data.remove();
});

describe('CosmosCycles: submission ordinals and the cycle seed', () => {
  it('the first submission creates the cycle with a seed from Ids; later ones count on, keeping the seed', async () => {
    const cycles = new CosmosCycles(store.cycles, new SequentialIds('seed'));
    const tenant = freshTenant();

    expect(await cycles.nextSubmission(tenant, '2026-12', 'a-1')).toEqual({ ordinal: 1, seed: 'seed-1' });
    expect(await cycles.nextSubmission(tenant, '2026-12', 'a-2')).toEqual({ ordinal: 2, seed: 'seed-1' });
    expect(await cycles.nextSubmission(tenant, '2026-12', 'a-3')).toEqual({ ordinal: 3, seed: 'seed-1' });

    const doc = await cycles.read(tenant, cycleDocumentId('2026-12'));
    expect(doc).toMatchObject({ tenantId: tenant, cycle: '2026-12', seed: 'seed-1', submissions: 3, ordinals: { 'a-1': 1, 'a-2': 2, 'a-3': 3 } });
  });

  it('an audit asking again (a retry, a double click) keeps its ordinal and takes no new place', async () => {
    const cycles = new CosmosCycles(store.cycles, new SequentialIds('seed'));
    const tenant = freshTenant();
    await cycles.nextSubmission(tenant, '2026-12', 'a-1');
    await cycles.nextSubmission(tenant, '2026-12', 'a-2');
    const { _etag: before } = (await cycles.read(tenant, cycleDocumentId('2026-12')))!;

    expect(await cycles.nextSubmission(tenant, '2026-12', 'a-1')).toEqual({ ordinal: 1, seed: 'seed-1' });
    expect((await cycles.read(tenant, cycleDocumentId('2026-12')))!._etag).toBe(before);
    expect(await cycles.nextSubmission(tenant, '2026-12', 'a-3')).toEqual({ ordinal: 3, seed: 'seed-1' });
  });

  it('keeps cycles and tenants apart: each has its own count and its own seed', async () => {
    const cycles = new CosmosCycles(store.cycles, new SequentialIds('seed'));
    const [a, b] = [freshTenant(), freshTenant()];

    expect(await cycles.nextSubmission(a, '2026-11', 'x')).toEqual({ ordinal: 1, seed: 'seed-1' });
    expect(await cycles.nextSubmission(a, '2026-12', 'x')).toEqual({ ordinal: 1, seed: 'seed-2' });
    expect(await cycles.nextSubmission(b, '2026-12', 'y')).toEqual({ ordinal: 1, seed: 'seed-3' });
    expect(await cycles.nextSubmission(a, '2026-12', 'z')).toEqual({ ordinal: 2, seed: 'seed-2' });
  });

  it('twenty racing submissions (two instances) get ordinals 1..20 exactly once, under one seed', async () => {
    // Two bot instances, each with its own Ids: the create race decides whose seed the cycle keeps.
    const first = new CosmosCycles(store.cycles, new SequentialIds('first'), { maxAttempts: 50 });
    const second = new CosmosCycles(store.cycles, new SequentialIds('second'), { maxAttempts: 50 });
    const tenant = freshTenant();

    const draws = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).nextSubmission(tenant, '2026-12', `a-${i + 1}`)),
    );

    expect(draws.map((d) => d.ordinal).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(draws.map((d) => d.seed)).size).toBe(1);
    const doc = (await first.read(tenant, cycleDocumentId('2026-12')))!;
    expect(doc.submissions).toBe(20);
    expect(doc.seed).toBe(draws[0]!.seed);
    expect(Object.keys(doc.ordinals)).toHaveLength(20);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosConversations } from '../../storage/cosmos-conversations.js';
import { aConversation, cast } from '../fakes/index.js';
import { openStore, tempDataDir, type OpenStore } from './store-harness.js';

let store: OpenStore;
let conversations: CosmosConversations;
const data = tempDataDir();
let tenants = 0;
const freshTenant = () => `conv-${++tenants}`;

beforeAll(async () => {
  store = await openStore(data.dir);
  conversations = new CosmosConversations(store.conversations);
});
afterAll(async () => {
  await store.close();
  data.remove();
});

async function etagOf(tenantId: string, personId: string): Promise<string | undefined> {
  const { resource } = await store.conversations.item(personId, tenantId).read<{ _etag: string }>();
  return resource?._etag;
}

describe('CosmosConversations', () => {
  it('stores a first installation and reads it back as the domain object', async () => {
    const tenant = freshTenant();
    const conversation = aConversation(cast.reviewer.id, tenant);

    expect(await conversations.get(tenant, cast.reviewer.id)).toBeUndefined();
    expect(await conversations.save(conversation)).toBe(true);
    expect(await conversations.get(tenant, cast.reviewer.id)).toEqual(conversation);
  });

  it('a repeated installation event is not new and, with the same reference, writes nothing', async () => {
    const tenant = freshTenant();
    await conversations.save(aConversation(cast.reviewer.id, tenant));
    const before = await etagOf(tenant, cast.reviewer.id);

    expect(await conversations.save(aConversation(cast.reviewer.id, tenant, '2026-12-05T08:00:00.000Z'))).toBe(false);
    expect(await etagOf(tenant, cast.reviewer.id)).toBe(before);
  });

  it('a reinstallation with a new reference is not new but replaces the reference', async () => {
    const tenant = freshTenant();
    await conversations.save(aConversation(cast.reviewer.id, tenant));
    const moved = { ...aConversation(cast.reviewer.id, tenant), reference: { conversationId: 'conv-new', serviceUrl: 'https://smba.example.test/uk/' } };

    expect(await conversations.save(moved)).toBe(false);
    expect(await conversations.get(tenant, cast.reviewer.id)).toEqual(moved);
  });

  it('keeps tenants apart', async () => {
    const [a, b] = [freshTenant(), freshTenant()];
    expect(await conversations.save(aConversation(cast.reviewer.id, a))).toBe(true);
    expect(await conversations.save(aConversation(cast.reviewer.id, b))).toBe(true);
    expect(await conversations.get(freshTenant(), cast.reviewer.id)).toBeUndefined();
  });
});

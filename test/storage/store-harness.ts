import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CosmosClient } from '@azure/cosmos';
import { createCosmosClient, ensureContainers, type StoreContainers } from '../../storage/cosmos-client.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../storage/embedded-cosmos.js';

export const DATABASE = 'qa-audits-test';

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'qa-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The embedded store on a free port, a real SDK client and the product's containers. */
export interface OpenStore extends StoreContainers {
  readonly store: EmbeddedCosmos;
  readonly client: CosmosClient;
  close(): Promise<void>;
}

export async function openStore(dataDir: string): Promise<OpenStore> {
  const store = await startEmbeddedCosmos({ dataDir, port: 0 });
  const client = createCosmosClient({ kind: 'local', endpoint: store.endpoint, key: store.key });
  const containers = await ensureContainers(client, DATABASE);
  let closed = false;
  return {
    ...containers,
    store,
    client,
    close: async () => {
      if (closed) return;
      closed = true;
      client.dispose();
      await store.close();
    },
  };
}

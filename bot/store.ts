import { DefaultAzureCredential } from '@azure/identity';
import { CosmosAudits } from '../storage/cosmos-audits.js';
import { createCosmosClient, ensureContainers } from '../storage/cosmos-client.js';
import { CosmosConversations } from '../storage/cosmos-conversations.js';
import { CosmosCycles } from '../storage/cosmos-cycles.js';
import { CosmosDigests } from '../storage/cosmos-digests.js';
import { CosmosFanOuts } from '../storage/cosmos-fan-outs.js';
import { CosmosLeases } from '../storage/cosmos-leases.js';
import { DataDirInUse, startEmbeddedCosmos, StorePortInUse } from '../storage/embedded-cosmos.js';
import type { Audits, Conversations, Cycles, Digests, FanOuts, Leases } from '../workflow/ports.js';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { Log } from './log.js';

export interface Store {
  readonly audits: Audits;
  readonly conversations: Conversations;
  readonly cycles: Cycles;
  readonly digests: Digests;
  readonly fanOuts: FanOuts;
  readonly leases: Leases;
  readonly description: string;
  close(): Promise<void>;
}

/** Any key works against the embedded server; it only has to be present. */
const EMBEDDED_KEY = 'local-embedded-cosmos-key';

/**
 * Opens the Cosmos DB store. Locally, the first process starts the embedded server and owns its journal;
 * a second one (the `cases:load` CLI while the bot runs, or another bot instance) connects to it.
 */
export async function openStore(config: Config, log: Log): Promise<Store> {
  const cosmos = config.cosmos;
  let endpoint: string;
  let stopServer: (() => Promise<void>) | undefined;
  let description: string;
  let client;
  if (cosmos.kind === 'azure') {
    endpoint = cosmos.endpoint;
    client = createCosmosClient(cosmos.key ? { kind: 'azure', endpoint, key: cosmos.key } : { kind: 'azure', endpoint, credential: new DefaultAzureCredential() });
    description = `Azure Cosmos DB ${new URL(endpoint).host}`;
  } else {
    try {
      const server = await startEmbeddedCosmos({ dataDir: cosmos.dataDir, port: cosmos.port, host: '127.0.0.1' });
      endpoint = server.endpoint;
      stopServer = server.close;
      description = `embedded Cosmos-compatible server at ${endpoint}, journal in ${cosmos.dataDir}`;
    } catch (error) {
      // Only "someone else already runs it" means connect to theirs; any other start-up failure is real.
      if (cosmos.port === 0 || !(error instanceof StorePortInUse || error instanceof DataDirInUse)) throw error;
      endpoint = `https://127.0.0.1:${cosmos.port}/`;
      description = `embedded Cosmos-compatible server owned by another process at ${endpoint}`;
      log.info('store-shared', { endpoint, reason: error instanceof Error ? error.message : String(error) });
    }
    client = createCosmosClient({ kind: 'local', endpoint, key: EMBEDDED_KEY });
  }
  const containers = await ensureContainers(client, cosmos.databaseId);
  return {
    audits: new CosmosAudits(containers.audits),
    conversations: new CosmosConversations(containers.conversations),
    cycles: new CosmosCycles(containers.cycles, { next: () => randomUUID() }),
    digests: new CosmosDigests(containers.notices),
    fanOuts: new CosmosFanOuts(containers.notices),
    leases: new CosmosLeases(containers.leases),
    description,
    async close() {
      client.dispose();
      await stopServer?.();
    },
  };
}

import { Agent } from 'node:https';
import { CosmosClient, type Container, type CosmosClientOptions, type Database } from '@azure/cosmos';

/** @azure/core-auth's TokenCredential, named through @azure/cosmos so we need no extra dependency. */
export type TokenCredential = NonNullable<CosmosClientOptions['aadCredentials']>;

export type CosmosConnection =
  /** Azure Cosmos DB with an account key. */
  | { readonly kind: 'azure'; readonly endpoint: string; readonly key: string }
  /** Azure Cosmos DB with Entra ID (managed identity: pass `new DefaultAzureCredential()`). */
  | { readonly kind: 'azure'; readonly endpoint: string; readonly credential: TokenCredential }
  /** The embedded store (storage/embedded-cosmos.ts) on this machine. */
  | { readonly kind: 'local'; readonly endpoint: string; readonly key: string };

const USER_AGENT = 'qa-audit-bot';

export function createCosmosClient(connection: CosmosConnection): CosmosClient {
  if (connection.kind === 'local') {
    const { hostname } = new URL(connection.endpoint);
    // The embedded server's certificate is self-signed (and expired), so TLS checks are off: allow that
    // only for this machine, never for a remote host.
    if (!['localhost', '127.0.0.1', '[::1]'].includes(hostname)) {
      throw new Error(`A local Cosmos endpoint must be on this machine (got ${connection.endpoint}).`);
    }
    return new CosmosClient({
      endpoint: connection.endpoint,
      key: connection.key,
      agent: new Agent({ rejectUnauthorized: false, keepAlive: true }),
      // The server advertises no regional endpoints; discovery would only add a round trip.
      connectionPolicy: { enableEndpointDiscovery: false },
      userAgentSuffix: USER_AGENT,
    });
  }
  return 'credential' in connection
    ? new CosmosClient({ endpoint: connection.endpoint, aadCredentials: connection.credential, userAgentSuffix: USER_AGENT })
    : new CosmosClient({ endpoint: connection.endpoint, key: connection.key, userAgentSuffix: USER_AGENT });
}

/** Every container is partitioned by tenant (one local authority); see storage/README.md. */
export const PARTITION_KEY_PATH = '/tenantId';
export const CONTAINER_IDS = ['audits', 'conversations', 'leases', 'cycles', 'notices'] as const;
export type ContainerId = (typeof CONTAINER_IDS)[number];

export interface StoreContainers {
  readonly database: Database;
  readonly audits: Container;
  readonly conversations: Container;
  readonly leases: Container;
  /** Per-cycle submission ordinals and sampling seeds (storage/cosmos-cycles.ts). */
  readonly cycles: Container;
  /** Small documents that carry one notice each: managers' daily digests, fan-out progress (`type` says which). */
  readonly notices: Container;
}

/**
 * Creates the database and containers when missing. createIfNotExists keeps an existing container as it
 * is, so a container made earlier with another partition key is reported rather than silently used.
 */
export async function ensureContainers(client: CosmosClient, databaseId: string): Promise<StoreContainers> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  const containers = {} as Record<ContainerId, Container>;
  for (const id of CONTAINER_IDS) {
    const { container, resource } = await database.containers.createIfNotExists({
      id,
      partitionKey: { paths: [PARTITION_KEY_PATH] },
    });
    const paths = resource?.partitionKey?.paths;
    if (paths && (paths.length !== 1 || paths[0] !== PARTITION_KEY_PATH)) {
      throw new Error(`Container ${databaseId}/${id} is partitioned by ${paths.join(', ')}, not ${PARTITION_KEY_PATH}.`);
    }
    containers[id] = container;
  }
  return { database, ...containers };
}

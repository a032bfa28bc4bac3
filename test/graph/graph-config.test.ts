import { describe, expect, it } from 'vitest';
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { GraphConfigError, graphSettingsFrom, tokenCredentialFor, type GraphSettings } from '../../graph/graph-config.js';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

function error(env: Record<string, string>, production = false): GraphConfigError {
  try {
    graphSettingsFrom(env, { production });
  } catch (e) {
    if (e instanceof GraphConfigError) return e;
    throw e;
  }
  throw new Error('expected a GraphConfigError');
}

describe('graphSettingsFrom', () => {
  it('is the local server by default, outside production', () => {
    expect(graphSettingsFrom({}, { production: false })).toEqual({ kind: 'local', port: 5990, token: 'local-graph-token', maxConcurrentPerMailbox: 4 });
    expect(graphSettingsFrom({ LOCAL_GRAPH_URL: 'http://127.0.0.1:7000/', LOCAL_GRAPH_TOKEN: 'x', LOCAL_GRAPH_PORT: '0' }, { production: false })).toEqual({
      kind: 'local',
      url: 'http://127.0.0.1:7000',
      port: 0,
      token: 'x',
      maxConcurrentPerMailbox: 4,
    });
  });

  it('reads a tenant with a client secret, a certificate or a managed identity', () => {
    const secret = graphSettingsFrom({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 's3cret', GRAPH_MAX_CONCURRENCY: '2' }, { production: true });
    expect(secret).toEqual({ kind: 'graph', baseUrl: 'https://graph.microsoft.com', tenantId: TENANT, credential: { kind: 'client-secret', clientId: CLIENT, clientSecret: 's3cret' }, maxConcurrentPerMailbox: 2 });
    expect(tokenCredentialFor(secret as Extract<GraphSettings, { kind: 'graph' }>)).toBeInstanceOf(ClientSecretCredential);

    const cert = graphSettingsFrom({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CERTIFICATE_PATH: '/secrets/graph.pem' }, { production: true });
    expect(cert).toMatchObject({ credential: { kind: 'certificate', clientId: CLIENT, certificatePath: '/secrets/graph.pem' } });
    expect(tokenCredentialFor(cert as Extract<GraphSettings, { kind: 'graph' }>)).toBeInstanceOf(ClientCertificateCredential);

    const mi = graphSettingsFrom({ GRAPH_TENANT_ID: TENANT, GRAPH_USE_MANAGED_IDENTITY: 'true' }, { production: true });
    expect(mi).toMatchObject({ credential: { kind: 'managed-identity' } });
    expect(tokenCredentialFor(mi as Extract<GraphSettings, { kind: 'graph' }>)).toBeInstanceOf(ManagedIdentityCredential);
    expect(graphSettingsFrom({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_USE_MANAGED_IDENTITY: 'yes' }, { production: true })).toMatchObject({
      credential: { kind: 'managed-identity', clientId: CLIENT },
    });
  });

  it('names the variable that is wrong', () => {
    expect(error({}, true).variable).toBe('GRAPH_TENANT_ID');
    expect(error({ GRAPH_TENANT_ID: 'contoso' }).variable).toBe('GRAPH_TENANT_ID');
    expect(error({ GRAPH_TENANT_ID: TENANT }).message).toMatch(/GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH or GRAPH_USE_MANAGED_IDENTITY=true is required/);
    expect(error({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: CLIENT, GRAPH_CLIENT_SECRET: 's', GRAPH_USE_MANAGED_IDENTITY: 'true' }).message).toMatch(/set only one/);
    expect(error({ GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_SECRET: 's' }).variable).toBe('GRAPH_CLIENT_ID');
    expect(error({ GRAPH_TENANT_ID: TENANT, GRAPH_USE_MANAGED_IDENTITY: 'maybe' }).variable).toBe('GRAPH_USE_MANAGED_IDENTITY');
    expect(error({ GRAPH_MAX_CONCURRENCY: '5' }).variable).toBe('GRAPH_MAX_CONCURRENCY');
    expect(error({ LOCAL_GRAPH_URL: 'http://127.0.0.1:7000/v1.0' }).variable).toBe('LOCAL_GRAPH_URL');
  });
});

import { TeamsAdapter } from '@microsoft/teams-ai';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.js';
import { startHttpServer } from '../../bot/http-server.js';
import { silentLog } from '../../bot/log.js';
import { installationUpdate, member } from '../support/activities.js';

const APP_ID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const production = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'secret',
  TENANT_ID: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  COSMOS_ENDPOINT: 'https://qa.documents.azure.com:443/',
  CARD_SIGNING_KEY: 'k'.repeat(40),
  GRAPH_TENANT_ID: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  GRAPH_CLIENT_ID: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
  GRAPH_CLIENT_SECRET: 'graph-secret',
};

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('local mode needs nothing and is frozen', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: 'local', port: 3978, profileId: 'west-sussex', cosmos: { kind: 'embedded', port: 8081 } });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('a complete production configuration is accepted', () => {
    expect(loadConfig(production)).toMatchObject({ mode: 'production', cosmos: { kind: 'azure', endpoint: production.COSMOS_ENDPOINT } });
  });

  it.each([
    [{ NODE_ENV: 'production' }, 'MicrosoftAppId is required in production: without it the bot would accept unauthenticated requests.'],
    [{ ...production, MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId must be the bot\'s Entra app id'],
    [{ ...production, MicrosoftAppPassword: '' }, 'MicrosoftAppPassword is required in production'],
    [{ ...production, TENANT_ID: '' }, 'TENANT_ID is required in production'],
    [{ ...production, COSMOS_ENDPOINT: '' }, 'COSMOS_ENDPOINT is required in production'],
    [{ ...production, COSMOS_ENDPOINT: 'http://qa.documents.azure.com' }, 'COSMOS_ENDPOINT must be an https URL'],
    [{ ...production, CARD_SIGNING_KEY: 'short' }, 'CARD_SIGNING_KEY must be set to a random secret of at least 32 characters'],
    [{ POLICY_PROFILE: 'kent' }, 'POLICY_PROFILE must be one of sandwell-trust, scsp, bcp, telford-wrekin, west-sussex (got "kent")'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535 (got "eighty")'],
    [{ ...production, GRAPH_TENANT_ID: '' }, 'GRAPH_TENANT_ID is required in production'],
    [{ ...production, GRAPH_CLIENT_SECRET: '' }, 'GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH or GRAPH_USE_MANAGED_IDENTITY=true is required'],
    [{ TENANT_ID: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' }, 'MicrosoftAppId is required in production'],
    [{ MicrosoftAppType: 'Other' }, 'MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI.'],
  ])('refuses %j with one message naming the variable', (env, message) => {
    expect(problem(env as NodeJS.ProcessEnv)).toContain(message);
  });

  it('with an app id set, a request without a Bot Framework token is rejected with 401', async () => {
    const adapter = new TeamsAdapter({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: production.TENANT_ID });
    let turns = 0;
    const server = await startHttpServer(0, adapter, async () => void (turns += 1), silentLog);
    try {
      const port = (server.address() as { port: number }).port;
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(installationUpdate('http://127.0.0.1:9/', member('00000000-0000-4000-8000-0000000000a1', 'Alex Morgan'))),
      });
      expect(response.status).toBe(401);
      expect(turns).toBe(0);
    } finally {
      server.close();
    }
  });
});

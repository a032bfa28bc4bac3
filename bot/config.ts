import { GraphConfigError, graphSettingsFrom, type GraphSettings } from '../graph/graph-config.js';
import { appInstallSettingsFrom, type AppInstallSettings } from '../graph/graph-app-installer-config.js';
import { SHIPPED_PROFILE_IDS } from '../workflow/policy/profiles.js';

/**
 * All configuration, read once at start-up into a frozen object. Nothing else reads process.env.
 * A bad or missing setting produces one message naming the variable.
 */
export interface Config {
  readonly mode: 'local' | 'production';
  readonly port: number;
  /** Local mode listens on loopback only: without authentication, nothing else may reach it. */
  readonly host: string;
  readonly tenantId: string;
  readonly profileId: string;
  readonly bot: { readonly appId: string; readonly appPassword: string; readonly appTenantId: string; readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' };
  /** Signs the data on every card, so a tampered Action.Execute is recognised. */
  readonly cardSigningKey: string;
  readonly cosmos:
    | { readonly kind: 'embedded'; readonly dataDir: string; readonly port: number; readonly databaseId: string }
    | { readonly kind: 'azure'; readonly endpoint: string; readonly key?: string; readonly databaseId: string };
  readonly rosterPath: string;
  /** Microsoft Graph for calendars: the real one, or the local Graph-compatible calendar server. */
  readonly graph: GraphSettings;
  /** How often the delivery sweep looks for cards to send. */
  readonly deliveryIntervalMs: number;
  /** How often attendees' responses to booked meetings are read from the calendars. */
  readonly meetingPollIntervalMs: number;
  /** How often the chase sweep looks for reminders, nudges, digests and Inadequate clocks due. */
  readonly chaseIntervalMs: number;
  /** Nudges wait for the recipient's working hours. On in production; off by default locally, so the demo chases at any hour. */
  readonly quietHours: boolean;
  /** Ask Graph whether a card in doubt after a crash is already in the chat, rather than send it again (DELIVERY_CHECK=graph). */
  readonly deliveryCheck: 'graph' | 'off';
  /** The Teams app's manifest id (TEAMS_APP_ID; the bot's app id unless the manifest was built with another). */
  readonly teamsAppId: string;
  /** Installing the bot through Graph for people with no chat yet (PROACTIVE_INSTALL). */
  readonly appInstall: AppInstallSettings;
  /** Hosts the bot may download an uploaded case list from (Teams gives a pre-authenticated URL). */
  readonly uploadHosts: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
  }
}

/** The demo tenant: the Playground config and the demo roster use it too. */
export const LOCAL_TENANT_ID = '11111111-2222-4333-8444-555555555555';
const LOCAL_SIGNING_KEY = 'local-development-only-card-signing-key';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function deliveryCheck(env: NodeJS.ProcessEnv): 'graph' | 'off' {
  const text = read(env, 'DELIVERY_CHECK')?.toLowerCase() ?? 'off';
  if (text === 'graph' || text === 'off') return text;
  throw new ConfigError('DELIVERY_CHECK', `must be graph or off (got "${text}").`);
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = read(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (text === 'on' || text === 'true') return true;
  if (text === 'off' || text === 'false') return false;
  throw new ConfigError(name, `must be on or off (got "${text}").`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${text}").`);
  return value;
}

function graphSettings(env: NodeJS.ProcessEnv, production: boolean): GraphSettings {
  return fromGraph(() => graphSettingsFrom(env, { production }));
}

/** Graph's settings report their own variable; here they become the one kind of config error. */
function fromGraph<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof GraphConfigError) throw new ConfigError(error.variable, error.message.replace(`Configuration error: ${error.variable} `, ''));
    throw error;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const appId = read(env, 'MicrosoftAppId') ?? '';
  // Any sign of a real deployment means production, so a misspelt app id cannot start an open bot on real data.
  const production = appId !== '' || env.NODE_ENV === 'production' || !!read(env, 'COSMOS_ENDPOINT') || !!read(env, 'TENANT_ID');
  const mode = production ? 'production' : 'local';

  // An empty app id switches request authentication off in botbuilder: never acceptable in production.
  if (production && !appId) throw new ConfigError('MicrosoftAppId', 'is required in production: without it the bot would accept unauthenticated requests.');
  if (appId && !GUID.test(appId)) throw new ConfigError('MicrosoftAppId', `must be the bot's Entra app id (a GUID), got "${appId}".`);
  const appType = (read(env, 'MicrosoftAppType') ?? 'SingleTenant') as Config['bot']['appType'];
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
    throw new ConfigError('MicrosoftAppType', 'must be MultiTenant, SingleTenant or UserAssignedMSI.');
  }
  const appPassword = read(env, 'MicrosoftAppPassword') ?? '';
  if (production && appType !== 'UserAssignedMSI' && !appPassword) throw new ConfigError('MicrosoftAppPassword', 'is required in production (the bot\'s client secret).');

  const tenantId = read(env, 'TENANT_ID') ?? (production ? undefined : LOCAL_TENANT_ID);
  if (!tenantId) throw new ConfigError('TENANT_ID', 'is required in production (the Entra tenant id of the local authority).');

  const profileId = read(env, 'POLICY_PROFILE') ?? 'west-sussex';
  if (!SHIPPED_PROFILE_IDS.includes(profileId)) throw new ConfigError('POLICY_PROFILE', `must be one of ${SHIPPED_PROFILE_IDS.join(', ')} (got "${profileId}").`);

  const cardSigningKey = read(env, 'CARD_SIGNING_KEY') ?? (production ? undefined : LOCAL_SIGNING_KEY);
  if (!cardSigningKey || cardSigningKey.length < 32) {
    throw new ConfigError('CARD_SIGNING_KEY', 'must be set to a random secret of at least 32 characters, the same on every instance.');
  }

  const endpoint = read(env, 'COSMOS_ENDPOINT');
  const databaseId = read(env, 'COSMOS_DATABASE') ?? 'qa-audits';
  if (production && !endpoint) throw new ConfigError('COSMOS_ENDPOINT', 'is required in production (https://<account>.documents.azure.com:443/).');
  if (endpoint && !/^https:\/\//.test(endpoint)) throw new ConfigError('COSMOS_ENDPOINT', `must be an https URL (got "${endpoint}").`);
  const key = read(env, 'COSMOS_KEY');
  const cosmos: Config['cosmos'] = endpoint
    ? { kind: 'azure', endpoint, ...(key ? { key } : {}), databaseId }
    : { kind: 'embedded', dataDir: read(env, 'LOCAL_DATA_DIR') ?? '.data/cosmos', port: integer(env, 'LOCAL_COSMOS_PORT', 8081, 0, 65535), databaseId };

  const config: Config = {
    mode,
    port: integer(env, 'PORT', 3978, 0, 65535),
    host: production ? '0.0.0.0' : '127.0.0.1',
    tenantId,
    profileId,
    bot: { appId, appPassword, appTenantId: read(env, 'MicrosoftAppTenantId') ?? tenantId, appType },
    cardSigningKey,
    cosmos,
    rosterPath: read(env, 'ROSTER_PATH') ?? 'demo/roster.yaml',
    graph: graphSettings(env, production),
    deliveryIntervalMs: integer(env, 'DELIVERY_INTERVAL_MS', production ? 5000 : 1000, 100, 600_000),
    meetingPollIntervalMs: integer(env, 'MEETING_POLL_INTERVAL_MS', production ? 300_000 : 30_000, 1000, 3_600_000),
    chaseIntervalMs: integer(env, 'CHASE_INTERVAL_MS', production ? 60_000 : 10_000, 1000, 3_600_000),
    appInstall: fromGraph(() => appInstallSettingsFrom(env)),
    quietHours: onOff(env, 'QUIET_HOURS', production),
    deliveryCheck: deliveryCheck(env),
    teamsAppId: read(env, 'TEAMS_APP_ID') ?? appId,
    uploadHosts: (read(env, 'UPLOAD_HOSTS') ?? (production ? '.sharepoint.com' : '.sharepoint.com,localhost,127.0.0.1')).split(',').map((h) => h.trim()),
  };
  return Object.freeze(config);
}

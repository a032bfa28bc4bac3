/**
 * Settings for reaching Microsoft Graph: a real tenant (application permissions, with a client secret, a
 * certificate or a managed identity) or the local Graph-compatible calendar server. `graphSettingsFrom` is a pure
 * function of a plain object of variables, so bot/config.ts can call it with `process.env` once at start-up;
 * `createGraphCalendarFrom` turns the settings into the adapter.
 *
 * | variable | meaning |
 * |---|---|
 * | GRAPH_TENANT_ID | Entra tenant id (GUID). Setting it selects real Graph. |
 * | GRAPH_CLIENT_ID | The app registration's client id (GUID); for a user-assigned managed identity, its client id. |
 * | GRAPH_CLIENT_SECRET | A client secret, or … |
 * | GRAPH_CERTIFICATE_PATH | … a PEM file with the certificate and its private key (GRAPH_CERTIFICATE_PASSWORD if encrypted), or … |
 * | GRAPH_USE_MANAGED_IDENTITY | … `true`: the managed identity of the host (system-assigned unless GRAPH_CLIENT_ID). |
 * | GRAPH_MAX_CONCURRENCY | Requests in flight per mailbox for this instance (1–4, default 4): divide 4 among instances. |
 * | LOCAL_GRAPH_URL | Local mode: the URL of an already running local calendar server (http://127.0.0.1:5990). |
 * | LOCAL_GRAPH_PORT | Local mode: the port to start the local calendar server on in-process (default 5990; 0 = any). |
 * | LOCAL_GRAPH_TOKEN | Local mode: the bearer token the local server expects (default `local-graph-token`). |
 *
 * Application permissions the app registration needs, with admin consent: Calendars.ReadWrite,
 * MailboxSettings.Read, User.Read.All.
 */
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphCalendar, type GraphCalendarOptions } from './graph-calendar.js';
import { createGraphClient, credentialTokenProvider, GRAPH_BASE_URL, staticTokenProvider } from './graph-client.js';

export type GraphCredentialSettings =
  | { readonly kind: 'client-secret'; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: 'certificate'; readonly clientId: string; readonly certificatePath: string; readonly certificatePassword?: string }
  | { readonly kind: 'managed-identity'; readonly clientId?: string };

export type GraphSettings =
  | {
      readonly kind: 'graph';
      readonly baseUrl: string;
      readonly tenantId: string;
      readonly credential: GraphCredentialSettings;
      readonly maxConcurrentPerMailbox: number;
    }
  | {
      readonly kind: 'local';
      /** Connect to a server already running here… */
      readonly url?: string;
      /** …or start one in-process on this port. */
      readonly port: number;
      readonly token: string;
      readonly maxConcurrentPerMailbox: number;
    };

export const DEFAULT_LOCAL_GRAPH_PORT = 5990;
export const DEFAULT_LOCAL_GRAPH_TOKEN = 'local-graph-token';

/** A setting that is wrong, named by its variable (bot/config.ts can rethrow it as its ConfigError). */
export class GraphConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
  }
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type Vars = Readonly<Record<string, string | undefined>>;

export function read(env: Vars, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

export function flag(env: Vars, name: string): boolean {
  const v = read(env, name)?.toLowerCase();
  if (v === undefined || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === '1' || v === 'yes') return true;
  throw new GraphConfigError(name, `must be true or false (got "${env[name]}").`);
}

function integer(env: Vars, name: string, fallback: number, min: number, max: number): number {
  const text = read(env, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new GraphConfigError(name, `must be a whole number from ${min} to ${max} (got "${text}").`);
  return n;
}

/**
 * Graph settings from variables. Real Graph when GRAPH_TENANT_ID is set (then exactly one credential), the local
 * server otherwise, which `production` forbids.
 */
export function graphSettingsFrom(env: Vars, options: { readonly production: boolean }): GraphSettings {
  const maxConcurrentPerMailbox = integer(env, 'GRAPH_MAX_CONCURRENCY', 4, 1, 4);
  const tenantId = read(env, 'GRAPH_TENANT_ID');
  if (!tenantId) {
    if (options.production) throw new GraphConfigError('GRAPH_TENANT_ID', 'is required in production (the Entra tenant whose calendars the bot books in).');
    const url = read(env, 'LOCAL_GRAPH_URL');
    if (url !== undefined && !/^https?:\/\/[^/]+\/?$/.test(url)) throw new GraphConfigError('LOCAL_GRAPH_URL', `must be http(s)://host:port with no path (got "${url}").`);
    return {
      kind: 'local',
      ...(url ? { url: url.replace(/\/$/, '') } : {}),
      port: integer(env, 'LOCAL_GRAPH_PORT', DEFAULT_LOCAL_GRAPH_PORT, 0, 65535),
      token: read(env, 'LOCAL_GRAPH_TOKEN') ?? DEFAULT_LOCAL_GRAPH_TOKEN,
      maxConcurrentPerMailbox,
    };
  }
  if (!GUID.test(tenantId)) throw new GraphConfigError('GRAPH_TENANT_ID', `must be the Entra tenant id, a GUID (got "${tenantId}").`);
  const clientId = read(env, 'GRAPH_CLIENT_ID');
  if (clientId !== undefined && !GUID.test(clientId)) throw new GraphConfigError('GRAPH_CLIENT_ID', `must be the app's client id, a GUID (got "${clientId}").`);
  const secret = read(env, 'GRAPH_CLIENT_SECRET');
  const certificatePath = read(env, 'GRAPH_CERTIFICATE_PATH');
  const managed = flag(env, 'GRAPH_USE_MANAGED_IDENTITY');
  const chosen = [secret && 'GRAPH_CLIENT_SECRET', certificatePath && 'GRAPH_CERTIFICATE_PATH', managed && 'GRAPH_USE_MANAGED_IDENTITY'].filter(Boolean);
  if (chosen.length !== 1) {
    throw new GraphConfigError(
      'GRAPH_CLIENT_SECRET',
      chosen.length === 0
        ? 'or GRAPH_CERTIFICATE_PATH or GRAPH_USE_MANAGED_IDENTITY=true is required with GRAPH_TENANT_ID.'
        : `is one of three ways to authenticate; set only one of GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH, GRAPH_USE_MANAGED_IDENTITY (got ${chosen.join(', ')}).`,
    );
  }
  let credential: GraphCredentialSettings;
  if (managed) credential = { kind: 'managed-identity', ...(clientId ? { clientId } : {}) };
  else {
    if (!clientId) throw new GraphConfigError('GRAPH_CLIENT_ID', 'is required with a client secret or certificate.');
    const password = read(env, 'GRAPH_CERTIFICATE_PASSWORD');
    credential = secret
      ? { kind: 'client-secret', clientId, clientSecret: secret }
      : { kind: 'certificate', clientId, certificatePath: certificatePath!, ...(password ? { certificatePassword: password } : {}) };
  }
  return { kind: 'graph', baseUrl: GRAPH_BASE_URL, tenantId, credential, maxConcurrentPerMailbox };
}

/** The @azure/identity credential for real-Graph settings. */
export function tokenCredentialFor(settings: Extract<GraphSettings, { kind: 'graph' }>): TokenCredential {
  const c = settings.credential;
  switch (c.kind) {
    case 'client-secret':
      return new ClientSecretCredential(settings.tenantId, c.clientId, c.clientSecret);
    case 'certificate':
      return new ClientCertificateCredential(settings.tenantId, c.clientId, {
        certificatePath: c.certificatePath,
        ...(c.certificatePassword ? { certificatePassword: c.certificatePassword } : {}),
      });
    case 'managed-identity':
      return c.clientId ? new ManagedIdentityCredential({ clientId: c.clientId }) : new ManagedIdentityCredential();
  }
}

/**
 * The Graph client for the settings. In local mode pass the URL of the server (the one started in-process, or
 * `settings.url`).
 */
export function createGraphClientFrom(settings: GraphSettings, localUrl?: string): Client {
  if (settings.kind === 'graph') return createGraphClient({ baseUrl: settings.baseUrl, authProvider: credentialTokenProvider(tokenCredentialFor(settings)) });
  const baseUrl = localUrl ?? settings.url ?? `http://127.0.0.1:${settings.port}`;
  return createGraphClient({ baseUrl, authProvider: staticTokenProvider(settings.token) });
}

export function createGraphCalendarFrom(settings: GraphSettings, localUrl?: string, options: GraphCalendarOptions = {}): GraphCalendar {
  return new GraphCalendar(createGraphClientFrom(settings, localUrl), { concurrency: settings.maxConcurrentPerMailbox, ...options });
}

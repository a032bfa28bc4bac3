/**
 * The Microsoft Graph client (`@microsoft/microsoft-graph-client` 3) the bot uses, built the same way for real
 * Graph and for the local calendar server: only the base URL and the token provider differ.
 *
 * The middleware chain is ours: `BearerTokenHandler → TelemetryHandler → HTTPMessageHandler`.
 * - **Authentication.** The SDK's AuthenticationHandler attaches the token only to https Graph hosts (or
 *   `customHosts`, https only), so it would send none to a local server over plain http. Our handler attaches the
 *   token to the configured base URL's origin, and to nothing else: https://graph.microsoft.com in production, the
 *   local server's origin in local mode. The token never goes to another host (a nextLink elsewhere, say).
 * - **No RetryHandler.** The adapter retries itself (graph-requests.ts), because it must anyway for the requests
 *   inside `$batch` (the SDK never retries those), because each retry has to count against the mailbox's 4
 *   concurrent requests and 10,000-per-10-minutes budget, and because a 429 should pause every request to that
 *   mailbox, not only the one that got it. One retry policy for plain and batched requests; none hidden in the SDK.
 */
import type { TokenCredential } from '@azure/identity';
import { Client, GraphClientError, HTTPMessageHandler, TelemetryHandler, type AuthenticationProvider, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Attaches `Authorization: Bearer <token>` to requests for the allowed origins only. */
export class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly provider: AuthenticationProvider,
    private readonly origins: ReadonlySet<string>,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (this.origins.has(new URL(url).origin)) {
      let token: string;
      try {
        token = await this.provider.getAccessToken();
      } catch (error) {
        // The SDK passes a GraphClientError through untouched: the adapter sees a credential problem, which no
        // retry fixes, rather than a network failure.
        throw new TokenUnavailable(error);
      }
      setHeader(context, 'Authorization', `Bearer ${token}`);
    }
    if (!this.next) throw new Error('BearerTokenHandler is the first link of a chain: it needs a next middleware.');
    return this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** No token could be had (a wrong secret, no managed identity on this host, consent not granted…). */
export class TokenUnavailable extends GraphClientError {
  constructor(cause: unknown) {
    super(`No Microsoft Graph token: ${(cause as Error)?.message ?? String(cause)}`);
    // GraphClientError resets the prototype to its own (compiled for ES5); put the subclass back.
    Object.setPrototypeOf(this, TokenUnavailable.prototype);
    this.name = 'TokenUnavailable';
  }
}

function setHeader(context: Context, name: string, value: string): void {
  if (typeof context.request !== 'string') {
    context.request.headers.set(name, value);
    return;
  }
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) context.options.headers = [...headers.filter(([k]) => k.toLowerCase() !== name.toLowerCase()), [name, value]];
  else context.options.headers = { ...(headers ?? {}), [name]: value };
}

/** A provider that always gives the same token: the local calendar server. */
export function staticTokenProvider(token: string): AuthenticationProvider {
  return { getAccessToken: async () => token };
}

/** Application permissions through @azure/identity (client secret, certificate or managed identity). */
export function credentialTokenProvider(credential: TokenCredential): AuthenticationProvider {
  return new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] });
}

export interface GraphClientOptions {
  /** "https://graph.microsoft.com", or the local server's URL ("http://127.0.0.1:5990"); without the version. */
  readonly baseUrl: string;
  readonly authProvider: AuthenticationProvider;
}

export function createGraphClient(options: GraphClientOptions): Client {
  const base = new URL(options.baseUrl);
  if (base.pathname !== '/' && base.pathname !== '') throw new RangeError(`The Graph base URL has no path (got "${options.baseUrl}"); the version is added to each request.`);
  const auth = new BearerTokenHandler(options.authProvider, new Set([base.origin]));
  const telemetry = new TelemetryHandler();
  auth.setNext(telemetry);
  telemetry.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({ baseUrl: base.origin, defaultVersion: 'v1.0', middleware: auth });
}

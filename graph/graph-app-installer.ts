/**
 * The `AppInstaller` port on Microsoft Graph: installs the bot in the personal scope of someone who has no
 * conversation with it yet, so that their held cards can be delivered. Teams then sends the bot its
 * `conversationUpdate`/`installationUpdate`, which stores the conversation and releases the cards (bot/), so
 * nothing here waits for the chat to exist.
 *
 *   POST /users/{user-id}/teamwork/installedApps
 *   { "teamsApp@odata.bind": "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{teamsAppId}" }
 *
 * - **Permission:** the application permission TeamsAppInstallation.ReadWriteSelfForUser.All, with admin consent.
 *   "Self" means the app can install only itself: the Teams app's `webApplicationInfo.id` must be the client id
 *   of the app registration that calls Graph.
 * - **teamsAppId** is the app's id in the organisation's app catalog. For an app the organisation published
 *   (uploaded to its catalog) that is an id the catalog generates, not the manifest's `id`; see
 *   graph-app-installer-config.ts.
 * - **Answers:** 201 Created (no body): installed now. 409 Conflict: already installed, which is as good
 *   ('installed'; `installFor` tells the two apart). 404: no such user (or, less likely, no such app in the
 *   catalog): a `GraphAppInstallError` saying so. 403: the permission, its consent or a Teams app policy is
 *   missing: a `GraphAppInstallError` naming the permission. Anything else Graph refuses: a `GraphAppInstallError`.
 * - **Retries:** through graph-requests.ts, like the calendar and the directory: a 429 or 503 waits out its
 *   Retry-After (and pauses every install of this instance, as Teams throttles per app and tenant, not per user);
 *   503, 504 and lost connections are retried with backoff. Only a few attempts by default (4): an install that
 *   keeps failing is the caller's to try again later. Retrying the POST is safe: an install that went through
 *   before its answer was lost comes back 409, which is success.
 * - **Tenant:** only the configured tenant; for any other the answer is 'not-configured' (no credential for it).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { PersonId } from '../workflow/people.js';
import type { AppInstaller } from '../workflow/ports.js';
import { GRAPH_BASE_URL } from './graph-client.js';
import { GraphRequester, type RequestStats, type RetryPolicy, type StepResult } from './graph-requests.js';
import { type Clock, type MailboxLimits, MailboxThrottle, realClock } from './throttle.js';

/** The application permission the app registration needs (admin consent), for the README and error messages. */
export const APP_INSTALL_PERMISSION = 'TeamsAppInstallation.ReadWriteSelfForUser.All';

/** Attempts per install by default, the first included: a few, not the calendar's 10. */
export const DEFAULT_INSTALL_ATTEMPTS = 4;

/** What `installFor` found: the port's 'installed' split in two, and the other tenant's 'not-configured'. */
export type AppInstallOutcome = 'installed' | 'already-installed' | 'not-configured';

/** Why an install failed, for a caller that wants to react (tell QA, give up, try later). */
export type AppInstallFailure = 'user-not-found' | 'forbidden' | 'rejected' | 'throttled' | 'unavailable';

export interface GraphAppInstallerOptions extends MailboxLimits {
  /** The one tenant this installer installs in. */
  readonly tenantId: string;
  /** The app's id in the organisation's app catalog (a GUID; not the manifest id for an org-published app). */
  readonly teamsAppId: string;
  /** Default: DEFAULT_RETRY_POLICY with `maxAttempts` DEFAULT_INSTALL_ATTEMPTS. */
  readonly retry?: Partial<RetryPolicy>;
  /** Tests only: time and jitter. */
  readonly clock?: Clock;
  readonly random?: () => number;
}

/** Graph refused to install the app for a person, or kept throttling or failing past the retry policy. */
export class GraphAppInstallError extends Error {
  constructor(
    readonly personId: PersonId,
    readonly reason: AppInstallFailure,
    readonly status: number,
    readonly code: string,
    readonly attempts: number,
    problem: string,
  ) {
    super(`Graph install of the Teams app for user ${personId} failed (HTTP ${status || 'no answer'} ${code}) after ${attempts} attempt(s): ${problem}`);
    this.name = 'GraphAppInstallError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The requester's key for installs: Teams limits them per app and tenant, so one 429 pauses them all. */
const TEAMWORK_KEY = '$teamwork';

/** The `teamsApp@odata.bind` value: always the Graph URL (an OData reference, not a request), also locally. */
export function teamsAppBinding(teamsAppId: string): string {
  return `${GRAPH_BASE_URL}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(teamsAppId)}`;
}

function errorOf(result: StepResult): { code: string; message: string } {
  const e = (result.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return { code: typeof e?.code === 'string' ? e.code : 'Unknown', message: typeof e?.message === 'string' ? e.message : `HTTP ${result.status}` };
}

export class GraphAppInstaller implements AppInstaller {
  private readonly requester: GraphRequester;
  private readonly tenantId: string;
  private readonly teamsAppId: string;

  constructor(client: Client, options: GraphAppInstallerOptions) {
    if (!GUID.test(options.teamsAppId)) throw new RangeError(`The Teams app catalog id is a GUID (got "${options.teamsAppId}").`);
    const clock = options.clock ?? realClock;
    const throttle = new MailboxThrottle({ ...(options.concurrency ? { concurrency: options.concurrency } : {}), ...(options.budget ? { budget: options.budget } : {}) }, clock);
    this.requester = new GraphRequester(client, throttle, { maxAttempts: DEFAULT_INSTALL_ATTEMPTS, ...options.retry }, clock, options.random);
    this.tenantId = options.tenantId;
    this.teamsAppId = options.teamsAppId;
  }

  /** Requests this instance sent to Graph, retries and throttling included. */
  stats(): RequestStats {
    return { ...this.requester.stats };
  }

  /** The port: 'installed' whether Graph installed it now (201) or it already was (409). */
  async install(tenantId: string, personId: PersonId): Promise<'installed' | 'not-configured'> {
    const outcome = await this.installFor(tenantId, personId);
    return outcome === 'not-configured' ? 'not-configured' : 'installed';
  }

  /** As `install`, telling a new installation (201) from one that already existed (409). */
  async installFor(tenantId: string, personId: PersonId): Promise<AppInstallOutcome> {
    if (tenantId !== this.tenantId) return 'not-configured';
    const user = personId.trim();
    if (!user) throw new RangeError('An install needs the person\'s Entra object id (got an empty one).');
    const result = await this.requester.one({
      id: 'install',
      mailbox: TEAMWORK_KEY,
      method: 'POST',
      url: `/users/${encodeURIComponent(user)}/teamwork/installedApps`,
      body: { 'teamsApp@odata.bind': teamsAppBinding(this.teamsAppId) },
    });
    if (result.status === 201 || result.status === 200) return 'installed';
    if (result.status === 409) return 'already-installed';
    throw this.failure(user, result);
  }

  private failure(personId: string, result: StepResult): GraphAppInstallError {
    const { code, message } = errorOf(result);
    const fail = (reason: AppInstallFailure, problem: string) => new GraphAppInstallError(personId, reason, result.status, code, result.attempts, problem);
    switch (result.status) {
      case 404:
        return fail(
          'user-not-found',
          `Graph has no user ${personId} in this tenant (${message}). If the user does exist, check that the Teams app catalog id ${this.teamsAppId} is the app's id in the organisation's app catalog.`,
        );
      case 403:
        return fail(
          'forbidden',
          `${message} The app registration needs the application permission ${APP_INSTALL_PERMISSION} with admin consent, its client id must be the Teams app's webApplicationInfo.id, and the tenant's Teams app policies must allow the app.`,
        );
      case 429:
        return fail('throttled', `${message} Still throttled after the retries; try again later.`);
      case 0:
      case 500:
      case 502:
      case 503:
      case 504:
        return fail('unavailable', `${message} Graph did not install it after the retries; try again later.`);
      default:
        return fail('rejected', message);
    }
  }
}

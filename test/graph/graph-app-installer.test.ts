/**
 * Proactive installation of the bot through Graph, with the real Graph client against the local server: installs
 * (201), installs again (409 is success), unknown users, throttling and failures through the shared retry code,
 * the local endpoint's own checks and hook, and the PROACTIVE_INSTALL / TEAMS_APP_CATALOG_ID settings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NoAppInstaller } from '../../graph/app-installer.js';
import { appInstallSettingsFrom, createAppInstallerFrom } from '../../graph/graph-app-installer-config.js';
import { DEFAULT_INSTALL_ATTEMPTS, GraphAppInstaller, GraphAppInstallError, type GraphAppInstallerOptions, teamsAppBinding } from '../../graph/graph-app-installer.js';
import { createGraphClient, staticTokenProvider } from '../../graph/graph-client.js';
import { GraphConfigError } from '../../graph/graph-config.js';
import { type LocalCalendar, type LocalCalendarFaults, seedFromRoster, startLocalCalendar } from '../../graph/local-calendar/index.js';
import { type Clock, realClock } from '../../graph/throttle.js';
import { type Harness, somePeople, startHarness, TOKEN, WEEK } from './harness.js';

const TENANT = 'tenant-1';
const CATALOG_ID = '7c2e5f4a-1b3d-4e6f-8a9b-0c1d2e3f4a5b';
const people = somePeople(4);
const alex = people[0]!;
const sam = people[1]!;
const NOBODY = '00000000-0000-4000-8000-00000000ffff';

let harness: Harness | undefined;
let server: LocalCalendar | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = undefined;
  server = undefined;
});

async function start(faults?: LocalCalendarFaults, options: Partial<GraphAppInstallerOptions> = {}): Promise<{ h: Harness; installer: GraphAppInstaller }> {
  harness = await startHarness({ people, ...(faults ? { faults } : {}) });
  const installer = new GraphAppInstaller(harness.client, { tenantId: TENANT, teamsAppId: CATALOG_ID, ...options });
  return { h: harness, installer };
}

const installedApps = (id: string) => `/users/${encodeURIComponent(id)}/teamwork/installedApps`;

/**
 * A clock that moves only when the installer waits (so the test never waits on real time), recording every wait
 * and doing `onSleep` first.
 */
function recordingClock(onSleep: () => void = () => undefined): Clock & { readonly slept: number[] } {
  const slept: number[] = [];
  let at = realClock.now();
  return {
    slept,
    now: () => at,
    sleep: async (ms) => {
      slept.push(ms);
      onSleep();
      at += Math.max(0, ms);
    },
  };
}

describe('GraphAppInstaller', () => {
  it('installs the app once (201), and a second install is still installed (409 handled)', async () => {
    const { h, installer } = await start();

    expect(await installer.installFor(TENANT, alex.id)).toBe('installed');
    expect(await installer.installFor(TENANT, alex.id)).toBe('already-installed');
    // The port's answer is 'installed' either way.
    expect(await installer.install(TENANT, alex.id)).toBe('installed');
    expect(h.server.stats().statuses).toEqual({ 201: 1, 409: 2 });

    const listed = await h.raw('GET', `${installedApps(alex.id)}?$expand=teamsApp`);
    expect(listed.status).toBe(200);
    expect((listed.body as { value: { teamsApp: { id: string } }[] }).value.map((a) => a.teamsApp.id)).toEqual([CATALOG_ID]);
    // Someone else still has nothing.
    expect((await h.raw('GET', installedApps(sam.id))).body).toMatchObject({ value: [] });
  });

  it('posts the catalog app as a Graph OData binding', () => {
    expect(teamsAppBinding(CATALOG_ID)).toBe(`https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG_ID}`);
  });

  it('fails clearly for a user Graph does not know, without retrying', async () => {
    const { h, installer } = await start();
    const error = await installer.install(TENANT, NOBODY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphAppInstallError);
    expect(error).toMatchObject({ reason: 'user-not-found', status: 404, personId: NOBODY, attempts: 1 });
    expect((error as Error).message).toContain(`Graph has no user ${NOBODY}`);
    expect(h.server.stats().httpRequests).toBe(1);
  });

  it("waits out a 429's Retry-After, then installs", async () => {
    // Every request is throttled until the installer starts waiting; then the server lets everything through.
    harness = await startHarness({ people, faults: { throttleRate: 1, retryAfterSeconds: 0.3 } });
    const h = harness;
    const clock = recordingClock(() => h.server.setFaults({}));
    // Backoff without Retry-After would be ~1 ms: only honouring the header makes the installer wait 300 ms.
    const installer = new GraphAppInstaller(h.client, { tenantId: TENANT, teamsAppId: CATALOG_ID, clock, retry: { backoffMs: 1, maxBackoffMs: 1 } });

    const started = clock.now();
    expect(await installer.installFor(TENANT, alex.id)).toBe('installed');
    // The retry goes out no sooner than the 300 ms the 429 asked for, and the wait went through the clock.
    expect(clock.now() - started).toBeGreaterThanOrEqual(300);
    expect(clock.slept.every((ms) => ms <= 300)).toBe(true);
    expect(h.server.stats().statuses).toEqual({ 201: 1, 429: 1 });
    expect(installer.stats()).toMatchObject({ throttled: 1, retries: 1, httpRequests: 2 });
  });

  it('retries 503s a few times, then fails clearly', async () => {
    const { h, installer } = await start({ unavailableRate: 1, retryAfterSeconds: 0.01 });
    const error = await installer.install(TENANT, alex.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphAppInstallError);
    expect(error).toMatchObject({ reason: 'unavailable', status: 503, attempts: DEFAULT_INSTALL_ATTEMPTS });
    expect(h.server.stats().injected.unavailable).toBe(DEFAULT_INSTALL_ATTEMPTS);
    expect(DEFAULT_INSTALL_ATTEMPTS).toBeLessThan(10);
  });

  it('retries an install whose answer was lost (504): the retry finds it installed (409), which is success', async () => {
    const { h, installer } = await start({ lostResponseRate: 1 }, { retry: { backoffMs: 5, maxBackoffMs: 5 } });
    expect(await installer.install(TENANT, alex.id)).toBe('installed');
    expect(h.server.stats().statuses).toEqual({ 504: 1, 409: 1 });
    expect((await h.raw('GET', installedApps(alex.id))).body).toMatchObject({ value: [expect.any(Object)] });
  });

  it('answers not-configured for another tenant, and asks Graph nothing', async () => {
    const { h, installer } = await start();
    expect(await installer.install('another-tenant', alex.id)).toBe('not-configured');
    expect(h.server.stats().httpRequests).toBe(0);
  });

  it('refuses a catalog id that is not a GUID', async () => {
    harness = await startHarness({ people });
    expect(() => new GraphAppInstaller(harness!.client, { tenantId: TENANT, teamsAppId: 'com.example.qa-audits' })).toThrow(/catalog id is a GUID/);
  });
});

describe('the local server: POST/GET /users/{id}/teamwork/installedApps', () => {
  it('refuses a body without a valid teamsApp@odata.bind (400) and installs nothing', async () => {
    harness = await startHarness({ people });
    const h = harness;
    const bad: unknown[] = [
      {},
      { teamsApp: { id: CATALOG_ID } },
      { 'teamsApp@odata.bind': CATALOG_ID },
      { 'teamsApp@odata.bind': 'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/not-a-guid' },
      { 'teamsApp@odata.bind': `https://evil.example.org/v1.0/appCatalogs/teamsApps/${CATALOG_ID}` },
      { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/users/${CATALOG_ID}` },
      { 'teamsApp@odata.bind': 42 },
    ];
    for (const body of bad) {
      const res = await h.raw('POST', installedApps(alex.id), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { error: { code: string } }).error.code).toBe('BadRequest');
    }
    expect((await h.raw('GET', installedApps(alex.id))).body).toMatchObject({ value: [] });

    const good = { 'teamsApp@odata.bind': teamsAppBinding(CATALOG_ID) };
    expect((await h.raw('POST', installedApps(alex.email), good)).status).toBe(201);
    expect((await h.raw('POST', installedApps(alex.id), good)).status).toBe(409);
    expect((await h.raw('POST', installedApps(NOBODY), good)).status).toBe(404);
  });

  it('lists installations, filtered by teamsApp/id', async () => {
    harness = await startHarness({ people });
    const h = harness;
    const other = '0f0e0d0c-0b0a-4908-8706-050403020100';
    for (const id of [CATALOG_ID, other]) expect((await h.raw('POST', installedApps(alex.id), { 'teamsApp@odata.bind': teamsAppBinding(id) })).status).toBe(201);
    const all = await h.raw('GET', `${installedApps(alex.id)}?$expand=teamsApp`);
    expect((all.body as { value: { teamsApp: { id: string } }[] }).value.map((a) => a.teamsApp.id)).toEqual([CATALOG_ID, other]);
    const mine = await h.raw('GET', `${installedApps(alex.id)}?$expand=teamsApp&$filter=${encodeURIComponent(`teamsApp/id eq '${other}'`)}`);
    expect((mine.body as { value: { id: string; teamsApp: { id: string } }[] }).value).toEqual([{ id: expect.any(String), teamsApp: { id: other, distributionMethod: 'organization' } }]);
    expect((await h.raw('GET', `${installedApps(alex.id)}?$filter=displayName eq 'x'`)).status).toBe(400);
  });

  it('calls onAppInstalled with the user id once per new installation, after answering', async () => {
    const calls: [string, string][] = [];
    const waiting: (() => void)[] = [];
    /** Resolves once the hook has been called `n` times. */
    const callsReach = (n: number) => new Promise<void>((done) => (calls.length >= n ? done() : waiting.push(() => calls.length >= n && done())));
    server = await startLocalCalendar({
      port: 0,
      token: TOKEN,
      data: seedFromRoster(people, { from: WEEK, weeks: 1 }),
      onAppInstalled: (userId, teamsAppId) => {
        calls.push([userId, teamsAppId]);
        for (const check of waiting) check();
      },
    });
    const client = createGraphClient({ baseUrl: server.url, authProvider: staticTokenProvider(TOKEN) });
    const installer = new GraphAppInstaller(client, { tenantId: TENANT, teamsAppId: CATALOG_ID.toUpperCase() });

    // Named by mail address; the hook gets the Entra object id (and the catalog id as Graph keeps it).
    expect(await installer.installFor(TENANT, sam.email)).toBe('installed');
    await callsReach(1);
    expect(await installer.installFor(TENANT, sam.id)).toBe('already-installed');
    // A later, new installation is the marker: had the repeat called the hook, its call would come before this one.
    expect(await installer.installFor(TENANT, alex.id)).toBe('installed');
    await callsReach(2);
    expect(calls).toEqual([
      [sam.id, CATALOG_ID],
      [alex.id, CATALOG_ID],
    ]);
  });
});

describe('appInstallSettingsFrom', () => {
  it('is off by default and with PROACTIVE_INSTALL=false, and then ignores TEAMS_APP_CATALOG_ID', () => {
    expect(appInstallSettingsFrom({})).toEqual({ kind: 'off' });
    expect(appInstallSettingsFrom({ PROACTIVE_INSTALL: 'false' })).toEqual({ kind: 'off' });
    expect(appInstallSettingsFrom({ PROACTIVE_INSTALL: ' ', TEAMS_APP_CATALOG_ID: 'junk' })).toEqual({ kind: 'off' });
  });

  it('is on with PROACTIVE_INSTALL=true and a catalog id', () => {
    expect(appInstallSettingsFrom({ PROACTIVE_INSTALL: 'true', TEAMS_APP_CATALOG_ID: ` ${CATALOG_ID} ` })).toEqual({ kind: 'proactive', teamsAppCatalogId: CATALOG_ID });
    expect(appInstallSettingsFrom({ PROACTIVE_INSTALL: 'TRUE', TEAMS_APP_CATALOG_ID: CATALOG_ID }).kind).toBe('proactive');
  });

  it('needs TEAMS_APP_CATALOG_ID when on: one line naming the variable', () => {
    const error = (() => {
      try {
        appInstallSettingsFrom({ PROACTIVE_INSTALL: 'true' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GraphConfigError);
    expect((error as GraphConfigError).variable).toBe('TEAMS_APP_CATALOG_ID');
    expect((error as Error).message).toMatch(/^Configuration error: TEAMS_APP_CATALOG_ID is required with PROACTIVE_INSTALL=true/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a catalog id that is not a GUID, and a PROACTIVE_INSTALL that is not true or false', () => {
    expect(() => appInstallSettingsFrom({ PROACTIVE_INSTALL: 'true', TEAMS_APP_CATALOG_ID: 'qa-audits' })).toThrow(/^Configuration error: TEAMS_APP_CATALOG_ID must be .* a GUID \(got "qa-audits"\)/);
    expect(() => appInstallSettingsFrom({ PROACTIVE_INSTALL: 'maybe', TEAMS_APP_CATALOG_ID: CATALOG_ID })).toThrow(/^Configuration error: PROACTIVE_INSTALL must be true or false/);
  });
});

describe('createAppInstallerFrom', () => {
  it('gives NoAppInstaller when off, without connecting to Graph', async () => {
    const installer = createAppInstallerFrom({ kind: 'off' }, () => {
      throw new Error('connected');
    }, { tenantId: TENANT });
    expect(installer).toBeInstanceOf(NoAppInstaller);
    expect(await installer.install(TENANT, alex.id)).toBe('not-configured');
  });

  it('gives a GraphAppInstaller on the client when on, which installs', async () => {
    harness = await startHarness({ people });
    const h = harness;
    const installer = createAppInstallerFrom(appInstallSettingsFrom({ PROACTIVE_INSTALL: 'true', TEAMS_APP_CATALOG_ID: CATALOG_ID }), () => h.client, { tenantId: TENANT });
    expect(installer).toBeInstanceOf(GraphAppInstaller);
    expect(await installer.install(TENANT, alex.id)).toBe('installed');
    expect(h.server.stats().statuses).toEqual({ 201: 1 });
  });
});

/**
 * The Graph directory adapter against the local calendar server, through the real Graph client: the demo people,
 * their line managers and time zones from Graph, their roles from a role map, and the per-instance cache.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphDirectory, GraphDirectoryError, type GraphDirectoryOptions, moderatesForFromRoster, rolesFromRoster } from '../../graph/graph-directory.js';
import type { LocalCalendarFaults } from '../../graph/local-calendar/index.js';
import { parseRoster } from '../../graph/roster-directory.js';
import type { Person } from '../../workflow/people.js';
import { type Harness, startHarness } from './harness.js';
import { manualClock } from './manual-clock.js';

const TENANT = 'tenant-1';
const roster = parseRoster(readFileSync('demo/roster.yaml', 'utf8'), 'demo/roster.yaml');
const byName = (people: readonly Person[], name: string) => people.find((p) => p.name === name)!;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: Partial<GraphDirectoryOptions> = {}, faults?: LocalCalendarFaults): Promise<{ h: Harness; directory: GraphDirectory }> {
  harness = await startHarness({ people: roster, ...(faults ? { faults } : {}) });
  const directory = new GraphDirectory(harness.client, { tenantId: TENANT, roles: rolesFromRoster(roster), ...options });
  harness.server.resetStats();
  return { h: harness, directory };
}

describe('GraphDirectory', () => {
  it('lists the seeded demo people with names, emails, teams, line managers and time zones', async () => {
    const { directory } = await start();
    const people = await directory.all(TENANT);

    expect(people.map((p) => p.id).sort()).toEqual(roster.map((p) => p.id).sort());
    for (const r of roster) {
      const p = people.find((x) => x.id === r.id)!;
      expect(p.name).toBe(r.name);
      expect(p.email).toBe(r.email);
      expect(p.team).toBe(r.team);
      expect(p.lineManagerId).toBe(r.lineManagerId);
      expect(p.roles).toEqual(r.roles);
    }
    // Line managers from Graph: Jordan reports to Sam, Sam to Priya; Alex has none.
    expect(byName(people, 'Jordan Lee').lineManagerId).toBe(byName(people, 'Sam Patel').id);
    expect(byName(people, 'Sam Patel').lineManagerId).toBe(byName(people, 'Priya Shah').id);
    expect(byName(people, 'Alex Morgan')).not.toHaveProperty('lineManagerId');
    // Time zones from mailboxSettings, Windows names made IANA: the seed puts the sixth mailbox in Paris.
    expect(people.find((p) => p.id === roster[5]!.id)!.timeZone).toBe('Europe/Paris');
    expect(byName(people, 'Alex Morgan').timeZone).toBe('Europe/London');
  });

  it('reads the users list and the time zones in few requests', async () => {
    const { h, directory } = await start();
    await directory.all(TENANT);
    const stats = h.server.stats();
    // One GET /users (managers expanded inline), one $batch of mailboxSettings for the 8 people.
    expect(stats.httpRequests).toBe(2);
    expect(stats.batches).toBe(1);
    expect(stats.innerRequests).toBe(roster.length);
  });

  it('follows @odata.nextLink through every page', async () => {
    const { h, directory } = await start({ pageSize: 3, timeZones: 'default' });
    const people = await directory.all(TENANT);
    expect(people).toHaveLength(roster.length);
    expect(new Set(people.map((p) => p.id)).size).toBe(roster.length);
    expect(h.server.stats().httpRequests).toBe(Math.ceil(roster.length / 3));
    expect(people.every((p) => p.timeZone === 'Europe/London')).toBe(true);
  });

  it('merges roles from a map keyed by id or email; people in no entry get none', async () => {
    const alex = roster.find((p) => p.name === 'Alex Morgan')!;
    const jordan = roster.find((p) => p.name === 'Jordan Lee')!;
    const { directory } = await start({
      roles: { [alex.id]: ['qaCoordinator'], [alex.email.toUpperCase()]: ['reviewer', 'qaCoordinator'], [jordan.email]: ['practitioner'] },
      moderatesFor: moderatesForFromRoster(roster),
    });
    const people = await directory.all(TENANT);
    expect(byName(people, 'Alex Morgan').roles).toEqual(['qaCoordinator', 'reviewer']);
    expect(byName(people, 'Jordan Lee').roles).toEqual(['practitioner']);
    expect(byName(people, 'Sam Patel').roles).toEqual([]);
    expect(byName(people, 'Chris Evans').moderatesFor).toEqual([byName(people, 'Priya Shah').id]);
  });

  it('the local server answers GET /users/{id}/manager like Graph: the manager, or 404 for nobody', async () => {
    const { h } = await start();
    const sam = roster.find((p) => p.name === 'Sam Patel')!;
    const jordan = await h.raw('GET', `/users/${encodeURIComponent('jordan.lee@example.org')}/manager?$select=id,displayName`);
    expect(jordan.status).toBe(200);
    expect(jordan.body).toMatchObject({ id: sam.id, displayName: 'Sam Patel', mail: sam.email });
    const alex = await h.raw('GET', `/users/${encodeURIComponent('alex.morgan@example.org')}/manager`);
    expect(alex.status).toBe(404);
    expect((alex.body as { error: { code: string } }).error.code).toBe('Request_ResourceNotFound');
  });

  it('refuses a role map with a role the domain does not know', async () => {
    harness = await startHarness({ people: roster });
    expect(() => new GraphDirectory(harness!.client, { tenantId: TENANT, roles: { x: ['admin' as never] } })).toThrow(/Unknown role "admin"/);
  });

  it('caches per instance for the TTL: a second call makes no request; after the TTL it reads Graph again', async () => {
    const clock = manualClock(Date.parse('2026-03-23T09:00:00Z'));
    const { h, directory } = await start({ clock, ttlMs: 10 * 60_000 });

    const [first, second] = await Promise.all([directory.all(TENANT), directory.get(TENANT, roster[0]!.id)]);
    expect(h.server.stats().httpRequests).toBe(2); // concurrent callers share one load
    expect(second).toBe(first.find((p) => p.id === roster[0]!.id));

    await directory.all(TENANT);
    await directory.get(TENANT, roster[1]!.id);
    await clock.sleep(9 * 60_000);
    await directory.get(TENANT, roster[2]!.id);
    expect(h.server.stats().httpRequests).toBe(2);

    await clock.sleep(2 * 60_000);
    await directory.all(TENANT);
    expect(h.server.stats().httpRequests).toBe(4);

    // Another instance has its own cache: nothing is shared through the module.
    const other = new GraphDirectory(h.client, { tenantId: TENANT, timeZones: 'default' });
    await other.all(TENANT);
    expect(h.server.stats().httpRequests).toBe(5);
  });

  it('answers undefined for an unknown id, and nobody for another tenant', async () => {
    const { h, directory } = await start();
    expect(await directory.get(TENANT, '00000000-0000-4000-8000-00000000ffff')).toBeUndefined();
    expect(await directory.get('another-tenant', roster[0]!.id)).toBeUndefined();
    expect(await directory.all('another-tenant')).toEqual([]);
    // The unknown id was looked up in the one snapshot; the other tenant cost nothing.
    expect(h.server.stats().httpRequests).toBe(2);
  });

  it('retries a throttled users list (Retry-After honoured) and still lists everyone', async () => {
    const { h, directory } = await start({ retry: { maxAttempts: 20 } }, { throttleRate: 0.3, retryAfterSeconds: 0.01 });
    const people = await directory.all(TENANT);
    expect(people).toHaveLength(roster.length);
    expect(h.server.stats().injected.throttled).toBeGreaterThan(0);
    expect(directory.stats().throttled).toBe(h.server.stats().injected.throttled);
  });

  it('fails with a GraphDirectoryError when Graph refuses the list, and caches nothing', async () => {
    const { h } = await start();
    const directory = new GraphDirectory(h.client, { tenantId: TENANT, pageSize: 3 });
    // A users list Graph refuses ($top above 999 is a 400).
    (directory as unknown as { pageSize: number }).pageSize = 1000;
    await expect(directory.all(TENANT)).rejects.toBeInstanceOf(GraphDirectoryError);
    (directory as unknown as { pageSize: number }).pageSize = 3;
    expect(await directory.all(TENANT)).toHaveLength(roster.length);
  });
});

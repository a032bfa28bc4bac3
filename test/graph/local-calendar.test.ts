/**
 * The local Graph-compatible calendar server on its own, over plain HTTP: the Graph rules it enforces, `$batch`,
 * faults, and the demo seed.
 */
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event, ScheduleInformation, User } from '@microsoft/microsoft-graph-types';
import { parseRoster } from '../../graph/roster-directory.js';
import { type LocalCalendar, type LocalCalendarOptions, seedFromRoster, startLocalCalendar } from '../../graph/local-calendar/index.js';
import { somePeople, WEEK } from './harness.js';

let server: LocalCalendar | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const people = somePeople(24);
async function start(options: LocalCalendarOptions = {}): Promise<LocalCalendar> {
  server = await startLocalCalendar({ port: 0, data: seedFromRoster(people, { from: WEEK }), token: 'tok', seed: 3, ...options });
  return server;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${server!.url}/v1.0${path}`, {
    method,
    headers: { authorization: 'Bearer tok', 'content-type': 'application/json', prefer: 'outlook.timezone="UTC"', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const utc = (dateTime: string) => ({ dateTime, timeZone: 'UTC' });

describe('the local calendar server', () => {
  it('lists the directory and finds a user by id, UPN or mail, in any case', async () => {
    await start();
    const users = await call('GET', '/users');
    expect((users.body.value as User[]).map((u) => u.mail)).toEqual(people.map((p) => p.email));
    for (const id of [people[3]!.id, people[3]!.email.toUpperCase()]) {
      expect((await call('GET', `/users/${encodeURIComponent(id)}`)).body.displayName).toBe(people[3]!.name);
    }
    expect((await call('GET', '/users/nobody@example.org/events')).body.error.code).toBe('ErrorInvalidUser');
  });

  it('refuses requests without the token', async () => {
    await start();
    const res = await fetch(`${server!.url}/v1.0/users`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });

  it('keeps getSchedule to 20 schedules and windows under 62 days, and answers in the zone asked for', async () => {
    await start();
    const emails = people.map((p) => p.email);
    const body = (n: number, end: string) => ({ schedules: emails.slice(0, n), startTime: utc('2026-03-23T00:00:00'), endTime: utc(end) });
    expect((await call('POST', `/users/${emails[0]}/calendar/getSchedule`, body(21, '2026-03-28T00:00:00'))).status).toBe(400);
    expect((await call('POST', `/users/${emails[0]}/calendar/getSchedule`, body(2, '2026-05-24T00:00:00'))).body.error.code).toBe('ErrorInvalidTimeInterval');
    expect((await call('POST', `/users/${emails[0]}/calendar/getSchedule`, body(20, '2026-05-23T23:00:00'))).status).toBe(200);

    const paris = await call('POST', `/users/${emails[0]}/calendar/getSchedule`, body(1, '2026-03-24T00:00:00'), { prefer: 'outlook.timezone="Romance Standard Time"' });
    const utcAnswer = await call('POST', `/users/${emails[0]}/calendar/getSchedule`, body(1, '2026-03-24T00:00:00'));
    const [p] = paris.body.value as ScheduleInformation[];
    const [u] = utcAnswer.body.value as ScheduleInformation[];
    expect(p!.scheduleItems![0]!.start!.timeZone).toBe('Romance Standard Time');
    // 23 March is winter time: Paris is UTC+1.
    expect(Date.parse(`${u!.scheduleItems![0]!.start!.dateTime}Z`) - Date.parse(`${p!.scheduleItems![0]!.start!.dateTime}Z`)).toBe(-3_600_000);
    expect(u!.availabilityView).toHaveLength(48);
    expect(u!.workingHours?.timeZone?.name).toBe('GMT Standard Time');
  });

  it('answers each request of a $batch on its own, and refuses batches Graph refuses', async () => {
    await start();
    const [a, b] = people.map((p) => p.email);
    const batch = await call('POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/users/${a}/mailboxSettings` },
        { id: '2', method: 'GET', url: '/users/nobody@example.org/mailboxSettings' },
        { id: '3', method: 'GET', url: `/v1.0/users/${b}/mailboxSettings` },
        { id: '4', method: 'POST', url: `/users/${a}/events`, headers: { 'Content-Type': 'application/json' }, body: { subject: 'x', start: utc('2026-03-30T10:00:00'), end: utc('2026-03-30T11:00:00') } },
        { id: '5', method: 'GET', url: `/users/${a}/events?$filter=subject eq 'x'`, dependsOn: ['4'] },
      ],
    });
    expect(batch.status).toBe(200);
    const answers = new Map((batch.body.responses as { id: string; status: number; body: any }[]).map((r) => [r.id, r]));
    const answer = (id: string) => answers.get(id)!;
    expect(['1', '2', '3', '4', '5'].map((id) => answer(id).status)).toEqual([200, 404, 400, 201, 200]);
    expect(answer('3').body.error.message).toMatch(/relative to the version/);
    expect(answer('5').body.value).toHaveLength(1);

    const tooMany = await call('POST', '/$batch', { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${a}/mailboxSettings` })) });
    expect(tooMany.status).toBe(400);
  });

  it('throttles inside $batch: each throttled request gets its own 429 and Retry-After', async () => {
    await start({ faults: { throttleRate: 1, retryAfterSeconds: 7 } });
    const batch = await call('POST', '/$batch', { requests: people.slice(0, 3).map((p, i) => ({ id: String(i), method: 'GET', url: `/users/${p.email}/mailboxSettings` })) });
    expect(batch.status).toBe(200);
    for (const r of batch.body.responses) {
      expect(r.status).toBe(429);
      expect(r.headers['retry-after']).toBe('7');
      expect(r.body.error.code).toBe('TooManyRequests');
    }
    expect(server!.stats().injected.throttled).toBe(3);
  });

  it('pages events with $top and a nextLink, and refuses attendees changing or cancelling the meeting', async () => {
    await start();
    const [org, att] = people.map((p) => p.email);
    const first = await call('GET', `/users/${org}/events?$top=5`);
    expect(first.body.value).toHaveLength(5);
    const next = await fetch(first.body['@odata.nextLink'], { headers: { authorization: 'Bearer tok' } }).then((r) => r.json() as Promise<{ value: Event[] }>);
    expect(next.value[0]!.id).not.toBe(first.body.value[0].id);

    const created = await call('POST', `/users/${org}/events`, { subject: 'Meeting', start: utc('2026-03-30T10:00:00'), end: utc('2026-03-30T11:00:00'), attendees: [{ emailAddress: { address: att } }] });
    const copy = (await call('GET', `/users/${att}/events?$filter=iCalUId eq '${created.body.iCalUId}'`)).body.value[0] as Event;
    expect((await call('PATCH', `/users/${att}/events/${copy.id}`, { start: utc('2026-03-30T12:00:00') })).status).toBe(403);
    expect((await call('POST', `/users/${att}/events/${copy.id}/cancel`, { Comment: 'no' })).status).toBe(400);
    expect((await call('POST', `/users/${org}/events/${created.body.id}/accept`, {})).status).toBe(400);
    // An attendee deleting their copy leaves everyone else's alone; the organiser's delete cancels.
    expect((await call('DELETE', `/users/${att}/events/${copy.id}`)).status).toBe(204);
    expect((await call('GET', `/users/${org}/events/${created.body.id}`)).status).toBe(200);
    expect((await call('DELETE', `/users/${org}/events/${created.body.id}`)).status).toBe(204);
    expect(server!.cancellations().at(-1)).toMatchObject({ subject: 'Meeting', attendees: [att] });
  });

  it('serves https with the bundled certificate', async () => {
    await start({ https: true, token: undefined });
    const body = await new Promise<string>((done, fail) => {
      const req = httpsRequest(`${server!.url}/v1.0/users`, { rejectUnauthorized: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done(text));
      });
      req.on('error', fail);
      req.end();
    });
    expect(server!.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(body).value).toHaveLength(24);
  });
});

describe('seedFromRoster with the demo roster', () => {
  const roster = parseRoster(readFileSync('demo/roster.yaml', 'utf8'), 'demo/roster.yaml');
  const data = seedFromRoster(roster, { from: '2026-03-25' });
  const user = (name: string) => data.users.find((u) => u.displayName === name)!;
  const eventsOf = (email: string) => data.events.filter((e) => e.owner === email || e.attendees?.some((a) => a.address === email));

  it('gives a believable week: one mailbox without working hours, one in another zone, leave, tentative invites', () => {
    expect(data.users).toHaveLength(roster.length);
    expect(user('Jordan Lee').workingHours).toBeNull();
    expect(user('Morgan Blake')).toMatchObject({ timeZone: 'Romance Standard Time', workingHours: { startTime: '08:30:00.0000000', timeZone: { name: 'Romance Standard Time' } } });
    expect(user('Sam Patel').workingHours).toMatchObject({ startTime: '08:00:00.0000000', endTime: '16:00:00.0000000' });
    expect(eventsOf(user('Priya Shah').mail)).toContainEqual({ owner: user('Priya Shah').mail, subject: 'Annual leave', showAs: 'oof', allDay: { firstDay: '2026-04-01', lastDay: '2026-04-01' } });
    expect(data.events.some((e) => e.showAs === 'tentative')).toBe(true);
    expect(data.events.some((e) => e.attendees?.some((a) => (a.response ?? 'none') === 'none'))).toBe(true);
    for (const u of data.users) expect(eventsOf(u.mail).length).toBeGreaterThan(10);
    // The same roster and seed always give the same calendars.
    expect(seedFromRoster(roster, { from: '2026-03-25' })).toEqual(data);
  });

  it('starts on the coming Monday when asked on a weekend', () => {
    const sunday = seedFromRoster(roster, { from: '2026-03-29', weeks: 1 });
    const days = sunday.events.flatMap((e) => ('start' in e ? [e.start.slice(0, 10)] : [e.allDay.firstDay]));
    expect(days.sort()[0]).toBe('2026-03-30');
  });
});

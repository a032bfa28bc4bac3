/**
 * The Graph calendar adapter, with the real Graph client, against the local Graph-compatible calendar server:
 * free/busy across many mailboxes in batches, booking under throttling, Outlook's 4-concurrent-requests limit as
 * the server measures it, transactionId idempotency, moving, cancelling and attendee responses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '@microsoft/microsoft-graph-types';
import { GraphCalendarError } from '../../graph/graph-calendar.js';
import { NotFound } from '../../workflow/errors.js';
import type { MeetingRequest } from '../../workflow/scheduling/calendar.js';
import { type Harness, somePeople, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(...args: Parameters<typeof startHarness>): Promise<Harness> {
  harness = await startHarness(...args);
  return harness;
}

const WINDOW = { start: '2026-03-30T00:00:00.000Z', end: '2026-04-04T00:00:00.000Z' };

function meeting(n: number, organiser: string, attendees: readonly string[], start: string, minutes = 60): MeetingRequest {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return {
    transactionId: `audit-${n}-meeting-1`,
    subject: `Collaborative audit meeting: case CR-${1000 + n}`,
    body: `Collaborative review of case CR-${1000 + n} before grading.`,
    start,
    end,
    attendees: [organiser, ...attendees].map((mailbox, i) => ({ mailbox, name: mailbox.split('@')[0]!, required: i < 3 })),
  };
}

const byICalUId = (events: readonly Event[], iCalUId: string | null | undefined) => events.filter((e) => e.iCalUId === iCalUId);

describe('free/busy (getSchedule)', () => {
  it('reads 30 mailboxes in one $batch of getSchedule calls of at most 20, in the order asked', async () => {
    const people = somePeople(30);
    const h = await start({ people });
    const calendar = h.calendar();
    h.server.resetStats();

    const schedules = await calendar.schedules(
      people.map((p) => p.email),
      WINDOW,
    );

    expect(schedules.map((s) => s.mailbox)).toEqual(people.map((p) => p.email));
    const stats = h.server.stats();
    // One batch of 2 getSchedule calls (20 + 10 schedules), one batch of mailboxSettings for the 3 mailboxes
    // without working hours (positions 2, 14 and 26).
    expect(stats.batches).toBe(2);
    expect(stats.innerRequests).toBe(5);
    expect(stats.httpRequests).toBe(2);
    expect(calendar.stats().httpRequests).toBe(2);

    // Working hours from the schedule, in IANA zones.
    expect(schedules[0]!.workingHours).toEqual({
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '09:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: 'Europe/London',
    });
    expect(schedules[0]!.timeZone).toBe('Europe/London');
    expect(schedules[5]!.workingHours?.timeZone).toBe('Europe/Paris');
    expect(schedules[5]!.workingHours?.startTime).toBe('08:30:00.0000000');
    expect(schedules[4]!.workingHours?.daysOfWeek).toEqual(['monday', 'tuesday', 'wednesday', 'thursday']);
  });

  it('gives a mailbox without working hours none, with the time zone from its mailbox settings', async () => {
    const people = somePeople(6);
    const h = await start({ people });
    const [schedule] = await h.calendar().schedules([people[2]!.email], WINDOW);
    expect(schedule!.workingHours).toBeUndefined();
    expect(schedule!.timeZone).toBe('Europe/London');
    expect(schedule!.freeBusy.length).toBeGreaterThan(0);
  });

  it('maps free/busy to UTC instants: all-day leave in British Summer Time, tentative invitations, the other zone', async () => {
    const people = somePeople(6);
    const h = await start({ people });
    const schedules = await h.calendar().schedules(
      people.map((p) => p.email),
      WINDOW,
    );
    // Position 3 is on leave on Wednesday 1 April, a whole local day in BST.
    expect(schedules[3]!.freeBusy).toContainEqual({ status: 'oof', start: '2026-03-31T23:00:00.000Z', end: '2026-04-01T23:00:00.000Z' });
    // The team meeting (Tuesday 10:00 London = 09:00Z in BST) is unanswered by its last member: tentative.
    expect(schedules[5]!.freeBusy).toContainEqual({ status: 'tentative', start: '2026-03-31T09:00:00.000Z', end: '2026-03-31T10:00:00.000Z' });
    expect(schedules[1]!.freeBusy).toContainEqual({ status: 'busy', start: '2026-03-31T09:00:00.000Z', end: '2026-03-31T10:00:00.000Z' });

    // Every item agrees with the events in the person's own calendar.
    for (const [i, person] of people.entries()) {
      const events = (await h.events(person.email)).filter((e) => Date.parse(`${e.end!.dateTime}Z`) > Date.parse(WINDOW.start) && Date.parse(`${e.start!.dateTime}Z`) < Date.parse(WINDOW.end));
      expect(schedules[i]!.freeBusy).toHaveLength(events.length);
    }
  });

  it('cuts a window of more than 61 days into calls Graph accepts', async () => {
    const people = somePeople(3);
    const h = await start({ people });
    h.server.resetStats();
    const schedules = await h.calendar().schedules(
      people.map((p) => p.email),
      { start: '2026-03-23T00:00:00.000Z', end: '2026-05-27T00:00:00.000Z' },
    );
    // Two getSchedule calls (65 days = 61 + 4) in one batch; position 2's mailboxSettings alone, as a plain GET.
    expect(h.server.stats().innerRequests).toBe(2);
    expect(h.server.stats().httpRequests).toBe(2);
    expect(h.server.stats().statuses['400']).toBeUndefined();
    expect(schedules.every((s) => s.freeBusy.length > 20)).toBe(true);
  });

  it('marks an address with no mailbox unknown for the whole window, and still reads the others', async () => {
    const people = somePeople(3);
    const h = await start({ people });
    const schedules = await h.calendar().schedules(['nobody@example.org', people[0]!.email], WINDOW);
    expect(schedules[0]).toEqual({ mailbox: 'nobody@example.org', freeBusy: [{ status: 'unknown', ...WINDOW }] });
    expect(schedules[1]!.freeBusy.length).toBeGreaterThan(0);
  });

  it('retries the getSchedule calls throttled inside $batch, and ends with the same answer as without throttling', async () => {
    const people = somePeople(200);
    const h = await start({ people, faults: { throttleRate: 0.5, retryAfterSeconds: 0.2 }, seed: 11 });
    const calendar = h.calendar({ retry: { maxAttempts: 40 } });
    h.server.resetStats();
    const throttled = await calendar.schedules(
      people.map((p) => p.email),
      WINDOW,
    );
    const stats = h.server.stats();
    expect(stats.batches).toBeGreaterThanOrEqual(2);
    expect(stats.injected.throttled).toBeGreaterThan(0);
    expect(calendar.stats().throttled).toBe(stats.injected.throttled);
    expect(calendar.stats().retries).toBe(stats.injected.throttled);

    h.server.setFaults({});
    const calm = await h.calendar().schedules(
      people.map((p) => p.email),
      WINDOW,
    );
    expect(throttled).toEqual(calm);
  });
});

describe('booking', () => {
  it('books a Teams meeting in the organiser calendar, invites the attendees, and never duplicates a transactionId', async () => {
    const people = somePeople(6);
    const h = await start({ people });
    const calendar = h.calendar();
    const [org, a, b, c] = people.map((p) => p.email) as [string, string, string, string];
    const request = meeting(1, org, [a, b, c], '2026-04-02T13:00:00.000Z');

    const booked = await calendar.book(org, request);
    expect(booked.start).toBe('2026-04-02T13:00:00.000Z');
    expect(booked.end).toBe('2026-04-02T14:00:00.000Z');
    expect(booked.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

    const again = await calendar.book(org, request);
    expect(again).toEqual(booked);

    const mine = (await h.events(org)).filter((e) => e.transactionId === request.transactionId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: booked.eventId, subject: request.subject, isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness', isOrganizer: true });
    expect(mine[0]!.attendees!.map((x) => [x.emailAddress!.address, x.type])).toEqual([
      [a, 'required'],
      [b, 'required'],
      [c, 'optional'],
    ]);
    for (const attendee of [a, b, c]) {
      const copies = byICalUId(await h.events(attendee), mine[0]!.iCalUId);
      expect(copies).toHaveLength(1);
      expect(copies[0]).toMatchObject({ isOrganizer: false, showAs: 'tentative', responseStatus: { response: 'none' } });
    }
    // The invite shows in the attendees' free/busy.
    const [schedule] = await calendar.schedules([a], WINDOW);
    expect(schedule!.freeBusy).toContainEqual({ status: 'tentative', start: booked.start, end: booked.end });
  });

  it('a POST whose answers are all lost made the meeting once, and the retry with the same transactionId finds it', async () => {
    const people = somePeople(6);
    const h = await start({ people, faults: { lostResponseRate: 1, retryAfterSeconds: 0 } });
    const calendar = h.calendar({ retry: { maxAttempts: 3, backoffMs: 10 } });
    const [org, a, b] = people.map((p) => p.email) as [string, string, string];
    const request = meeting(2, org, [a, b], '2026-04-02T13:00:00.000Z');

    const failure = await calendar.book(org, request).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GraphCalendarError);
    expect((failure as GraphCalendarError).status).toBe(504);
    expect(h.server.stats().eventsCreated).toBe(1);
    expect(h.server.stats().duplicateTransactionIds).toBe(2);

    h.server.setFaults({});
    const booked = await calendar.book(org, request);
    expect((await h.events(org)).filter((e) => e.transactionId === request.transactionId).map((e) => e.id)).toEqual([booked.eventId]);
    expect(h.server.stats().eventsCreated).toBe(1);
  });

  it('under 30% injected 429s and some lost answers, books exactly one event per meeting', async () => {
    const people = somePeople(48);
    const h = await start({ people, faults: { throttleRate: 0.3, lostResponseRate: 0.1, retryAfterSeconds: 1 } });
    const calendar = h.calendar();
    h.server.resetStats();
    const emails = people.map((p) => p.email);
    const requests = Array.from({ length: 24 }, (_, n) => {
      const organiser = emails[n]!;
      const attendees = [emails[(n + 24) % 48]!, emails[(n + 31) % 48]!, emails[(n + 40) % 48]!];
      return { organiser, request: meeting(100 + n, organiser, attendees, `2026-04-0${1 + (n % 3)}T${String(12 + (n % 4)).padStart(2, '0')}:00:00.000Z`) };
    });

    const booked = await Promise.all(
      requests.map(async ({ organiser, request }) => {
        await calendar.schedules(
          request.attendees.map((x) => x.mailbox),
          WINDOW,
        );
        return calendar.book(organiser, request);
      }),
    );

    const stats = h.server.stats();
    expect(stats.injected.throttled).toBeGreaterThan(0);
    expect(stats.injected.concurrency).toBe(0);
    expect(stats.eventsCreated).toBe(requests.length);
    // Every lost answer was a POST retried with its transactionId and answered with the event already made.
    expect(stats.duplicateTransactionIds).toBe(stats.injected.lostResponses);
    h.server.setFaults({});
    for (const [i, { organiser, request }] of requests.entries()) {
      const events = (await h.events(organiser)).filter((e) => e.transactionId === request.transactionId);
      expect(events.map((e) => e.id)).toEqual([booked[i]!.eventId]);
      for (const attendee of request.attendees.slice(1)) expect(byICalUId(await h.events(attendee.mailbox), events[0]!.iCalUId)).toHaveLength(1);
    }
  });
});

describe("Outlook's limit of 4 concurrent requests per mailbox", () => {
  it('is never exceeded, as the server measures it, however hard one mailbox is hammered', async () => {
    const people = somePeople(12);
    const h = await start({ people, faults: { latencyMs: [15, 30], mailboxConcurrency: 4 } });
    const calendar = h.calendar();
    const emails = people.map((p) => p.email);
    const org = emails[0]!;
    const first = await calendar.book(org, meeting(1, org, [emails[1]!, emails[2]!], '2026-04-01T13:00:00.000Z'));
    h.server.resetStats();

    await Promise.all([
      ...Array.from({ length: 40 }, () => calendar.responses(org, first.eventId)),
      ...Array.from({ length: 10 }, (_, i) => calendar.book(org, meeting(10 + i, org, [emails[3]!], `2026-04-0${2 + (i % 3)}T09:00:00.000Z`))),
      // getSchedule calls are posted to the first mailbox asked about: the organiser's again.
      ...Array.from({ length: 10 }, () => calendar.schedules([org, ...emails.slice(1)], WINDOW)),
      ...Array.from({ length: 5 }, (_, i) => calendar.move(org, first.eventId, { start: `2026-04-01T1${i}:00:00.000Z`, end: `2026-04-01T1${i}:30:00.000Z` })),
    ]);

    const stats = h.server.stats();
    expect(stats.maxConcurrentPerMailbox[org]).toBe(4);
    expect(stats.maxConcurrent).toBeLessThanOrEqual(4);
    expect(stats.injected.concurrency).toBe(0);
    expect(calendar.stats().maxInFlightPerMailbox).toBe(4);
  });

  it('(the server does see a client that does not keep to it)', async () => {
    const people = somePeople(3);
    const h = await start({ people, faults: { latencyMs: [30, 40] } });
    const org = people[0]!.email;
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.raw('GET', `/users/${org}/mailboxSettings`)));
    expect(h.server.stats().maxConcurrentPerMailbox[org]).toBeGreaterThan(4);
    const refused = answers.filter((x) => x.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body).toMatchObject({ error: { code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' } });
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
  });
});

describe('moving, cancelling, responses', () => {
  async function bookOne(h: Harness) {
    const [org, a, b, c] = h.data.users.map((u) => u.mail) as [string, string, string, string];
    const calendar = h.calendar();
    const booked = await calendar.book(org, meeting(5, org, [a, b, c], '2026-04-02T13:00:00.000Z'));
    const iCalUId = (await h.events(org)).find((e) => e.id === booked.eventId)!.iCalUId;
    const copyOf = async (mailbox: string) => byICalUId(await h.events(mailbox), iCalUId)[0];
    return { calendar, booked, org, a, b, c, copyOf };
  }

  it('moves the meeting for everyone, and asks the attendees again', async () => {
    const h = await start({ people: somePeople(6) });
    const { calendar, booked, org, a, copyOf } = await bookOne(h);
    const copy = await copyOf(a);
    expect((await h.raw('POST', `/users/${a}/events/${copy!.id}/accept`, { sendResponse: true })).status).toBe(202);

    const moved = await calendar.move(org, booked.eventId, { start: '2026-04-03T10:00:00.000Z', end: '2026-04-03T11:00:00.000Z' });
    expect(moved).toEqual({ ...booked, start: '2026-04-03T10:00:00.000Z', end: '2026-04-03T11:00:00.000Z' });
    expect(await copyOf(a)).toMatchObject({ start: { dateTime: '2026-04-03T10:00:00.0000000', timeZone: 'UTC' }, responseStatus: { response: 'none' } });
    const [schedule] = await calendar.schedules([a], WINDOW);
    expect(schedule!.freeBusy).toContainEqual({ status: 'tentative', start: moved.start, end: moved.end });
    expect(schedule!.freeBusy.some((x) => 'start' in x && x.start === booked.start)).toBe(false);
  });

  it('cancels the meeting: it leaves every calendar and the attendees are told why', async () => {
    const h = await start({ people: somePeople(6) });
    const { calendar, booked, org, a, b, c, copyOf } = await bookOne(h);
    await calendar.cancel(org, booked.eventId, 'The audit was withdrawn.');

    expect((await h.events(org)).some((e) => e.id === booked.eventId)).toBe(false);
    for (const attendee of [a, b, c]) expect(await copyOf(attendee)).toBeUndefined();
    expect(h.server.cancellations().at(-1)).toMatchObject({ organiser: org, comment: 'The audit was withdrawn.', attendees: [a, b, c] });
    await expect(calendar.cancel(org, booked.eventId, 'again')).rejects.toBeInstanceOf(NotFound);
    await expect(calendar.responses(org, booked.eventId)).rejects.toBeInstanceOf(NotFound);
    await expect(calendar.move(org, booked.eventId, { start: booked.start, end: booked.end })).rejects.toBeInstanceOf(NotFound);
  });

  it('reads each attendee response: a decline shows, and frees the attendee', async () => {
    const h = await start({ people: somePeople(6) });
    const { calendar, booked, org, a, b, c, copyOf } = await bookOne(h);
    expect(await calendar.responses(org, booked.eventId)).toEqual([
      { mailbox: a, response: 'none' },
      { mailbox: b, response: 'none' },
      { mailbox: c, response: 'none' },
    ]);

    expect((await h.raw('POST', `/users/${b}/events/${(await copyOf(b))!.id}/decline`, { comment: 'On leave', sendResponse: true })).status).toBe(202);
    expect((await h.raw('POST', `/users/${c}/events/${(await copyOf(c))!.id}/tentativelyAccept`, { sendResponse: true })).status).toBe(202);
    expect((await h.raw('POST', `/users/${a}/events/${(await copyOf(a))!.id}/accept`, { sendResponse: true })).status).toBe(202);

    expect(await calendar.responses(org, booked.eventId)).toEqual([
      { mailbox: a, response: 'accepted' },
      { mailbox: b, response: 'declined' },
      { mailbox: c, response: 'tentativelyAccepted' },
    ]);
    const [aSchedule, bSchedule] = await calendar.schedules([a, b], WINDOW);
    expect(aSchedule!.freeBusy).toContainEqual({ status: 'busy', start: booked.start, end: booked.end });
    expect(bSchedule!.freeBusy.some((x) => 'start' in x && x.start === booked.start)).toBe(false);
  });
});

describe('authentication', () => {
  it('sends the token to the Graph host it was configured for; a wrong one is refused', async () => {
    const h = await start({ people: somePeople(2) });
    const { createGraphClient, staticTokenProvider } = await import('../../graph/graph-client.js');
    const { GraphCalendar } = await import('../../graph/graph-calendar.js');
    const wrong = new GraphCalendar(createGraphClient({ baseUrl: h.server.url, authProvider: staticTokenProvider('not-the-token') }));
    const failure = await wrong.schedules([h.data.users[0]!.mail], WINDOW).catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 401, code: 'InvalidAuthenticationToken', attempts: 1 });
  });
});

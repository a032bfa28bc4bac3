/**
 * Benchmark: book the collaborative review meeting for 500 audits (3 or 4 people each: reviewer, practitioner,
 * team manager, and the CRO for half of them) against the local Graph-compatible calendar server with throttling
 * on, through the real Graph client and the GraphCalendar adapter:
 *
 *   getSchedule for the attendees → findSlots (the domain's slot finder) → book the earliest slot.
 *
 *   npx tsx bench/book-meetings.ts [--audits 500] [--people 120] [--parallel 50] [--throttle 0.15]
 *                                  [--unavailable 0.02] [--lost 0.02] [--retry-after 1] [--latency 20,80] [--seed 1]
 *
 * Reports Graph calls per meeting, total time, retries, the most concurrent requests the server ever saw for one
 * mailbox (must be ≤ 4) and duplicate events (must be 0, checked with GET /users/{organiser}/events).
 */
import { parseArgs } from 'node:util';
import type { Event } from '@microsoft/microsoft-graph-types';
import { ResponseType } from '@microsoft/microsoft-graph-client';
import { GraphCalendar } from '../graph/graph-calendar.js';
import { createGraphClient, staticTokenProvider } from '../graph/graph-client.js';
import { type RosterPerson, seedFromRoster, startLocalCalendar } from '../graph/local-calendar/index.js';
import { addDays } from '../workflow/dates.js';
import { findSlots } from '../workflow/scheduling/find-slots.js';
import type { SchedulingAttendee } from '../workflow/scheduling/types.js';
import { searchWindow } from '../workflow/scheduling/window.js';
import { seededRandom } from '../workflow/seeded-random.js';

const { values } = parseArgs({
  options: {
    audits: { type: 'string', default: '500' },
    people: { type: 'string', default: '120' },
    parallel: { type: 'string', default: '50' },
    throttle: { type: 'string', default: '0.15' },
    unavailable: { type: 'string', default: '0.02' },
    lost: { type: 'string', default: '0.02' },
    'retry-after': { type: 'string', default: '1' },
    latency: { type: 'string', default: '20,80' },
    seed: { type: 'string', default: '1' },
  },
});
const num = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (Number.isNaN(n)) throw new Error(`--${name} must be a number`);
  return n;
};

const AUDITS = num('audits');
const PEOPLE = num('people');
const PARALLEL = num('parallel');
const SEED = num('seed');
const [latMin, latMax = latMin] = String(values.latency).split(',').map(Number) as [number, number?];
const TOKEN = 'bench-token';
/** Monday morning; audits fall due two to four weeks later. */
const NOW = new Date('2026-03-23T08:00:00Z');

const prng = seededRandom;
const random = prng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

// A workforce: a third reviewers, a third practitioners, a fifth team managers, the rest CROs.
type Kind = 'reviewer' | 'practitioner' | 'teamManager' | 'cro';
const people: (RosterPerson & { kind: Kind })[] = Array.from({ length: PEOPLE }, (_, i) => {
  const kind: Kind = i % 15 < 5 ? 'reviewer' : i % 15 < 10 ? 'practitioner' : i % 15 < 13 ? 'teamManager' : 'cro';
  const n = String(i + 1).padStart(4, '0');
  return { id: `00000000-0000-4000-9000-${n.padStart(12, '0')}`, name: `${kind} ${n}`, email: `${kind.toLowerCase()}.${n}@example.org`, team: `Team ${Math.floor(i / 8) + 1}`, kind };
});
const byKind = (k: Kind) => people.filter((p) => p.kind === k);
const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));

interface Audit {
  readonly n: number;
  readonly reviewer: RosterPerson;
  readonly others: readonly { person: RosterPerson; required: boolean }[];
  readonly dueDate: string;
}
const audits: Audit[] = Array.from({ length: AUDITS }, (_, n) => ({
  n,
  reviewer: pick(byKind('reviewer')),
  others: [
    { person: pick(byKind('practitioner')), required: true },
    { person: pick(byKind('teamManager')), required: true },
    ...(random() < 0.5 ? [{ person: pick(byKind('cro')), required: false }] : []),
  ],
  dueDate: addDays('2026-03-23', 14 + Math.floor(random() * 15)),
}));

const server = await startLocalCalendar({
  port: 0,
  token: TOKEN,
  seed: SEED,
  data: seedFromRoster(people, { from: '2026-03-23', weeks: 6, seed: SEED }),
  faults: {
    throttleRate: num('throttle'),
    unavailableRate: num('unavailable'),
    lostResponseRate: num('lost'),
    retryAfterSeconds: num('retry-after'),
    mailboxConcurrency: 4,
    latencyMs: [latMin, latMax],
  },
});
const client = createGraphClient({ baseUrl: server.url, authProvider: staticTokenProvider(TOKEN) });
const calendar = new GraphCalendar(client);

let booked = 0;
let noSlot = 0;
let failed = 0;
const durations: number[] = [];
const bookings: { organiser: string; transactionId: string; eventId: string; mailboxes: readonly string[]; start: number; end: number }[] = [];

async function bookFor(audit: Audit): Promise<void> {
  const started = performance.now();
  const window = searchWindow({ now: NOW, dueDate: audit.dueDate });
  const mailboxes = [audit.reviewer.email, ...audit.others.map((o) => o.person.email)];
  const schedules = await calendar.schedules(mailboxes, { start: window.earliest, end: window.deadline });
  const attendees: SchedulingAttendee[] = schedules.map((s, i) => {
    const person = byEmail.get(s.mailbox.toLowerCase())!;
    return {
      id: person.id,
      name: person.name,
      required: i === 0 || audit.others[i - 1]!.required,
      organiser: i === 0,
      ...(s.timeZone ? { timeZone: s.timeZone } : {}),
      ...(s.workingHours ? { workingHours: s.workingHours } : {}),
      freeBusy: s.freeBusy,
    };
  });
  const search = findSlots({ attendees, now: NOW, dueDate: audit.dueDate, minutes: 60, count: 20 });
  if (search.kind !== 'slots') {
    noSlot += 1;
    return;
  }
  // Invitations nobody has answered yet (this benchmark's own, among them) show as tentative, which the slot finder
  // offers but flags: like a careful reviewer pressing "show later times", take the first slot with no flags.
  const slot = search.slots.find((s) => s.flags.length === 0) ?? search.slots[0]!;
  const transactionId = `bench-audit-${audit.n}-meeting`;
  const meeting = await calendar.book(audit.reviewer.email, {
    transactionId,
    subject: `Collaborative audit meeting: case CR-${10_000 + audit.n}`,
    body: `Collaborative review of case CR-${10_000 + audit.n} before grading.`,
    start: slot.start,
    end: slot.end,
    attendees: mailboxes.map((mailbox, i) => ({ mailbox, name: byEmail.get(mailbox)!.name, required: i === 0 || audit.others[i - 1]!.required })),
  });
  bookings.push({ organiser: audit.reviewer.email, transactionId, eventId: meeting.eventId, mailboxes, start: Date.parse(meeting.start), end: Date.parse(meeting.end) });
  booked += 1;
  durations.push(performance.now() - started);
}

const t0 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < audits.length) {
      const audit = audits[next++]!;
      await bookFor(audit).catch((e: unknown) => {
        failed += 1;
        console.error(`audit ${audit.n}: ${(e as Error).message}`);
      });
    }
  }),
);
const totalMs = performance.now() - t0;
const during = server.stats();
const adapter = calendar.stats();

// Duplicates: every organiser's calendar, read back through Graph with the faults off.
server.setFaults({ latencyMs: 0 });
const byTransaction = new Map<string, string[]>();
for (const organiser of new Set(bookings.map((b) => b.organiser))) {
  const res: Response = await client.api(`/users/${encodeURIComponent(organiser)}/events?$top=1000`).responseType(ResponseType.RAW).get();
  const events = ((await res.json()) as { value: Event[] }).value;
  for (const e of events) if (e.transactionId?.startsWith('bench-audit-')) byTransaction.set(e.transactionId, [...(byTransaction.get(e.transactionId) ?? []), e.id!]);
}
const duplicates = [...byTransaction.values()].reduce((sum, ids) => sum + ids.length - 1, 0);
const missing = bookings.filter((b) => !byTransaction.get(b.transactionId)?.includes(b.eventId)).length;
await server.close();

// Audits booked at the same moment read free/busy before either booking lands, so two can take the same hour of
// one person: a race for the booking use case to settle (re-read free/busy before booking), not a Graph matter.
let clashes = 0;
for (let i = 0; i < bookings.length; i += 1) {
  for (let j = i + 1; j < bookings.length; j += 1) {
    const a = bookings[i]!;
    const b = bookings[j]!;
    if (a.start < b.end && b.start < a.end && a.mailboxes.some((m) => b.mailboxes.includes(m))) clashes += 1;
  }
}

const sorted = [...durations].sort((a, b) => a - b);
const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);
const logical = adapter.httpRequests - adapter.batches + adapter.batchedSteps;
const rows: [string, string][] = [
  ['audits', String(AUDITS)],
  ['people (mailboxes)', String(PEOPLE)],
  ['meetings booked', String(booked)],
  ['no slot before due date', String(noSlot)],
  ['failed', String(failed)],
  ['faults', `429 ${num('throttle') * 100}%, 503 ${num('unavailable') * 100}%, lost answers ${num('lost') * 100}%, Retry-After ${num('retry-after')} s, latency ${latMin}–${latMax} ms, ≤ 4 concurrent/mailbox`],
  ['total time', `${(totalMs / 1000).toFixed(1)} s (${PARALLEL} audits in parallel)`],
  ['meetings per second', (booked / (totalMs / 1000)).toFixed(1)],
  ['time per audit p50 / p95', `${(pct(50) / 1000).toFixed(2)} s / ${(pct(95) / 1000).toFixed(2)} s`],
  ['Graph HTTP calls', `${adapter.httpRequests} (${adapter.batches} $batch)`],
  ['Graph requests (batched counted singly)', String(logical)],
  ['HTTP calls per meeting', (adapter.httpRequests / Math.max(1, booked)).toFixed(2)],
  ['requests per meeting', (logical / Math.max(1, booked)).toFixed(2)],
  ['retries', `${adapter.retries} (429: ${adapter.throttled}, 503/504/no answer: ${adapter.failures})`],
  ['server: injected 429 / 503 / lost', `${during.injected.throttled} / ${during.injected.unavailable} / ${during.injected.lostResponses}`],
  ['server: 429 for concurrency / budget', `${during.injected.concurrency} / ${during.injected.budget}`],
  ['server: max concurrent requests for one mailbox', `${during.maxConcurrent} (limit 4)`],
  ['server: POSTs answered from transactionId', String(during.duplicateTransactionIds)],
  ['events created / duplicates / missing', `${during.eventsCreated} / ${duplicates} / ${missing}`],
  ['pairs of meetings sharing a person and an hour', `${clashes} (concurrent bookings racing for a slot; see the comment)`],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\nBook meetings benchmark (seed ${SEED})`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
const ok = during.maxConcurrent <= 4 && duplicates === 0 && missing === 0 && failed === 0 && during.eventsCreated === booked;
console.log(ok ? '\nOK: no mailbox over 4 concurrent requests, no duplicate events.' : '\nFAILED: see above.');
process.exit(ok ? 0 : 1);

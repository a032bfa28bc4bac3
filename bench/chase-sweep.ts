/**
 * Benchmark: a month of the chase sweep for one tenant against the embedded Cosmos-compatible store, through the
 * real @azure/cosmos SDK and the product's CosmosAudits / CosmosDigests adapters.
 *
 *   npx tsx bench/chase-sweep.ts [--audits 6000] [--seed 1] [--month 2027-03] [--hours 8-18] [--profile west-sussex]
 *
 * The tenant holds a year of audits: 12 monthly cycles ending with `--month`. Older cycles are finalised with their
 * actions signed off; last month's were finalised with actions due across the simulated month; a few are done and
 * waiting for sign-off; a handful are Inadequate (notices, acknowledgements, scheduled re-audits); the current
 * cycle is still in review. Each action's owner marks it done, and its manager signs it off, at seeded times
 * relative to its due date; the year before the month is replayed in memory with the domain's `chaseAudit` (as
 * the sweep would have run it each working morning), and every audit is stored with the `nextChaseAt` the domain's
 * own `nextChaseAt(audit, now, settings)` gives on the evening before the month starts.
 *
 * Then, every hour (`--hours`, local time) of every working day of the month, with a controllable clock: people's
 * actions due by then go through the real use cases (mark done, sign off, acknowledge a notice), and the sweep runs
 * `chaseAudits(...).execute({ tenantId, limit: 100 })` while a pass reads a full batch, as jobs/chase-sweep.ts does.
 *
 * Reports documents in the container, documents each sweep reads (mean, p95, max, month's total), the share of the
 * container a sweep reads, audits changed, messages enqueued by kind, digests created and wall time per sweep, and
 * what a naive "read every audit with an open action" sweep would read per run (counted with a query, not run).
 *
 * The store runs in a child process (this file again, with `--store-child`). It has no index: every query scans the
 * whole container in JavaScript, so the query's wall time here grows with the container. Documents read is what
 * the same query returns on Cosmos DB, where the range index on `nextChaseAt` finds them.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Container } from '@azure/cosmos';
import { RosterDirectory } from '../graph/roster-directory.js';
import { CosmosAudits } from '../storage/cosmos-audits.js';
import { createCosmosClient, ensureContainers, PARTITION_KEY_PATH } from '../storage/cosmos-client.js';
import { CosmosDigests } from '../storage/cosmos-digests.js';
import { startEmbeddedCosmos } from '../storage/embedded-cosmos.js';
import type { AuditAction } from '../workflow/actions.js';
import { auditId, type Audit, type AuditStatus, type ChildStatus, type HistoryEntry } from '../workflow/audit.js';
import { actionManager, markDone, signOff, statusOf } from '../workflow/chasing/action-lifecycle.js';
import { addWorkingDays, isWorkingDay } from '../workflow/chasing/bank-holidays.js';
import { chaseAudit, chaseSoon, nextChaseAt, type ChaseContext } from '../workflow/chasing/chase-audit.js';
import { chaseSettings } from '../workflow/chasing/chase-settings.js';
import { acknowledgeNotice, startInadequatePathway } from '../workflow/chasing/inadequate.js';
import { cycleDeadline } from '../workflow/cycle.js';
import { addDays, DEFAULT_TIME_ZONE, endOfMonth } from '../workflow/dates.js';
import type { Grade } from '../workflow/grades.js';
import { nextDeliveryAt, type OutboxMessage } from '../workflow/outbox.js';
import { SYSTEM_ACTOR, type Person, type PersonId, type Role } from '../workflow/people.js';
import { loadProfile } from '../workflow/policy/profiles.js';
import type { Audits, Clock } from '../workflow/ports.js';
import { ZonedTime } from '../workflow/scheduling/zoned-time.js';
import { seededRandom } from '../workflow/seeded-random.js';
import { acknowledgeInadequateNotice } from '../workflow/use-cases/acknowledge-inadequate-notice.js';
import { chaseAudits, type ChaseTally } from '../workflow/use-cases/chase-audits.js';
import { markActionDone } from '../workflow/use-cases/mark-action-done.js';
import { signOffAction } from '../workflow/use-cases/sign-off-action.js';

const { values } = parseArgs({
  options: {
    audits: { type: 'string', default: '6000' },
    seed: { type: 'string', default: '1' },
    month: { type: 'string', default: '2027-03' },
    hours: { type: 'string', default: '8-18' },
    profile: { type: 'string', default: 'west-sussex' },
    /** Internal: run only the embedded store, in the child process the benchmark starts. */
    'store-child': { type: 'string' },
  },
});
if (values['store-child'] !== undefined) await serveStore(values['store-child']);

/**
 * The store runs in a process of its own, as a database would, so its work (each query scans every document)
 * does not share the sweep's event loop and is not counted as the sweep's CPU.
 */
async function serveStore(dataDir: string): Promise<never> {
  const store = await startEmbeddedCosmos({ dataDir, port: 0 });
  process.send!({ endpoint: store.endpoint, key: store.key });
  await new Promise<void>((done) => process.once('disconnect', () => done()));
  await store.close();
  process.exit(0);
}
const num = (name: 'audits' | 'seed') => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};
const AUDITS = num('audits');
if (AUDITS < 12) throw new Error('--audits must be at least 12 (one a cycle)');
const SEED = num('seed');
const MONTH = String(values.month);
if (!/^\d{4}-\d{2}$/.test(MONTH)) throw new Error('--month must be YYYY-MM');
const [HOUR_FROM, HOUR_TO] = String(values.hours).split('-').map(Number) as [number, number];
if (!(HOUR_FROM >= 0 && HOUR_TO <= 23 && HOUR_FROM <= HOUR_TO)) throw new Error('--hours must be FROM-TO, 0–23');
const CYCLES = 12;
const BATCH = 100;
const TENANT = 'bench-tenant';
const TZ = DEFAULT_TIME_ZONE;

const profile = loadProfile(String(values.profile));
const settings = chaseSettings(profile);
const calendar = settings.calendar;
const zoned = new ZonedTime();
const random = seededRandom(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const log = (text: string) => process.stderr.write(`${text}\n`);

/** An instant (epoch ms) at a local wall-clock time on a date. */
const at = (date: string, minutes: number) => zoned.toInstant(date, minutes, TZ);
const iso = (ms: number) => new Date(ms).toISOString();
/** A random time in working hours (09:00–16:59) on a date. */
const workingTime = (date: string) => at(date, between(9 * 60, 17 * 60 - 1));
const workingDayOnOrAfter = (date: string) => (isWorkingDay(date, calendar) ? date : addWorkingDays(date, 1, calendar));
const workingDaysFrom = (date: string, n: number) =>
  n >= 0 ? addWorkingDays(workingDayOnOrAfter(date), n, calendar) : workingDaysBack(workingDayOnOrAfter(date), -n);
function workingDaysBack(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, -1);
    if (isWorkingDay(d, calendar)) left -= 1;
  }
  return d;
}
const addMonth = (cycle: string, months: number) => {
  const [y, m] = cycle.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 7);
};

// ---------------------------------------------------------------------------------------------------------------
// The simulated month and the evening before it.

const MONTH_START = `${MONTH}-01`;
const MONTH_END = endOfMonth(MONTH_START);
const SIM_START = at(MONTH_START, 0);
const SIM_END = at(addDays(MONTH_END, 1), 0);
/** The last working day before the month, at the end of its sweeping hours: when the seeded state stands. */
const SEED_DAY = workingDaysBack(MONTH_START, 1);
const SEED_NOW = at(SEED_DAY, HOUR_TO * 60);

interface SweepTime {
  readonly date: string;
  readonly ms: number;
  readonly firstOfDay: boolean;
}
const sweepTimes: SweepTime[] = [];
for (let d = MONTH_START; d <= MONTH_END; d = addDays(d, 1)) {
  if (!isWorkingDay(d, calendar)) continue;
  for (let h = HOUR_FROM; h <= HOUR_TO; h += 1) sweepTimes.push({ date: d, ms: at(d, h * 60), firstOfDay: h === HOUR_FROM });
}

// ---------------------------------------------------------------------------------------------------------------
// A workforce in the authority's zone: teams of a manager and six practitioners, a service manager over five
// teams, heads of service, an assistant and an executive director, QA coordinators and QA reviewers.

const cycles = Array.from({ length: CYCLES }, (_, i) => addMonth(MONTH, i - (CYCLES - 1)));
const perCycle = Math.ceil(AUDITS / CYCLES);
const TEAMS = Math.max(6, Math.round(perCycle / 12));
let personCount = 0;
const people: Person[] = [];
function person(kind: string, roles: Role[], team?: string, lineManagerId?: PersonId): Person {
  personCount += 1;
  const n = String(personCount).padStart(4, '0');
  const p: Person = {
    id: `00000000-0000-4000-9000-${n.padStart(12, '0')}`,
    name: `${kind} ${n}`,
    email: `${kind.toLowerCase().replace(/\s+/g, '.')}.${n}@example.org`,
    roles,
    ...(team ? { team } : {}),
    ...(lineManagerId ? { lineManagerId } : {}),
    timeZone: TZ,
  };
  people.push(p);
  return p;
}
const executive = person('Executive Director', ['executiveDirector']);
const assistant = person('Assistant Director', ['assistantDirector'], undefined, executive.id);
const heads = Array.from({ length: Math.max(2, Math.ceil(TEAMS / 15)) }, () => person('Head of Service', ['headOfService', 'reviewer'], undefined, assistant.id));
const qaHead = person('QA Head of Service', ['qaHeadOfService', 'reviewer'], 'Quality Assurance', assistant.id);
const coordinators = Array.from({ length: 3 }, () => person('QA Coordinator', ['qaCoordinator', 'reviewer'], 'Quality Assurance', qaHead.id));
const qaReviewers = Array.from({ length: 12 }, () => person('QA Reviewer', ['reviewer', 'moderator'], 'Quality Assurance', qaHead.id));
const SERVICE_AREAS = ['Children in Need', 'Child Protection', 'Children in Care', 'Leaving Care', 'Early Help'] as const;
const CHILD_STATUS: Record<(typeof SERVICE_AREAS)[number], ChildStatus> = {
  'Children in Need': 'CIN',
  'Child Protection': 'CP',
  'Children in Care': 'CLA',
  'Leaving Care': 'Care leaver',
  'Early Help': 'Early help',
};
interface Team {
  readonly name: string;
  readonly serviceArea: (typeof SERVICE_AREAS)[number];
  readonly manager: Person;
  readonly serviceManager: Person;
  readonly practitioners: readonly Person[];
}
const serviceManagers: Person[] = [];
const teams: Team[] = Array.from({ length: TEAMS }, (_, t) => {
  if (t % 5 === 0) serviceManagers.push(person('Service Manager', ['serviceManager', 'reviewer', 'moderator'], undefined, heads[Math.floor(t / 15) % heads.length]!.id));
  const serviceManager = serviceManagers.at(-1)!;
  const name = `Team ${t + 1}`;
  const manager = person('Team Manager', ['teamManager', 'reviewer'], name, serviceManager.id);
  const practitioners = Array.from({ length: 6 }, () => person('Practitioner', ['practitioner'], name, manager.id));
  return { name, serviceArea: SERVICE_AREAS[t % SERVICE_AREAS.length]!, manager, serviceManager, practitioners };
});
const directory = new RosterDirectory(TENANT, people);

// ---------------------------------------------------------------------------------------------------------------
// The year of audits, and what people do with their actions (at seeded times relative to the due date).

type HumanEvent =
  | { readonly at: number; readonly kind: 'done'; readonly auditId: string; readonly actionId: string; readonly actorId: PersonId }
  | { readonly at: number; readonly kind: 'signOff'; readonly auditId: string; readonly actionId: string; readonly actorId: PersonId }
  | { readonly at: number; readonly kind: 'acknowledge'; readonly auditId: string; readonly actorId: PersonId };

const ACTION_TEXTS = [
  'Update the child’s plan with the family',
  'Record the child’s views in their own words',
  'Complete the chronology to date',
  'Hold a supervision discussion on the case and record it',
  'Review the safety plan with the parents',
  'Make the referral to the school nurse',
  'Update the genogram and the ecomap',
  'Complete the outstanding statutory visit and record it',
];
const DOMAINS = ['voice-of-child', 'assessment', 'planning', 'management-oversight', 'recording', 'outcomes'];

function sentMessage(key: string, kind: OutboxMessage['kind'], to: PersonId, atMs: number): OutboxMessage {
  return { key, kind, to, state: 'sent', attempts: 1, createdAt: iso(atMs), sentAt: iso(atMs + 5_000), activityId: `activity-${key}`, conversationId: `conv-${to}` };
}

/** As the delivery sweep leaves them: every message sent, nothing due. */
function allSent(audit: Audit): Audit {
  const outbox = audit.outbox.map((m) =>
    m.state === 'pending' || m.state === 'held' || m.state === 'sending'
      ? { ...m, state: 'sent' as const, attempts: 1, sentAt: m.notBefore ?? m.createdAt, activityId: `activity-${m.key}`, conversationId: `conv-${m.to}` }
      : m,
  );
  const { nextDeliveryAt: _old, ...rest } = audit;
  const next = nextDeliveryAt(outbox);
  return { ...rest, outbox, ...(next === undefined ? {} : { nextDeliveryAt: next }) } as Audit;
}

const IN_PROGRESS: readonly AuditStatus[] = ['allocated', 'accepted', 'accepted', 'meetingBooked', 'meetingBooked', 'inReview', 'inReview', 'declined'];

interface Seeded {
  audit: Audit;
  events: HumanEvent[];
}

function makeAudit(cycle: string, age: number, n: number): Seeded {
  const team = pick(teams);
  const practitioner = pick(team.practitioners);
  const reviewer = pick([...qaReviewers, ...teams.filter((t) => t !== team).map((t) => t.manager)]);
  const coordinator = pick(coordinators);
  const caseRef = `CR-${String(100_000 + n)}`;
  // The current cycle's audits went out on the last working day before it began.
  const allocatedAt = workingTime(age === 0 ? SEED_DAY : workingDayOnOrAfter(`${cycle}-01`));
  const history: HistoryEntry[] = [{ at: iso(allocatedAt), by: coordinator.id, event: 'allocated', detail: `to ${reviewer.id}` }];
  const outbox: OutboxMessage[] = [sentMessage(`allocation:${auditId(cycle, caseRef)}:r1`, 'allocation', reviewer.id, allocatedAt)];
  const base: Audit = {
    id: auditId(cycle, caseRef),
    tenantId: TENANT,
    kind: 'collaborative',
    cycle,
    caseRef,
    serviceArea: team.serviceArea,
    team: team.name,
    childStatus: CHILD_STATUS[team.serviceArea],
    restricted: random() < 0.02,
    dueDate: cycleDeadline(cycle, profile),
    status: 'allocated',
    round: 1,
    reviewerId: reviewer.id,
    practitionerId: practitioner.id,
    teamManagerId: team.manager.id,
    serviceManagerId: team.serviceManager.id,
    coordinatorId: coordinator.id,
    previousReviewerIds: [],
    history,
    outbox,
    sourceFingerprint: `bench|${caseRef}|${cycle}`,
  };

  // The current cycle is in progress; a few of last month's are late; 1% of older ones were withdrawn.
  if (age === 0 || (age === 1 && random() < 0.04)) {
    const status = age === 0 ? pick(IN_PROGRESS) : pick<AuditStatus>(['inReview', 'awaitingModeration']);
    return { audit: { ...base, status, history: [...history, { at: iso(allocatedAt + 3_600_000), by: reviewer.id, event: status }] }, events: [] };
  }
  if (random() < 0.01) {
    const by = workingTime(workingDaysFrom(`${cycle}-01`, 3));
    return { audit: { ...base, status: 'withdrawn', history: [...history, { at: iso(by), by: coordinator.id, event: 'withdrawn', detail: 'Case closed before the audit' }] }, events: [] };
  }

  // Finalised between the 8th of the cycle and five days after its deadline (never after the seeded evening).
  const latest = [addDays(base.dueDate, 5), addDays(SEED_DAY, -1)].sort()[0]!;
  const earliest = [`${cycle}-08`, latest].sort()[0]!;
  let finalisedOn = addDays(earliest, between(0, Math.max(0, Math.round((Date.parse(latest) - Date.parse(earliest)) / 86_400_000))));
  finalisedOn = workingDaysBack(addDays(finalisedOn, 1), 1); // on or before, a working day
  // One Inadequate audit a cycle for the last three; last month's was finalised on the seeded afternoon, so its
  // notice deadline falls in the month.
  const forceInadequate = n % perCycle === 7 && age >= 1 && age <= 3;
  if (forceInadequate && age === 1) finalisedOn = SEED_DAY;
  const finalisedMs = forceInadequate && age === 1 ? at(SEED_DAY, 15 * 60) : workingTime(finalisedOn);
  const r = random();
  const grade: Grade = forceInadequate || r < 0.004 ? 'inadequate' : r < 0.1 ? 'outstanding' : r < 0.6 ? 'good' : 'requiresImprovement';
  const grades = Object.fromEntries([...DOMAINS.map((d) => [d, grade]), ['overall', grade]].map(([scope, g]) => [scope, { original: g as Grade, final: g as Grade }]));
  const actionCount = grade === 'inadequate' ? 3 : grade === 'outstanding' ? between(0, 1) : grade === 'good' ? between(0, 2) : between(1, 3);
  const actions: AuditAction[] = [];
  const events: HumanEvent[] = [];
  for (let k = 1; k <= actionCount; k += 1) {
    const owner = random() < 0.85 ? practitioner.id : random() < 0.8 ? team.manager.id : team.serviceManager.id;
    const dueDate =
      grade === 'inadequate'
        ? workingDayOnOrAfter(addDays(finalisedOn, profile.inadequate.remedialActionDays))
        : workingDayOnOrAfter(addDays(finalisedOn, between(7, 35)));
    const action: AuditAction = {
      id: `review-r${k}`,
      source: 'review',
      description: pick(ACTION_TEXTS),
      ownerId: owner,
      dueDate,
      remedial: grade === 'inadequate',
      setBy: reviewer.id,
      setAt: iso(finalisedMs - 3_600_000),
    };
    actions.push(action);
    // The owner: mostly on time, some a week late, a few much later; the manager signs off within days.
    const q = random();
    const offset = q < 0.55 ? -between(0, 6) : q < 0.85 ? between(1, 6) : q < 0.95 ? between(7, 15) : between(16, 40);
    const doneDay = [workingDaysFrom(dueDate, offset), addWorkingDays(finalisedOn, 1, calendar)].sort().at(-1)!;
    const doneAt = workingTime(doneDay);
    const s = random();
    const delay = s < 0.6 ? between(0, 1) : s < 0.9 ? between(2, 4) : between(5, 15);
    // Delay 0: the same afternoon; else that many working days later.
    const signAt = delay === 0 ? Math.min(doneAt + between(1, 3) * 3_600_000, at(doneDay, 17 * 60 + 30)) : workingTime(addWorkingDays(doneDay, delay, calendar));
    const manager = actionManager(base, action);
    events.push({ at: doneAt, kind: 'done', auditId: base.id, actionId: action.id, actorId: owner });
    events.push({ at: Math.max(signAt, doneAt + 60_000), kind: 'signOff', auditId: base.id, actionId: action.id, actorId: manager });
  }
  let audit: Audit = {
    ...base,
    status: 'finalised',
    acceptedAt: iso(allocatedAt + 86_400_000),
    grades,
    actions,
    finalisedAt: iso(finalisedMs),
    history: [
      ...history,
      { at: iso(allocatedAt + 86_400_000), by: reviewer.id, event: 'accepted' },
      { at: iso(finalisedMs - 7 * 86_400_000), by: reviewer.id, event: 'meeting booked' },
      { at: iso(finalisedMs - 3_600_000), by: reviewer.id, event: 'submitted', detail: `overall ${grade}` },
      { at: iso(finalisedMs), by: SYSTEM_ACTOR, event: 'finalised' },
    ],
    outbox: [...outbox, ...[practitioner.id, team.manager.id, reviewer.id].map((to) => sentMessage(`result:${base.id}:${to}`, 'result', to, finalisedMs))],
  };
  if (grade === 'inadequate') {
    audit = allSent(startInadequatePathway(audit, { profile, people, at: iso(finalisedMs - 3_600_000) }));
    for (const [i, rcp] of audit.inadequate!.recipients.entries()) {
      // In working hours: the same or the next working day (late after a weekend), a quarter of them days later.
      const late = random() < 0.25 || (forceInadequate && age === 1 && i === 0);
      const ackAt = Math.max(workingTime(workingDaysFrom(finalisedOn, late ? between(2, 4) : between(0, 1))), finalisedMs + between(10, 90) * 60_000);
      events.push({ at: ackAt, kind: 'acknowledge', auditId: audit.id, actorId: rcp.personId });
    }
  }
  return { audit, events: events.sort((a, b) => a.at - b.at) };
}

/** The domain change a person's event makes, as the use cases make it (markActionDone asks the sweep to look soon). */
function applyEvent(audit: Audit, e: HumanEvent): Audit {
  const when = iso(e.at);
  switch (e.kind) {
    case 'done': {
      const done = markDone(audit, e.actionId, e.actorId, 'Done and recorded on the child’s file.', when);
      return done === audit ? audit : chaseSoon(done, when);
    }
    case 'signOff':
      return signOff(audit, e.actionId, e.actorId, when);
    case 'acknowledge':
      return acknowledgeNotice(audit, e.actorId, when);
  }
}

/** The morning sweeps of every working day of the year before the month (in memory, with the domain's chaseAudit). */
const preSweeps: number[] = [];
for (let d = `${cycles[0]}-01`; d <= SEED_DAY; d = addDays(d, 1)) if (isWorkingDay(d, calendar)) preSweeps.push(at(d, HOUR_FROM * 60));
const ctxAt = (ms: number): ChaseContext => ({ now: new Date(ms), settings, profile, people, zoned });

/**
 * Replays an audit from `fromMs` to the seeded evening: people's events in time order, and the chase each morning
 * its `nextChaseAt` has come. Returns it as stored then, and any re-audits the chase scheduled (replayed in turn).
 */
function replay(start: Audit, events: readonly HumanEvent[], fromMs: number): { audit: Audit; created: Audit[] } {
  let audit = chaseSoon(start, iso(fromMs));
  const created: Audit[] = [];
  let e = 0;
  for (const t of preSweeps) {
    if (t < fromMs) continue;
    while (e < events.length && events[e]!.at <= t) audit = applyEvent(audit, events[e++]!);
    if (audit.nextChaseAt !== undefined && Date.parse(audit.nextChaseAt) <= t) {
      const plan = chaseAudit(audit, ctxAt(t));
      audit = plan.audit;
      if (plan.reaudit) created.push(...replayReaudit(plan.reaudit, t));
    }
  }
  while (e < events.length && events[e]!.at <= SEED_NOW) audit = applyEvent(audit, events[e++]!);
  return { audit, created };
}

/** A re-audit goes out on its date; one that went out over a month before the evening has been finalised since. */
function replayReaudit(reaudit: Audit, createdMs: number): Audit[] {
  const { audit } = replay(reaudit, [], createdMs);
  if (audit.status === 'allocated' && audit.allocateOn! < addDays(SEED_DAY, -35)) {
    const finalisedMs = workingTime(workingDayOnOrAfter(addDays(audit.allocateOn!, 20)));
    const g: Grade = 'requiresImprovement';
    return [
      {
        ...audit,
        status: 'finalised',
        grades: { overall: { original: g, final: g } },
        finalisedAt: iso(finalisedMs),
        history: [...audit.history, { at: iso(finalisedMs), by: SYSTEM_ACTOR, event: 'finalised' }],
      },
    ];
  }
  return [audit];
}

// ---------------------------------------------------------------------------------------------------------------
// Seed.

log(`chase-sweep bench: seeding ${AUDITS} audits (${CYCLES} cycles ${cycles[0]}…${cycles.at(-1)}), ${people.length} people, seed ${SEED}`);
const t0 = performance.now();
const documents: Audit[] = [];
const simEvents: HumanEvent[] = [];
let replayed = 0;
for (let n = 0; n < AUDITS; n += 1) {
  const c = Math.floor(n / perCycle);
  const cycle = cycles[c]!;
  const { audit: made, events } = makeAudit(cycle, CYCLES - 1 - c, n);
  const past = events.filter((e) => e.at <= SEED_NOW);
  simEvents.push(...events.filter((e) => e.at > SEED_NOW && e.at < SIM_END));
  // Audits with something still to chase on the evening (or Inadequate) are replayed; the rest only need their
  // people's changes applied, since the chase left nothing on them.
  const unfinished = past.length < events.length || made.inadequate !== undefined;
  let audit: Audit;
  if (unfinished && made.finalisedAt) {
    const r = replay(made, past, Date.parse(made.finalisedAt));
    replayed += 1 + r.created.length;
    audit = r.audit;
    documents.push(...r.created.map((x) => allSent(x)));
  } else {
    audit = past.reduce(applyEvent, made);
  }
  documents.push(allSent(audit));
}
// The index as the product writes it: the domain's own nextChaseAt on the evening before the month.
for (let i = 0; i < documents.length; i += 1) {
  const { nextChaseAt: _old, ...rest } = documents[i]!;
  const next = nextChaseAt(rest as Audit, new Date(SEED_NOW), settings, zoned);
  documents[i] = (next === undefined ? rest : { ...rest, nextChaseAt: next }) as Audit;
}
simEvents.sort((a, b) => a.at - b.at);
const buildMs = performance.now() - t0;

const seededState = (() => {
  const s = { finalisedAllSignedOff: 0, withOpen: 0, doneAwaitingOnly: 0, inadequate: 0, inProgress: 0, withdrawn: 0, reaudits: 0, withChase: 0, dueAtFirstSweep: 0 };
  for (const a of documents) {
    const statuses = (a.actions ?? []).map(statusOf);
    if (a.kind === 'reaudit') s.reaudits += 1;
    else if (a.status === 'withdrawn') s.withdrawn += 1;
    else if (a.status !== 'finalised') s.inProgress += 1;
    else if (statuses.includes('open')) s.withOpen += 1;
    else if (statuses.includes('done')) s.doneAwaitingOnly += 1;
    else s.finalisedAllSignedOff += 1;
    if (a.inadequate) s.inadequate += 1;
    if (a.nextChaseAt !== undefined) s.withChase += 1;
    if (a.nextChaseAt !== undefined && Date.parse(a.nextChaseAt) <= sweepTimes[0]!.ms) s.dueAtFirstSweep += 1;
  }
  return s;
})();

const dataDir = mkdtempSync(join(tmpdir(), 'qa-bench-chase-'));
const child = fork(fileURLToPath(import.meta.url), ['--store-child', dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const store = await new Promise<{ endpoint: string; key: string }>((done, fail) => {
  child.once('message', (m) => done(m as { endpoint: string; key: string }));
  child.once('exit', (code) => fail(new Error(`the store process exited (${code}) before it was ready`)));
});
const client = createCosmosClient({ kind: 'local', endpoint: store.endpoint, key: store.key });
const containers = await ensureContainers(client, 'qa-audits-bench');
/** The container the product keeps digests in (`notices`, or `digests` before that), else one of the same shape. */
const named = containers as unknown as Partial<Record<'notices' | 'digests', Container>>;
const digestContainer =
  named.notices ?? named.digests ?? (await containers.database.containers.createIfNotExists({ id: 'digests', partitionKey: { paths: [PARTITION_KEY_PATH] } })).container;
const t1 = performance.now();
{
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < documents.length) await containers.audits.items.create(documents[next++]!);
    }),
  );
}
const loadMs = performance.now() - t1;
const meanDocBytes = documents.reduce((sum, d) => sum + Buffer.byteLength(JSON.stringify(d)), 0) / documents.length;
log(`  built in ${(buildMs / 1000).toFixed(1)} s (${replayed} audits replayed), stored in ${(loadMs / 1000).toFixed(1)} s; ${simEvents.length} people's changes fall in ${MONTH}`);

async function count(container: Container, where: string, parameters: { name: string; value: string }[] = []): Promise<number> {
  const { resources } = await container.items
    .query<number>({ query: `SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId${where ? ` AND ${where}` : ''}`, parameters: [{ name: '@tenantId', value: TENANT }, ...parameters] }, { partitionKey: TENANT })
    .fetchAll();
  return resources[0] ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// The month.

/**
 * The Audits port as the sweep sees it, counting what it asks of the store: the due query, the re-read under the
 * ETag in every update, writes and creations. Every other method goes straight to the store.
 */
function countingAudits(inner: Audits) {
  const stats = { queried: 0, queryTimes: [] as number[], pointReads: 0, writes: 0, creates: 0 };
  const counted: Pick<Audits, 'withChaseDue' | 'update' | 'create' | 'get'> = {
    async withChaseDue(tenantId, now, limit) {
      const started = performance.now();
      const due = await inner.withChaseDue(tenantId, now, limit);
      stats.queryTimes.push(performance.now() - started);
      stats.queried += due.length;
      return due;
    },
    async update(tenantId, id, change) {
      stats.pointReads += 1;
      let wrote = false;
      const result = await inner.update(tenantId, id, (current) => {
        const next = change(current);
        wrote = next !== current;
        return next;
      });
      if (wrote) stats.writes += 1;
      return result;
    },
    create(audit) {
      stats.creates += 1;
      return inner.create(audit);
    },
    get(tenantId, id) {
      stats.pointReads += 1;
      return inner.get(tenantId, id);
    },
  };
  const audits = new Proxy(inner, {
    get(target, prop) {
      if (Object.hasOwn(counted, prop)) return counted[prop as keyof typeof counted];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { audits, stats };
}

let nowMs = SIM_START;
const clock: Clock & { set(ms: number): void } = { now: () => new Date(nowMs), set: (ms) => void (nowMs = ms) };
const storeAudits = new CosmosAudits(containers.audits);
const { audits: counted, stats: counting } = countingAudits(storeAudits);
const digests = new CosmosDigests(digestContainer);
const chase = chaseAudits({ audits: counted, digests, directory, clock, profile });
const people$ = { audits: storeAudits, clock };
const done = markActionDone(people$);
const signed = signOffAction(people$);
const acknowledged = acknowledgeInadequateNotice(people$);

const docsAtStart = await count(containers.audits, '');
/**
 * What a naive sweep would read: every audit with an open action (and, to run digests, those done and waiting for
 * sign-off). Counted with one query (ids and a flag only); the naive sweep itself is not run.
 */
async function naiveCounts(): Promise<{ open: number; unsigned: number }> {
  const { resources } = await containers.audits.items
    .query<{ open: boolean }>(
      {
        query: `SELECT EXISTS(SELECT VALUE a FROM a IN c.actions WHERE NOT IS_DEFINED(a.status) OR a.status = 'open') AS open FROM c
                WHERE c.tenantId = @tenantId AND EXISTS(SELECT VALUE a FROM a IN c.actions WHERE NOT IS_DEFINED(a.status) OR a.status IN ('open', 'done'))`,
        parameters: [{ name: '@tenantId', value: TENANT }],
      },
      { partitionKey: TENANT },
    )
    .fetchAll();
  return { open: resources.filter((r) => r.open).length, unsigned: resources.length };
}

const sum = (list: readonly number[]) => list.reduce((a, b) => a + b, 0);
interface SweepResult {
  readonly read: number;
  readonly passes: number;
  readonly ms: number;
  /** Of `ms`, the time spent in withChaseDue queries. */
  readonly queryMs: number;
  readonly tally: ChaseTally;
}
const sweeps: SweepResult[] = [];
const naive: { open: number; unsigned: number; sweeps: number }[] = [];
let humanApplied = 0;
let humanFailed = 0;
let ev = 0;
const tSim = performance.now();
log(`  ${sweepTimes.length} sweeps over ${new Set(sweepTimes.map((s) => s.date)).size} working days of ${MONTH}, ${String(HOUR_FROM).padStart(2, '0')}:00–${String(HOUR_TO).padStart(2, '0')}:00 ${TZ}`);
for (const s of sweepTimes) {
  // People's changes up to this hour, through the use cases.
  while (ev < simEvents.length && simEvents[ev]!.at <= s.ms) {
    const e = simEvents[ev++]!;
    clock.set(e.at);
    try {
      if (e.kind === 'done') await done.execute({ tenantId: TENANT, auditId: e.auditId, actionId: e.actionId, actorId: e.actorId, note: 'Done and recorded on the child’s file.' });
      else if (e.kind === 'signOff') await signed.execute({ tenantId: TENANT, auditId: e.auditId, actionId: e.actionId, actorId: e.actorId });
      else await acknowledged.execute({ tenantId: TENANT, auditId: e.auditId, actorId: e.actorId });
      humanApplied += 1;
    } catch (error) {
      humanFailed += 1;
      if (humanFailed <= 3) log(`  ${e.kind} ${e.auditId}: ${(error as Error).message}`);
    }
  }
  if (s.firstOfDay) naive.push({ ...(await naiveCounts()), sweeps: 0 });
  naive.at(-1)!.sweeps += 1;

  clock.set(s.ms);
  const started = performance.now();
  const queriesBefore = counting.queryTimes.length;
  const total: ChaseTally = { read: 0, changed: 0, digests: 0, reaudits: 0, failed: [] };
  let passes = 0;
  for (let pass = 0; pass < 1000; pass += 1) {
    const tally = await chase.execute({ tenantId: TENANT, limit: BATCH });
    passes += 1;
    total.read += tally.read;
    total.changed += tally.changed;
    total.digests += tally.digests;
    total.reaudits += tally.reaudits;
    if (tally.read < BATCH) break;
  }
  sweeps.push({ read: total.read, passes, ms: performance.now() - started, queryMs: sum(counting.queryTimes.slice(queriesBefore)), tally: total });
}
const simMs = performance.now() - tSim;
const lastSweep = sweepTimes.at(-1)!.ms;
const backlog = await count(containers.audits, 'c.nextChaseAt <= @now', [{ name: '@now', value: iso(lastSweep) }]);
const docsAtEnd = await count(containers.audits, '');
const digestDocs = await count(digestContainer, "c.type = 'digest'");

// Messages enqueued during the month, by kind (audits' outboxes and the digests'), leaving out the seeded ones.
const seededKeys = new Set(documents.flatMap((d) => d.outbox.map((m) => `${d.id}|${m.key}`)));
const byKind = new Map<string, number>();
for (const container of [containers.audits, digestContainer]) {
  const { resources } = await container.items
    .query<{ id: string; outbox: OutboxMessage[] }>({ query: 'SELECT c.id, c.outbox FROM c WHERE c.tenantId = @tenantId', parameters: [{ name: '@tenantId', value: TENANT }] }, { partitionKey: TENANT })
    .fetchAll();
  for (const { id, outbox } of resources) for (const m of outbox ?? []) if (!seededKeys.has(`${id}|${m.key}`)) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
}
client.dispose();
await new Promise<void>((done) => {
  child.once('exit', () => done());
  child.disconnect();
});
rmSync(dataDir, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------------------------
// Report.

const pct = (list: readonly number[], p: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
};
const mean = (list: readonly number[]) => (list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0);
const reads = sweeps.map((s) => s.read);
const totalRead = sum(reads);
const firstSweeps = sweeps.filter((_, i) => sweepTimes[i]!.firstOfDay).map((s) => s.read);
const laterSweeps = sweeps.filter((_, i) => !sweepTimes[i]!.firstOfDay).map((s) => s.read);
const walls = sweeps.map((s) => s.ms);
const busy = sweeps.filter((s) => s.read > 0);
const msPerAudit = sum(busy.map((s) => s.ms - s.queryMs)) / Math.max(1, sum(busy.map((s) => s.read)));
const naiveOpen = naive.map((n) => n.open);
const naiveUnsigned = naive.map((n) => n.unsigned);
const naiveMonth = sum(naive.map((n) => n.open * n.sweeps));
const fmt = (n: number, d = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });
const share = (n: number) => `${((100 * n) / docsAtStart).toFixed(2)}%`;
const kinds = [...byKind.entries()].sort((a, b) => b[1] - a[1]);

const rows: [string, string][] = [
  ['audits seeded (12 cycles)', `${fmt(AUDITS)}: ${fmt(seededState.finalisedAllSignedOff)} finalised, all actions signed off or none; ${fmt(seededState.withOpen)} with open actions; ${fmt(seededState.doneAwaitingOnly)} done awaiting sign-off; ${fmt(seededState.inProgress)} in progress; ${fmt(seededState.withdrawn)} withdrawn`],
  ['Inadequate / re-audits', `${seededState.inadequate} Inadequate audits, ${seededState.reaudits} re-audit documents`],
  ['people in the directory', `${people.length} (${TEAMS} teams)`],
  ['documents in the container', `${fmt(docsAtStart)} at the start, ${fmt(docsAtEnd)} at the end (mean ${fmt(meanDocBytes / 1024, 1)} KiB each)`],
  ['audits with a nextChaseAt', `${fmt(seededState.withChase)} (${seededState.dueAtFirstSweep} due at the first sweep)`],
  ['people’s changes in the month', `${fmt(humanApplied)} (mark done, sign off, acknowledge)${humanFailed ? `, ${humanFailed} FAILED` : ''}`],
  ['sweeps run', `${sweeps.length} (${naive.length} working days × ${HOUR_TO - HOUR_FROM + 1} hourly, ${HOUR_FROM}:00–${HOUR_TO}:00); ${sum(sweeps.map((s) => s.passes))} passes; ${sweeps.filter((s) => s.read > 0).length} read anything`],
  ['documents read per sweep', `mean ${fmt(mean(reads), 1)}, p95 ${pct(reads, 95)}, max ${Math.max(...reads)}; month total ${fmt(totalRead)}`],
  ['  first sweep of the day / later ones', `mean ${fmt(mean(firstSweeps), 1)} (max ${Math.max(...firstSweeps)}) / mean ${fmt(mean(laterSweeps), 1)} (max ${Math.max(...laterSweeps, 0)})`],
  ['share of the container a sweep reads', `mean ${share(mean(reads))}, max ${share(Math.max(...reads))}`],
  ['naive sweep (every audit with an open action)', `${fmt(mean(naiveOpen), 0)} per run (min ${Math.min(...naiveOpen)}, max ${Math.max(...naiveOpen)}); ${fmt(naiveMonth)} over the month (${fmt(naiveMonth / Math.max(1, totalRead), 0)}× the index)`],
  ['  …with done-awaiting-sign-off too', `${fmt(mean(naiveUnsigned), 0)} per run (max ${Math.max(...naiveUnsigned)})`],
  ['audits changed', `${fmt(sum(sweeps.map((s) => s.tally.changed)))} (${fmt(counting.writes)} writes, ${fmt(counting.pointReads)} re-reads under the ETag)`],
  ['re-audits created', String(sum(sweeps.map((s) => s.tally.reaudits)))],
  ['digests created', `${fmt(sum(sweeps.map((s) => s.tally.digests)))} (${fmt(digestDocs)} digest documents)`],
  ['messages enqueued', `${fmt(sum(kinds.map(([, n]) => n)))}: ${kinds.map(([k, n]) => `${k} ${fmt(n)}`).join(', ')}`],
  ['wall time per sweep', `p50 ${fmt(pct(walls, 50), 0)} ms, p95 ${fmt(pct(walls, 95), 0)} ms, max ${fmt(Math.max(...walls), 0)} ms; month ${(simMs / 1000).toFixed(1)} s (with people’s changes)`],
  ['  of which the withChaseDue query', `p50 ${fmt(pct(counting.queryTimes, 50), 0)} ms, p95 ${fmt(pct(counting.queryTimes, 95), 0)} ms over ${counting.queryTimes.length} queries (the embedded store scans all ${fmt(docsAtStart)} documents; Cosmos DB uses its index)`],
  ['  and per audit read, besides the query', `${fmt(msPerAudit, 1)} ms (chase, re-read, write, digests)`],
  ['due but unread after the last sweep', String(backlog)],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\nChase sweep benchmark (${MONTH}, profile ${profile.id}, seed ${SEED}, embedded store, @azure/cosmos)`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
const ok = backlog === 0 && humanFailed === 0;
console.log(ok ? '\nOK: every audit due was read by the sweep; no person’s change failed.' : '\nFAILED: see above.');
process.exit(ok ? 0 : 1);

/**
 * Three bot processes, one store, one simulated month. Each process runs the real bot (`startBot`: the teams-ai
 * app, the Cosmos SDK, the chase and delivery jobs with their leases) against the embedded Cosmos-compatible
 * server this test process owns, with a clock the test sets over IPC. Every simulated hour each process is told
 * the time at once and runs the chase sweep and then the delivery sweep, racing the others for the `chase` and
 * `delivery` leases; their TTLs (a minute and 30 s) are far shorter than a tick, so the leases are free again at
 * every tick and change hands as the races go. A recording connector is everyone's Bot Connector.
 *
 * The month's work is seeded as finalised audits with SMART actions due on various days, one of them Inadequate
 * with its written notices outstanding. At the end: every message the store holds was sent, and sent exactly once
 * (each POST the connector saw is one `sent` message, in the right person's chat); no two processes ever ran the
 * same job at the same time (one leader per lease per tick, no overlap of their runs in real time); more than one
 * process led each job; and the month produced reminders, nudges, escalations and digests. As an oracle, the same
 * month is also run by one instance alone on the in-memory fakes: the three processes must leave the store as it
 * does (the same messages, escalations, history, digests and re-audit), apart from when each message was sent.
 *
 * MULTI_INSTANCE_STEP_HOURS (default 1) sets the simulated time between ticks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CosmosClient } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TENANT_ID } from '../../bot/config.js';
import { silentLog } from '../../bot/log.js';
import { ChaseSweep } from '../../jobs/chase-sweep.js';
import { DeliverySweep } from '../../jobs/delivery-sweep.js';
import { RosterDirectory } from '../../graph/roster-directory.js';
import { createCosmosClient, ensureContainers, type StoreContainers } from '../../storage/cosmos-client.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../storage/embedded-cosmos.js';
import type { AuditAction } from '../../workflow/actions.js';
import type { Audit, AuditPeople } from '../../workflow/audit.js';
import { chaseSettings } from '../../workflow/chasing/chase-settings.js';
import { startInadequatePathway } from '../../workflow/chasing/inadequate.js';
import { isWithinWorkingHours } from '../../workflow/chasing/quiet-hours.js';
import type { Grade } from '../../workflow/grades.js';
import type { MessageKind, OutboxMessage } from '../../workflow/outbox.js';
import { loadProfile } from '../../workflow/policy/profiles.js';
import { aConversation, FakeClock, InMemoryAudits, InMemoryConversations, InMemoryDigests, RecordingMessenger } from '../fakes/index.js';
import { InMemoryLeases } from '../fakes/in-memory-leases.js';
import { installationUpdate, member, type Member } from '../support/activities.js';
import { demo } from '../support/bot-harness.js';
import { cardText } from '../support/card-parser.js';
import { RecordingConnector } from '../support/recording-connector.js';
import type { FromInstance, Logged, RunStamp, ToInstance } from './fixtures/instance-protocol.js';
import { freePort } from '../support/free-port.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/bot-instance.ts', import.meta.url));
const TENANT = LOCAL_TENANT_ID;
const INSTANCES = 3;
/** December 2026: Tuesday 1st to Thursday 31st, with Christmas Day and the Boxing Day substitute (Mon 28th) off. */
const MONTH_START = '2026-12-01T00:00:00.000Z';
const DAYS = 31;
const STEP_HOURS = Number(process.env.MULTI_INSTANCE_STEP_HOURS ?? 1);
const LEASES = ['chase', 'delivery'] as const;
type LeaseName = (typeof LEASES)[number];

const people = { ...demo, morgan: member('00000000-0000-4000-8000-0000000000a6', 'Morgan Blake') };
const everyone: Member[] = [people.alex, people.sam, people.jordan, people.priya, people.chris, people.morgan, people.taylor, people.dana];
const id = (who: Member) => who.aadObjectId;
/** The personal chat the activities helper gives a person (`personal-<channel id>`). */
const chatOf = (personId: string) => `personal-${everyone.find((p) => id(p) === personId)!.id}`;


// ---------------------------------------------------------------------------------------------------------------
// The bot processes

interface TickReply {
  readonly instance: number;
  readonly tick: string;
  readonly chase: RunStamp;
  readonly sweep: RunStamp;
  readonly logged: readonly Logged[];
}

/** One child bot process and its IPC replies, answered in order. */
class Instance {
  readonly instanceId: string;
  private readonly child: ChildProcess;
  private output = '';
  private readonly waiting: { resolve: (m: FromInstance) => void; reject: (e: Error) => void }[] = [];
  private exited: Error | undefined;
  port = 0;

  constructor(
    readonly index: number,
    env: NodeJS.ProcessEnv,
  ) {
    this.instanceId = `bot-${index + 1}`;
    this.child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      cwd: ROOT,
      env: { ...env, INSTANCE_ID: this.instanceId },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child.on('message', (m: FromInstance) => this.waiting.shift()?.resolve(m));
    this.child.on('exit', (code, signal) => {
      this.exited = new Error(`${this.instanceId} exited (code ${code}, signal ${signal}):\n${this.output.slice(-4000)}`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }

  /** The next message from the child (replies come in the order of the requests). */
  private next(): Promise<FromInstance> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private async expect<T extends FromInstance['type']>(type: T): Promise<Extract<FromInstance, { type: T }>> {
    const m = await this.next();
    if (m.type !== type) throw new Error(`${this.instanceId}: expected "${type}", got ${JSON.stringify(m)}\n${this.output.slice(-4000)}`);
    return m as Extract<FromInstance, { type: T }>;
  }

  async ready(): Promise<void> {
    const m = await this.expect('ready');
    expect(m.instanceId).toBe(this.instanceId);
    expect(m.store, 'a child must share the test\'s store, not start its own').toContain('owned by another process');
    this.port = m.port;
  }

  async tick(at: string): Promise<TickReply> {
    const reply = this.next();
    this.child.send({ tick: at } satisfies ToInstance);
    const m = await reply;
    if (m.type !== 'ticked') throw new Error(`${this.instanceId}: ${JSON.stringify(m)}\n${this.output.slice(-4000)}`);
    expect(m.tick).toBe(at);
    return { instance: this.index, tick: m.tick, chase: m.chase, sweep: m.sweep, logged: m.logged };
  }

  async post(activity: unknown): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${this.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await response.text();
    return response.status;
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await gone;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The month's work: finalised audits whose actions fall due on various days, one of them Inadequate

const SET_AT = '2026-11-27T11:00:00.000Z';

function action(n: number, owner: Member, dueDate: string, setBy: Member, extra: Partial<AuditAction> = {}): AuditAction {
  return {
    id: `review-r${n}`,
    source: 'review',
    description: `Action ${n}: update the child's plan and record the visit`,
    ownerId: id(owner),
    dueDate,
    remedial: false,
    setBy: id(setBy),
    setAt: SET_AT,
    status: 'open',
    ...extra,
  };
}

function finalisedAudit(caseRef: string, roles: Record<'reviewer' | 'practitioner' | 'teamManager' | 'serviceManager', Member>, grade: Grade, actions: AuditAction[], finalisedAt = SET_AT): Audit {
  const cast: AuditPeople = {
    reviewerId: id(roles.reviewer),
    practitionerId: id(roles.practitioner),
    teamManagerId: id(roles.teamManager),
    serviceManagerId: id(roles.serviceManager),
    coordinatorId: id(people.alex),
  };
  return {
    id: `a-2026-11-${caseRef}`,
    tenantId: TENANT,
    kind: 'collaborative',
    cycle: '2026-11',
    caseRef,
    serviceArea: 'CSC',
    team: roles.practitioner === people.morgan ? 'Children in Care North' : 'Assessment East',
    childStatus: 'CIN',
    restricted: false,
    dueDate: '2026-11-30',
    status: 'finalised',
    round: 1,
    ...cast,
    acceptedAt: '2026-11-03T10:00:00.000Z',
    previousReviewerIds: [],
    history: [
      { at: '2026-11-02T09:00:00.000Z', by: id(people.alex), event: 'allocated', detail: `to ${cast.reviewerId}` },
      { at: finalisedAt, by: cast.reviewerId, event: 'finalised' },
    ],
    outbox: [],
    sourceFingerprint: `multi-instance|${caseRef}`,
    grades: { overall: { original: grade, final: grade } },
    actions,
    finalisedAt,
    // As the product leaves a finalised audit with actions: the sweep looks at it straight away.
    nextChaseAt: MONTH_START,
  };
}

async function seedAudits(containers: StoreContainers): Promise<Audit[]> {
  const { alex, sam, jordan, priya, chris, morgan, taylor } = people;
  const roster = await RosterDirectory.fromFile(TENANT, join(ROOT, 'demo/roster.yaml')).all(TENANT);
  const profile = loadProfile('west-sussex');
  const eastTeam = { practitioner: jordan, teamManager: sam, serviceManager: priya };
  const northTeam = { practitioner: morgan, teamManager: taylor, serviceManager: priya };
  const inadequateAt = '2026-11-30T15:00:00.000Z';
  const audits: Audit[] = [
    finalisedAudit('CR-70001', { reviewer: chris, ...eastTeam }, 'requiresImprovement', [
      action(1, jordan, '2026-12-03', chris),
      action(2, sam, '2026-12-10', chris),
      action(3, jordan, '2026-12-18', chris),
    ]),
    finalisedAudit('CR-70002', { reviewer: sam, ...northTeam }, 'good', [
      action(1, morgan, '2026-12-07', sam),
      action(2, taylor, '2026-12-22', sam),
      action(3, morgan, '2026-12-30', sam),
      // Done, waiting for Taylor's sign-off: in Taylor's digest until then.
      action(4, morgan, '2026-12-04', sam, { status: 'done', done: { at: '2026-11-30T14:00:00.000Z', by: id(morgan), note: 'Plan updated at the visit.' } }),
    ]),
    // Due early in the new year: in the "due soon" part of the digests at the month's end.
    finalisedAudit('CR-70004', { reviewer: alex, ...northTeam }, 'requiresImprovement', [action(1, morgan, '2027-01-06', alex)]),
    // Inadequate, finalised the evening before the month: its written notices are still to go, and nobody will
    // acknowledge them, so QA is alerted; its re-audit is scheduled (for February).
    startInadequatePathway(
      finalisedAudit(
        'CR-70003',
        { reviewer: taylor, ...eastTeam },
        'inadequate',
        [action(1, jordan, '2026-12-02', taylor, { remedial: true }), action(2, priya, '2026-12-11', taylor)],
        inadequateAt,
      ),
      { profile, people: roster, at: inadequateAt },
    ),
  ];
  for (const audit of audits) await containers.audits.items.create(audit);
  return audits;
}

// ---------------------------------------------------------------------------------------------------------------

interface StoredMessage extends OutboxMessage {
  readonly holder: string;
}

/** An audit or a digest: what holds an outbox. */
interface StoredDoc {
  readonly id: string;
  readonly outbox: readonly OutboxMessage[];
  readonly [field: string]: unknown;
}

async function storedDocs(containers: StoreContainers): Promise<StoredDoc[]> {
  const docs: StoredDoc[] = [];
  for (const container of [containers.audits, containers.notices]) {
    const { resources } = await container.items
      .query<StoredDoc>({ query: 'SELECT * FROM c WHERE c.tenantId = @t', parameters: [{ name: '@t', value: TENANT }] }, { partitionKey: TENANT })
      .fetchAll();
    // Without Cosmos's own fields (_etag, _ts...).
    docs.push(...resources.map((doc) => Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_'))) as StoredDoc));
  }
  return docs;
}

const messagesOf = (docs: readonly StoredDoc[]): StoredMessage[] => docs.flatMap((doc) => doc.outbox.map((m) => ({ ...m, holder: doc.id })));

/**
 * A document as the chasing made it, without the delivery's bookkeeping (when and by which attempt each message
 * went, the index of what is due): with the delivery lease on another process, a message may go a tick later.
 */
function chased(doc: StoredDoc): unknown {
  const { nextDeliveryAt: _due, outbox, ...rest } = doc;
  return { ...rest, outbox: outbox.map((m) => ({ key: m.key, kind: m.kind, to: m.to, state: m.state, createdAt: m.createdAt, ...(m.about ? { about: m.about } : {}) })) };
}

/**
 * The oracle: the same month with one instance, the same jobs and domain, on the in-memory fakes. Whatever the
 * three processes did (every message enqueued, every escalation and event recorded, every digest and re-audit
 * created), one alone must have done too, neither more nor less, and nothing twice.
 */
async function oneInstanceMonth(seed: readonly Audit[], ticks: readonly string[]): Promise<StoredDoc[]> {
  const clock = new FakeClock(MONTH_START);
  const audits = new InMemoryAudits().seed(...seed);
  const digests = new InMemoryDigests();
  const leases = new InMemoryLeases();
  const conversations = new InMemoryConversations().seed(...everyone.map((p) => aConversation(id(p), TENANT)));
  const directory = RosterDirectory.fromFile(TENANT, join(ROOT, 'demo/roster.yaml'));
  const chase = new ChaseSweep(
    { audits, digests, directory, clock, leases, profile: loadProfile('west-sussex'), quietHours: true },
    { tenantId: TENANT, holder: 'alone', intervalMs: 10_000, log: silentLog, onMessages: () => undefined },
  );
  const sweep = new DeliverySweep({ audits, digests, conversations, messenger: new RecordingMessenger(), clock, leases }, { tenantId: TENANT, holder: 'alone', intervalMs: 1000, log: silentLog });
  for (const tick of ticks) {
    clock.set(new Date(tick));
    expect(await chase.runOnce()).toBe('ran');
    expect(await sweep.runOnce()).toBe('ran');
  }
  return [...audits.all(TENANT), ...digests.all(TENANT)] as unknown as StoredDoc[];
}

const countBy = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
};

describe('three bot instances sharing one store for a simulated month', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-multi-'));
  const connector = new RecordingConnector();
  const instances: Instance[] = [];
  const replies: TickReply[] = [];
  let store: EmbeddedCosmos | undefined;
  let client: CosmosClient | undefined;
  let containers: StoreContainers;
  /** Connector calls before the month began (the welcomes on installation). */
  let baseline = 0;
  let seeded: Audit[] = [];

  beforeAll(async () => {
    // This process owns the store on a fixed free port; the bots find it taken and connect to it.
    const cosmosPort = await freePort();
    store = await startEmbeddedCosmos({ dataDir, port: cosmosPort, host: '127.0.0.1' });
    client = createCosmosClient({ kind: 'local', endpoint: store.endpoint, key: store.key });
    containers = await ensureContainers(client, 'qa-audits');
    await connector.start();
    seeded = await seedAudits(containers);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      LOCAL_COSMOS_PORT: String(cosmosPort),
      LOCAL_DATA_DIR: dataDir,
      ROSTER_PATH: 'demo/roster.yaml',
      LOCAL_GRAPH_PORT: '0',
      // As in production: nudges wait for working hours (the local demo turns this off).
      QUIET_HOURS: 'on',
      START_AT: MONTH_START,
      NODE_ENV: 'test',
    };
    for (const name of ['MicrosoftAppId', 'MicrosoftAppPassword', 'COSMOS_ENDPOINT', 'COSMOS_KEY', 'COSMOS_DATABASE', 'TENANT_ID', 'LOCAL_GRAPH_URL', 'POLICY_PROFILE']) delete env[name];
    for (let i = 0; i < INSTANCES; i += 1) instances.push(new Instance(i, env));
    await Promise.all(instances.map((instance) => instance.ready()));

    // Everyone opens the app (to one of the bots: they share the store), so every chat is known.
    for (const who of everyone) expect(await instances[0]!.post(installationUpdate(connector.url, who))).toBe(200);
    baseline = connector.calls.length;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.kill()));
    client?.dispose();
    await store?.close();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends every reminder, nudge, escalation and digest exactly once, one leader at a time, leaders changing', async () => {
    const started = performance.now();
    const ticks: string[] = [];
    for (let t = Date.parse(MONTH_START); t < Date.parse(MONTH_START) + DAYS * 86_400_000; t += STEP_HOURS * 3_600_000) ticks.push(new Date(t).toISOString());
    for (const tick of ticks) replies.push(...(await Promise.all(instances.map((instance) => instance.tick(tick)))));
    const elapsedMs = performance.now() - started;

    const docs = await storedDocs(containers);
    const messages = messagesOf(docs);
    const caseRefOf = new Map(seeded.map((a) => [a.id, a.caseRef]));
    const posts = connector.calls.slice(baseline).filter((c) => c.method === 'POST');
    const sent = messages.filter((m) => m.state === 'sent');
    const leaders = Object.fromEntries(
      LEASES.map((lease) => [lease, replies.filter((r) => run(r, lease).result === 'ran').map((r) => ({ tick: r.tick, instance: r.instance, ...run(r, lease) }))]),
    ) as Record<LeaseName, ({ tick: string; instance: number } & RunStamp)[]>;
    const handovers = (lease: LeaseName) => leaders[lease].filter((r, i, all) => i > 0 && all[i - 1]!.instance !== r.instance).length;
    console.info(
      JSON.stringify(
        {
          ticks: ticks.length,
          stepHours: STEP_HOURS,
          realSeconds: Math.round(elapsedMs / 100) / 10,
          messages: messages.length,
          byKind: countBy(sent, (m) => m.kind),
          byState: countBy(messages, (m) => m.state),
          runsPerInstance: Object.fromEntries(LEASES.map((lease) => [lease, countBy(leaders[lease], (r) => instances[r.instance]!.instanceId)])),
          handovers: Object.fromEntries(LEASES.map((lease) => [lease, handovers(lease)])),
          warnings: countBy(replies.flatMap((r) => r.logged.filter((l) => l.level === 'warn')), (l) => l.event),
        },
        null,
        1,
      ),
    );

    // Nothing went wrong inside the bots (a failed run, a lease the store could not answer for).
    expect(replies.flatMap((r) => r.logged.filter((l) => l.level === 'error').map((l) => ({ instance: r.instance, tick: r.tick, ...l })))).toEqual([]);

    // 1. Every message was sent, and sent once: each POST the connector answered is exactly one sent message,
    //    in the chat of the person it was for.
    expect(messages.filter((m) => m.state !== 'sent').map((m) => `${m.holder} ${m.key}: ${m.state}${m.lastError ? ` (${m.lastError})` : ''}`)).toEqual([]);
    expect(Object.entries(countBy(messages, (m) => `${m.holder} ${m.key}`)).filter(([, n]) => n > 1), 'keys enqueued twice').toEqual([]);
    const postById = new Map(posts.map((p) => [p.assignedId, p]));
    expect(postById.size).toBe(posts.length);
    expect(sent.map((m) => m.activityId).sort()).toEqual(posts.map((p) => p.assignedId).sort());
    for (const m of sent) {
      const post = postById.get(m.activityId)!;
      expect(post.conversationId, `${m.key} went to the wrong chat`).toBe(chatOf(m.to));
      expect(m.conversationId).toBe(chatOf(m.to));
      // A real card about the right thing, not an empty send.
      const cards = ((post.body.attachments ?? []) as { contentType: string; content: unknown }[]).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
      expect(cards, `${m.key}: one Adaptive Card`).toHaveLength(1);
      expect(cardText(cards[0]!.content), `${m.key}: what the card says`).toContain(m.kind === 'digest' ? "Your team's actions" : caseRefOf.get(m.holder)!);
    }
    expect(countBy(posts, (p) => p.conversationId)).toEqual(countBy(sent, (m) => chatOf(m.to)));
    // Nothing was sent twice by another route either (no card updated in place: none of these replace another).
    expect(connector.calls.slice(baseline).filter((c) => c.method !== 'POST')).toEqual([]);

    // ... and the month's work is exactly what one instance alone does over the same month: the same messages,
    //     escalations, history, digests and re-audit, none of them twice.
    const alone = await oneInstanceMonth(seeded, ticks);
    const what = (m: StoredMessage) => `${m.holder} ${m.key} ${m.kind} → ${m.to}`;
    expect(messagesOf(alone).filter((m) => m.state !== 'sent').map(what), 'one instance alone left these unsent').toEqual([]);
    expect(sent.map(what).sort()).toEqual(messagesOf(alone).map(what).sort());
    const byId = (all: readonly StoredDoc[]) => Object.fromEntries([...all].sort((a, b) => a.id.localeCompare(b.id)).map((d) => [d.id, chased(d)]));
    expect(byId(docs)).toEqual(byId(alone));

    // Sent in good time, whoever held the delivery lease (at the latest the tick after it was due), and the
    // chasing's quiet hours held: reminders, nudges, escalations, digests and QA's alert only in working hours.
    // (Quiet hours are applied when a nudge is queued, not when it is sent: with 2-hour ticks QA's alert, queued at
    // 16:00 just after that tick's delivery ran on another instance, goes at 18:00. See the report with this test.)
    const calendar = chaseSettings(loadProfile('west-sussex')).calendar;
    const QUIET: readonly MessageKind[] = ['action-reminder', 'action-nudge', 'action-escalation', 'digest', 'inadequate-unacknowledged'];
    for (const m of sent) {
      // (The Inadequate notices were queued the evening before the month; the first tick is when they are due here.)
      const due = Math.max(Date.parse(MONTH_START), Date.parse(m.createdAt), Date.parse(m.notBefore ?? m.createdAt));
      const sentAt = Date.parse(m.sentAt!);
      expect(sentAt - due, `${m.key}: sent ${m.sentAt}, due ${new Date(due).toISOString()}`).toBeGreaterThanOrEqual(0);
      expect(sentAt - due, `${m.key}: sent ${m.sentAt}, due ${new Date(due).toISOString()}`).toBeLessThanOrEqual(STEP_HOURS * 3_600_000);
      if (QUIET.includes(m.kind)) expect(isWithinWorkingHours(new Date(sentAt), { timeZone: 'Europe/London' }, calendar), `${m.key} sent at ${m.sentAt}`).toBe(true);
    }

    // 2. Every lease was honoured: at each tick exactly one process ran each job, and no two runs of a job, in any
    //    processes, overlapped in real time.
    for (const lease of LEASES) {
      expect(countBy(leaders[lease], (r) => r.tick), `${lease}: one leader per tick`).toEqual(Object.fromEntries(ticks.map((t) => [t, 1])));
      const overlaps: string[] = [];
      let latest: ({ tick: string; instance: number } & RunStamp) | undefined;
      for (const r of [...leaders[lease]].sort((a, b) => a.start - b.start)) {
        if (latest && r.start < latest.end) overlaps.push(`${instances[r.instance]!.instanceId} at ${r.tick} began before ${instances[latest.instance]!.instanceId}'s run at ${latest.tick} ended`);
        if (!latest || r.end > latest.end) latest = r;
      }
      expect(overlaps, `${lease}: runs overlapping another`).toEqual([]);
    }
    // The premise of the takeovers: a lease lasts less than a tick, so each one is free again at the next.
    const { resources: stored } = await containers.leases.items.readAll<{ name: string; holder: string; expiresAt: string }>().fetchAll();
    expect(stored.map((l) => l.name).sort()).toEqual([...LEASES].sort());
    for (const lease of stored) {
      expect(instances.map((i) => i.instanceId)).toContain(lease.holder);
      expect(Date.parse(lease.expiresAt) - Date.parse(ticks.at(-1)!)).toBeLessThan(STEP_HOURS * 3_600_000);
    }

    // 3. The leases changed hands: more than one process led each job, so takeover after expiry was exercised.
    for (const lease of LEASES) {
      expect(new Set(leaders[lease].map((r) => r.instance)).size, `${lease}: processes that led it`).toBeGreaterThan(1);
      expect(handovers(lease), `${lease}: handovers`).toBeGreaterThan(0);
    }

    // 4. The month did real work: the chasing kinds were all there, and the Inadequate clocks ran.
    const kinds = countBy(sent, (m) => m.kind) as Partial<Record<MessageKind, number>>;
    for (const kind of ['action-reminder', 'action-nudge', 'action-escalation', 'digest', 'inadequate-notice', 'inadequate-unacknowledged'] as const) {
      expect(kinds[kind] ?? 0, `${kind} messages sent`).toBeGreaterThan(0);
    }
    expect(sent.length).toBeGreaterThanOrEqual(40);
    const inadequate = docs.find((d) => d.id === 'a-2026-11-CR-70003') as unknown as Audit;
    expect(inadequate.actions!.find((a) => a.id === 'review-r1')!.escalations!.map((e) => `${e.rung} ${e.day}`)).toEqual([
      'owner 2026-12-03',
      'team-manager 2026-12-07',
      'service-manager 2026-12-11',
      'head-of-service 2026-12-22',
    ]);
    expect(inadequate.inadequate).toMatchObject({ qaAlertedAt: '2026-12-01T15:00:00.000Z', reaudit: { allocateOn: '2027-03-01' } }); // 28 Feb 2027 is a Sunday: the next working day
    expect(docs.find((d) => d.id === inadequate.inadequate!.reaudit!.auditId)).toMatchObject({ status: 'scheduled', kind: 'reaudit' });
  }, 300_000);
});

function run(reply: TickReply, lease: LeaseName): RunStamp {
  return lease === 'chase' ? reply.chase : reply.sweep;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../workflow/audit.js';
import { NotFound } from '../../workflow/errors.js';
import { CLAIM_TIMEOUT_MS, updateMessage } from '../../workflow/outbox.js';
import { CosmosAudits } from '../../storage/cosmos-audits.js';
import { aBookedMeeting, anAudit, cast, InMemoryAudits } from '../fakes/index.js';
import { openStore, tempDataDir, type OpenStore } from './store-harness.js';

const { reviewer, secondReviewer, colleague } = cast;
const AT = '2026-12-02T10:00:00.000Z';

let store: OpenStore;
let audits: CosmosAudits;
const data = tempDataDir();
let tenants = 0;
/** Each test writes to its own tenant, so tests never see each other's audits. */
const freshTenant = () => `tenant-${++tenants}`;

beforeAll(async () => {
  store = await openStore(data.dir);
  audits = new CosmosAudits(store.audits);
});
afterAll(async () => {
  await store.close();
  data.remove();
});

async function etagOf(audit: Audit): Promise<string | undefined> {
  const { resource } = await store.audits.item(audit.id, audit.tenantId).read<{ _etag: string }>();
  return resource?._etag;
}

async function seed(...list: Audit[]): Promise<void> {
  for (const audit of list) expect(await audits.create(audit)).toBe(true);
}

const ids = (list: Audit[]) => list.map((a) => a.id);

describe('CosmosAudits: documents', () => {
  it('creates an audit once and reads it back as the domain object, without Cosmos system fields', async () => {
    const tenant = freshTenant();
    const audit = anAudit().inTenant(tenant).withAllocationCard('pending').build();

    expect(await audits.get(tenant, audit.id)).toBeUndefined();
    expect(await audits.create(audit)).toBe(true);
    expect(await audits.create({ ...audit, caseRef: 'CHANGED' })).toBe(false);

    const read = await audits.get(tenant, audit.id);
    expect(read).toEqual(audit);
    expect(Object.keys(read!).filter((k) => k.startsWith('_'))).toEqual([]);
  });

  it('keeps tenants apart: the same audit id in two tenants is two documents', async () => {
    const [a, b] = [freshTenant(), freshTenant()];
    await seed(anAudit().inTenant(a).allocatedTo(reviewer.id).build(), anAudit().inTenant(b).allocatedTo(secondReviewer.id).build());
    const id = anAudit().build().id;

    expect((await audits.get(a, id))?.reviewerId).toBe(reviewer.id);
    expect((await audits.get(b, id))?.reviewerId).toBe(secondReviewer.id);
    expect(await audits.get(freshTenant(), id)).toBeUndefined();
  });

  it('update writes the changed audit and returns it as stored', async () => {
    const tenant = freshTenant();
    const audit = anAudit().inTenant(tenant).build();
    await seed(audit);
    const before = await etagOf(audit);

    const updated = await audits.update(tenant, audit.id, (a) => ({ ...a, status: 'accepted', acceptedAt: AT }));

    expect(updated).toEqual({ ...audit, status: 'accepted', acceptedAt: AT });
    expect(await audits.get(tenant, audit.id)).toEqual(updated);
    expect(await etagOf(audit)).not.toBe(before);
  });

  it('update of an audit that does not exist throws NotFound', async () => {
    await expect(audits.update(freshTenant(), 'a-nope', (a) => a)).rejects.toBeInstanceOf(NotFound);
  });

  it('an error thrown by change propagates untouched and nothing is written', async () => {
    const tenant = freshTenant();
    const audit = anAudit().inTenant(tenant).build();
    await seed(audit);
    const before = await etagOf(audit);
    const refusal = new Error('not allowed');

    await expect(
      audits.update(tenant, audit.id, () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await etagOf(audit)).toBe(before);
  });

  it('a change that returns the audit it was given writes nothing', async () => {
    const tenant = freshTenant();
    const audit = anAudit().inTenant(tenant).build();
    await seed(audit);
    const before = await etagOf(audit);

    expect(await audits.update(tenant, audit.id, (a) => a)).toEqual(audit);
    expect(await etagOf(audit)).toBe(before);
  });

  it('a change that mutates the audit it was given fails instead of being mistaken for "no change"', async () => {
    const tenant = freshTenant();
    const audit = anAudit().inTenant(tenant).build();
    await seed(audit);

    await expect(
      audits.update(tenant, audit.id, (a) => {
        (a as { status: string }).status = 'accepted';
        return a;
      }),
    ).rejects.toThrow(TypeError);
    expect((await audits.get(tenant, audit.id))?.status).toBe('allocated');
  });

  it('refuses a change that turns the audit into another one', async () => {
    const tenant = freshTenant();
    const audit = anAudit().inTenant(tenant).build();
    await seed(audit);

    await expect(audits.update(tenant, audit.id, (a) => ({ ...a, tenantId: 'elsewhere' }))).rejects.toThrow(/different audit/);
    expect(await audits.get(tenant, audit.id)).toEqual(audit);
  });
});

describe('CosmosAudits: queries (each within one tenant)', () => {
  it('forPerson finds audits where the person holds any role, newest cycle first', async () => {
    const tenant = freshTenant();
    const asReviewer = anAudit().inTenant(tenant).forCase('CR-1').inCycle('2026-10').allocatedTo(colleague.id).build();
    const asPractitioner = anAudit().inTenant(tenant).forCase('CR-2').inCycle('2026-12').withPractitioner(colleague.id).build();
    const asTeamManager = anAudit().inTenant(tenant).forCase('CR-3').inCycle('2026-11').withTeamManager(colleague.id).build();
    const asServiceManager = anAudit().inTenant(tenant).forCase('CR-4').inCycle('2026-12').withServiceManager(colleague.id).build();
    const asCoordinator = anAudit().inTenant(tenant).forCase('CR-5').inCycle('2026-09').coordinatedBy(colleague.id).build();
    const asModerator = anAudit().inTenant(tenant).forCase('CR-8').inCycle('2026-08').moderatedBy(colleague.id).withStatus('awaitingModeration').build();
    const notInvolved = anAudit().inTenant(tenant).forCase('CR-6').inCycle('2026-12').build();
    const otherTenant = anAudit().inTenant(freshTenant()).forCase('CR-7').allocatedTo(colleague.id).build();
    await seed(asReviewer, asPractitioner, asTeamManager, asServiceManager, asCoordinator, asModerator, notInvolved, otherTenant);

    expect(ids(await audits.forPerson(tenant, colleague.id))).toEqual(
      ids([asPractitioner, asServiceManager, asTeamManager, asReviewer, asCoordinator, asModerator]),
    );
    expect(ids(await audits.forPerson(tenant, 'p-nobody'))).toEqual([]);
  });

  it('forPerson also finds the audits a person was sent the follow-up of (Sandwell\'s SW Academy), as the in-memory fake does', async () => {
    const tenant = freshTenant();
    const followUp = (to: string[]) => ({ at: AT, grade: 'requiresImprovement' as const, by: 'swAcademy' as const, to });
    const followed = { ...anAudit().inTenant(tenant).forCase('CR-31').inCycle('2026-12').withStatus('finalised').build(), followUp: followUp(['p-other', colleague.id]) };
    const notFollowed = { ...anAudit().inTenant(tenant).forCase('CR-32').inCycle('2026-12').withStatus('finalised').build(), followUp: followUp(['p-other']) };
    const noFollowUp = anAudit().inTenant(tenant).forCase('CR-33').inCycle('2026-12').build();
    await seed(followed, notFollowed, noFollowUp);
    expect(ids(await audits.forPerson(tenant, colleague.id))).toEqual([followed.id]);
    const fake = new InMemoryAudits();
    for (const a of [followed, notFollowed, noFollowUp]) await fake.create(a);
    expect(ids(await fake.forPerson(tenant, colleague.id))).toEqual([followed.id]);
  });

  it('forCycle returns the cycle\'s audits of this tenant only', async () => {
    const tenant = freshTenant();
    const december = [1, 2, 3].map((n) => anAudit().inTenant(tenant).forCase(`CR-${n}`).inCycle('2026-12').build());
    const november = anAudit().inTenant(tenant).forCase('CR-9').inCycle('2026-11').build();
    await seed(...december, november, anAudit().inTenant(freshTenant()).forCase('CR-8').inCycle('2026-12').build());

    expect(ids(await audits.forCycle(tenant, '2026-12'))).toEqual(ids(december));
    expect(ids(await audits.forCycle(tenant, '2026-11'))).toEqual([november.id]);
  });

  it('byCaseRef returns every audit of one case in this tenant, newest cycle first, whatever the case of the input', async () => {
    const tenant = freshTenant();
    const first = anAudit().inTenant(tenant).forCase('CR-77').inCycle('2026-09').build();
    const reaudit = anAudit().inTenant(tenant).forCase('CR-77').inCycle('2026-12').build();
    const otherCase = anAudit().inTenant(tenant).forCase('CR-78').inCycle('2026-12').build();
    const otherTenant = anAudit().inTenant(freshTenant()).forCase('CR-77').inCycle('2026-11').build();
    await seed(first, otherCase, reaudit, otherTenant);

    expect(ids(await audits.byCaseRef(tenant, 'CR-77'))).toEqual(ids([reaudit, first]));
    expect(ids(await audits.byCaseRef(tenant, ' cr-77 '))).toEqual(ids([reaudit, first]));
    expect(await audits.byCaseRef(tenant, 'CR-7')).toEqual([]);
  });

  it('withDeliveryDue returns at most `limit` audits with something to send', async () => {
    const tenant = freshTenant();
    const now = new Date(AT);
    const due = [1, 2, 3].map((n) => anAudit().inTenant(tenant).forCase(`CR-${n}`).withAllocationCard('pending').build());
    const sent = anAudit().inTenant(tenant).forCase('CR-4').withAllocationCard('sent').build();
    const empty = anAudit().inTenant(tenant).forCase('CR-5').build();
    await seed(...due, sent, empty, anAudit().inTenant(freshTenant()).withAllocationCard('pending').build());

    const all = await audits.withDeliveryDue(tenant, now, 10);
    expect(ids(all).sort()).toEqual(ids(due).sort());
    const two = await audits.withDeliveryDue(tenant, now, 2);
    expect(two).toHaveLength(2);
    expect(two.every((a) => a.nextDeliveryAt !== undefined && a.nextDeliveryAt <= AT)).toBe(true);
    await expect(audits.withDeliveryDue(tenant, now, 0)).rejects.toThrow(RangeError);
  });

  it('withDeliveryDue skips audits whose messages wait for a later time, and returns the earliest due first', async () => {
    const tenant = freshTenant();
    const now = new Date('2026-12-02T10:00:00.000Z');
    const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
    // Seeded out of due order, so the order returned is the query's, not the order of storage.
    const retryingSoon = anAudit().inTenant(tenant).forCase('CR-1').withAllocationCard('pending', { attempts: 2, notBefore: at(1) }).build();
    const dueLast = anAudit().inTenant(tenant).forCase('CR-2').withAllocationCard('pending', { createdAt: at(0) }).build();
    const retryDone = anAudit().inTenant(tenant).forCase('CR-3').withAllocationCard('pending', { attempts: 1, notBefore: at(-60_000) }).build();
    const claimExpired = anAudit()
      .inTenant(tenant)
      .forCase('CR-4')
      .withAllocationCard('sending', { claimedAt: at(-CLAIM_TIMEOUT_MS - 120_000) })
      .build();
    const claimLive = anAudit().inTenant(tenant).forCase('CR-5').withAllocationCard('sending', { claimedAt: at(-1_000) }).build();
    const dueFirst = anAudit().inTenant(tenant).forCase('CR-6').withAllocationCard('pending', { createdAt: at(-3_600_000) }).build();
    const retryingLater = anAudit().inTenant(tenant).forCase('CR-7').withAllocationCard('pending', { attempts: 5, notBefore: at(3_600_000) }).build();
    await seed(retryingSoon, dueLast, retryDone, claimExpired, claimLive, dueFirst, retryingLater);

    expect(ids(await audits.withDeliveryDue(tenant, now, 10))).toEqual(ids([dueFirst, claimExpired, retryDone, dueLast]));
    // A limited sweep gets the earliest due, however many wait out a retry.
    expect(ids(await audits.withDeliveryDue(tenant, now, 1))).toEqual([dueFirst.id]);
    // Once a wait is over, that audit is due.
    expect(ids(await audits.withDeliveryDue(tenant, new Date(now.getTime() + 1), 10))).toEqual(
      ids([dueFirst, claimExpired, retryDone, dueLast, retryingSoon]),
    );
  });

  it('withDeliveryDue stops returning an audit once an update leaves nothing due (the field is removed, not nulled)', async () => {
    const tenant = freshTenant();
    const audit = anAudit().inTenant(tenant).withAllocationCard('pending').build();
    await seed(audit);
    const key = audit.outbox[0]!.key;
    expect(ids(await audits.withDeliveryDue(tenant, new Date(AT), 10))).toEqual([audit.id]);

    await audits.update(tenant, audit.id, (a) => updateMessage(a, key, (m) => ({ ...m, state: 'sent', sentAt: AT })));

    const { resource } = await store.audits.item(audit.id, tenant).read<Record<string, unknown>>();
    expect(Object.keys(resource!)).not.toContain('nextDeliveryAt');
    expect(await audits.withDeliveryDue(tenant, new Date(AT), 10)).toEqual([]);
  });

  it('withBookedMeetings finds this tenant\'s booked meetings not yet over, earliest first', async () => {
    const tenant = freshTenant();
    const now = new Date('2026-12-02T10:30:00.000Z');
    const booked = (caseRef: string, start: string) =>
      anAudit().inTenant(tenant).forCase(caseRef).withStatus('meetingBooked').withMeeting(aBookedMeeting({ start })).build();
    const later = booked('CR-1', '2026-12-03T09:00:00.000Z');
    const running = booked('CR-2', '2026-12-02T10:00:00.000Z');
    const over = booked('CR-3', '2026-12-02T09:00:00.000Z');
    const endsNow = booked('CR-4', '2026-12-02T09:30:00.000Z');
    const cancelled = anAudit()
      .inTenant(tenant)
      .forCase('CR-5')
      .accepted()
      .withMeeting({ ...aBookedMeeting({ start: '2026-12-04T09:00:00.000Z' }), status: 'cancelled' })
      .build();
    const none = anAudit().inTenant(tenant).forCase('CR-6').accepted().build();
    await seed(later, running, over, endsNow, cancelled, none);
    await seed(anAudit().inTenant(freshTenant()).withStatus('meetingBooked').withMeeting(aBookedMeeting({ start: '2026-12-03T09:00:00.000Z' })).build());

    expect(ids(await audits.withBookedMeetings(tenant, now))).toEqual(ids([running, later]));
  });

  it('withBookedMeetings finds the reflective meeting too (WS-39), an audit with two live meetings once, and agrees with the fake', async () => {
    const tenant = freshTenant();
    const now = new Date('2026-12-02T10:30:00.000Z');
    const reflective = (meeting: ReturnType<typeof aBookedMeeting>, caseRef: string, collaborative?: ReturnType<typeof aBookedMeeting>) => {
      const base = anAudit().inTenant(tenant).forCase(caseRef).withStatus('finalised');
      return { ...(collaborative ? base.withMeeting(collaborative) : base).build(), meetings: { reflective: meeting } };
    };
    const only = reflective(aBookedMeeting({ start: '2026-12-04T09:00:00.000Z' }), 'CR-1');
    // The collaborative meeting is over, the reflective one is to come: found, ordered by the reflective one.
    const both = reflective(aBookedMeeting({ start: '2026-12-03T09:00:00.000Z' }), 'CR-2', aBookedMeeting({ start: '2026-11-20T09:00:00.000Z' }));
    const over = reflective(aBookedMeeting({ start: '2026-12-01T09:00:00.000Z' }), 'CR-3');
    const cancelled = reflective({ ...aBookedMeeting({ start: '2026-12-05T09:00:00.000Z' }), status: 'cancelled' }, 'CR-4');
    const collaborativeOnly = anAudit().inTenant(tenant).forCase('CR-5').withStatus('meetingBooked').withMeeting(aBookedMeeting({ start: '2026-12-03T08:00:00.000Z' })).build();
    await seed(only, both, over, cancelled, collaborativeOnly);

    const expected = ids([collaborativeOnly, both, only]);
    expect(ids(await audits.withBookedMeetings(tenant, now))).toEqual(expected);
    const fake = new InMemoryAudits().seed(only, both, over, cancelled, collaborativeOnly);
    expect(ids(await fake.withBookedMeetings(tenant, now))).toEqual(expected);
  });

  it('withHeldMessagesFor finds audits holding a message for that person', async () => {
    const tenant = freshTenant();
    const held = anAudit().inTenant(tenant).forCase('CR-1').allocatedTo(colleague.id).withAllocationCard('held').build();
    const pending = anAudit().inTenant(tenant).forCase('CR-2').allocatedTo(colleague.id).withAllocationCard('pending').build();
    const heldForSomeoneElse = anAudit().inTenant(tenant).forCase('CR-3').allocatedTo(reviewer.id).withAllocationCard('held').build();
    const heldAmongOthers = anAudit()
      .inTenant(tenant)
      .forCase('CR-4')
      .withAllocationCard('sent')
      .withMessage({ key: 'k-held', kind: 'delivery-held', to: colleague.id, state: 'held' })
      .build();
    await seed(held, pending, heldForSomeoneElse, heldAmongOthers);
    await seed(anAudit().inTenant(freshTenant()).allocatedTo(colleague.id).withAllocationCard('held').build());

    expect(ids(await audits.withHeldMessagesFor(tenant, colleague.id)).sort()).toEqual(ids([held, heldAmongOthers]).sort());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { newFanOut } from '../../workflow/delivery/fan-out.js';
import { newDigest } from '../../workflow/chasing/digest.js';
import { CosmosAudits } from '../../storage/cosmos-audits.js';
import { CosmosDigests } from '../../storage/cosmos-digests.js';
import { CosmosFanOuts } from '../../storage/cosmos-fan-outs.js';
import { anAudit, cast } from '../fakes/index.js';
import { InMemoryAudits } from '../fakes/in-memory-audits.js';
import { openStore, tempDataDir, type OpenStore } from './store-harness.js';

/** The chase's and the fan-out's queries, with the real SDK against the embedded server. */
let store: OpenStore;
const data = tempDataDir();
beforeAll(async () => {
  store = await openStore(data.dir);
});
afterAll(async () => {
  await store.close();
  data.remove();
});

const action = (over: Partial<AuditAction> = {}): AuditAction => ({
  id: 'review-r1', source: 'review', description: 'Update the plan', ownerId: cast.practitioner.id, dueDate: '2026-12-07', remedial: false, setBy: cast.reviewer.id, setAt: '2026-12-01T10:00:00.000Z', ...over,
});
const audit = (ref: string, tenant: string, over: Partial<Audit> = {}): Audit => ({ ...anAudit().inTenant(tenant).forCase(ref).withStatus('finalised').build(), ...over });

describe('chase queries on Cosmos', () => {
  it('withChaseDue reads only audits due by now, earliest first, within the tenant, at most `limit`', async () => {
    const audits = new CosmosAudits(store.audits);
    for (const a of [
      audit('CR-1', 'tq', { nextChaseAt: '2026-12-08T00:00:00.000Z' }),
      audit('CR-2', 'tq', { nextChaseAt: '2026-12-07T00:00:00.000Z' }),
      audit('CR-3', 'tq', { nextChaseAt: '2026-12-09T00:00:00.000Z' }),
      audit('CR-4', 'tq'),
      audit('CR-5', 'other', { nextChaseAt: '2026-12-01T00:00:00.000Z' }),
    ])
      await audits.create(a);
    const due = await audits.withChaseDue('tq', new Date('2026-12-08T12:00:00.000Z'), 10);
    expect(due.map((a) => a.caseRef)).toEqual(['CR-2', 'CR-1']);
    expect((await audits.withChaseDue('tq', new Date('2026-12-08T12:00:00.000Z'), 1)).map((a) => a.caseRef)).toEqual(['CR-2']);
  });

  it('withUnscheduledChase finds audits with open or done actions and no schedule, not signed-off or withdrawn ones', async () => {
    const audits = new CosmosAudits(store.audits);
    for (const a of [
      audit('CR-10', 'tu', { actions: [action()] }),
      audit('CR-11', 'tu', { actions: [action({ status: 'done', done: { at: 'x', by: 'y', note: 'z' } })] }),
      audit('CR-12', 'tu', { actions: [action({ status: 'signedOff' })] }),
      audit('CR-13', 'tu', { actions: [action()], nextChaseAt: '2026-12-08T00:00:00.000Z' }),
      audit('CR-14', 'tu', { actions: [action()], status: 'withdrawn' }),
      audit('CR-15', 'tu'),
    ])
      await audits.create(a);
    expect((await audits.withUnscheduledChase('tu')).map((a) => a.caseRef).sort()).toEqual(['CR-10', 'CR-11']);
  });

  it('allocationCards reads each allocation card’s state without the audits', async () => {
    const audits = new CosmosAudits(store.audits);
    await audits.create(anAudit().inTenant('ta').forCase('CR-20').withAllocationCard('sent').build());
    await audits.create(anAudit().inTenant('ta').forCase('CR-21').withAllocationCard('held').build());
    await audits.create(anAudit().inTenant('ta').forCase('CR-22').inCycle('2027-01').withAllocationCard('sent').build());
    expect((await audits.allocationCards('ta', '2026-12')).sort((a, b) => a.auditId.localeCompare(b.auditId))).toEqual([
      { auditId: 'a-2026-12-CR-20', state: 'sent' },
      { auditId: 'a-2026-12-CR-21', state: 'held' },
    ]);
  });

  it('digests and fan-outs share the live-cards container, each reading only its own type', async () => {
    const digests = new CosmosDigests(store.notices);
    const fanOuts = new CosmosFanOuts(store.notices);
    const at = '2026-12-01T09:00:00.000Z';
    expect(await digests.create(newDigest({ tenantId: 'tn', managerId: 'm1', date: '2026-12-01', at }))).toBe(true);
    expect(await digests.create(newDigest({ tenantId: 'tn', managerId: 'm1', date: '2026-12-01', at }))).toBe(false);
    expect(await fanOuts.create(newFanOut({ tenantId: 'tn', cycle: '2026-12', coordinatorId: 'qa', auditIds: ['a-1'], at }))).toBe(true);
    const now = new Date('2026-12-01T10:00:00.000Z');
    expect((await digests.withDeliveryDue('tn', now, 10)).map((d) => d.type)).toEqual(['digest']);
    expect((await fanOuts.withDeliveryDue('tn', now, 10)).map((d) => d.type)).toEqual(['fanout']);
    expect(await fanOuts.active('tn')).toHaveLength(1);
    await fanOuts.update('tn', (await fanOuts.active('tn'))[0]!.id, (f) => ({ ...f, following: false }));
    expect(await fanOuts.active('tn')).toHaveLength(0);
  });
});

/**
 * The chase and delivery eligibility rules are written twice: as Cosmos SQL (storage/) and in the in-memory fake
 * the domain tests run against. The same table of cases goes through both, and both must pick the same audits in
 * the same order, so a domain test never passes on a rule the real store does not apply.
 */
describe('the in-memory fake agrees with Cosmos on the same table of cases', () => {
  const T = 'agree';
  const table: Audit[] = [
    audit('CR-30', T, { nextChaseAt: '2026-12-08T09:00:00.000Z', nextDeliveryAt: '2026-12-08T09:00:00.000Z' }),
    audit('CR-31', T, { nextChaseAt: '2026-12-08T12:00:00.000Z' }), // exactly now: due
    audit('CR-32', T, { nextChaseAt: '2026-12-08T12:00:00.001Z' }), // a millisecond later: not yet
    audit('CR-33', T, { nextChaseAt: '2026-12-07T00:00:00.000Z', nextDeliveryAt: '2026-12-09T00:00:00.000Z' }),
    audit('CR-34', T, { nextDeliveryAt: '2026-12-08T11:00:00.000Z' }), // nothing to chase
    audit('CR-35', T, { actions: [action()] }), // open action, never scheduled
    audit('CR-36', T, { actions: [action({ status: 'done', done: { at: 'x', by: 'y', note: 'z' } })] }),
    audit('CR-37', T, { actions: [action({ status: 'signedOff' })] }),
    audit('CR-38', T, { actions: [action()], status: 'withdrawn' }),
    audit('CR-39', T, { actions: [action()], nextChaseAt: '2026-12-08T10:00:00.000Z' }),
    audit('CR-40', T, { nextChaseAt: '2026-12-08T10:00:00.000Z' }), // a tie with CR-39: id order
    audit('CR-41', 'elsewhere', { nextChaseAt: '2026-12-01T00:00:00.000Z', nextDeliveryAt: '2026-12-01T00:00:00.000Z', actions: [action()] }),
  ];
  const now = new Date('2026-12-08T12:00:00.000Z');
  const refs = (list: Audit[]) => list.map((a) => a.caseRef);

  it('withChaseDue, withDeliveryDue (with and without a limit) and withUnscheduledChase pick the same audits in the same order', async () => {
    const cosmos = new CosmosAudits(store.audits);
    const fake = new InMemoryAudits();
    for (const a of table) await cosmos.create(a);
    fake.seed(...table);
    const sorted = (list: Audit[]) => refs(list).sort();
    for (const limit of [1, 3, 100]) {
      expect(refs(await fake.withChaseDue(T, now, limit))).toEqual(refs(await cosmos.withChaseDue(T, now, limit)));
      expect(refs(await fake.withDeliveryDue(T, now, limit))).toEqual(refs(await cosmos.withDeliveryDue(T, now, limit)));
    }
    expect(refs(await cosmos.withChaseDue(T, now, 100))).toEqual(['CR-33', 'CR-30', 'CR-39', 'CR-40', 'CR-31']);
    expect(sorted(await fake.withUnscheduledChase(T))).toEqual(sorted(await cosmos.withUnscheduledChase(T)));
    expect(sorted(await cosmos.withUnscheduledChase(T))).toEqual(['CR-35', 'CR-36']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { newFanOut } from '../../workflow/delivery/fan-out.js';
import { newDigest } from '../../workflow/chasing/digest.js';
import { CosmosAudits } from '../../storage/cosmos-audits.js';
import { CosmosDigests } from '../../storage/cosmos-digests.js';
import { CosmosFanOuts } from '../../storage/cosmos-fan-outs.js';
import { anAudit, cast } from '../fakes/index.js';
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

  it('digests and fan-outs share the notices container, each reading only its own type', async () => {
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

import { describe, expect, it } from 'vitest';
import { ENGLAND_AND_WALES } from '../../../workflow/chasing/bank-holidays.js';
import { nudgeHold } from '../../../workflow/chasing/quiet-hours.js';
import { deliverMessages } from '../../../workflow/use-cases/deliver-messages.js';
import { anAudit, aWorld, cast, TENANT } from '../../fakes/index.js';

const hold = nudgeHold(async () => ({ timeZone: 'Europe/London' }), ENGLAND_AND_WALES);

describe('quiet hours are checked again when a nudge is sent', () => {
  it('a nudge due at night waits for the morning; other cards go at once', async () => {
    const night = new Date('2026-12-08T19:30:00.000Z'); // Tuesday evening
    expect(await hold({ kind: 'action-nudge', to: 'x' }, night)).toEqual(new Date('2026-12-09T09:00:00.000Z'));
    expect(await hold({ kind: 'digest', to: 'x' }, new Date('2026-12-12T10:00:00.000Z'))).toEqual(new Date('2026-12-14T09:00:00.000Z')); // Saturday → Monday
    expect(await hold({ kind: 'allocation', to: 'x' }, night)).toBeUndefined();
    expect(await hold({ kind: 'action-nudge', to: 'x' }, new Date('2026-12-08T10:00:00.000Z'))).toBeUndefined();
  });

  it('the sender puts a held nudge back without counting an attempt or sending it', async () => {
    const w = aWorld({ now: '2026-12-08T19:30:00.000Z' });
    w.installFor(cast.practitioner);
    w.audits.seed(anAudit().withMessage({ key: 'nudge:a1:owner:2026-12-08', kind: 'action-nudge', to: cast.practitioner.id, state: 'pending', attempts: 0, createdAt: '2026-12-08T16:59:00.000Z' }).build());
    await deliverMessages({ ...w, holdUntil: hold }).execute({ tenantId: TENANT, limit: 10 });
    expect(w.messenger.deliveries).toHaveLength(0);
    expect(w.audits.all(TENANT)[0]!.outbox[0]).toMatchObject({ state: 'pending', attempts: 0, notBefore: '2026-12-09T09:00:00.000Z' });
  });
});

describe('a nudge in doubt at night, and a digest past its day', () => {
  const inDoubt = (w: ReturnType<typeof aWorld>) =>
    w.audits.seed(
      anAudit()
        .withMessage({ key: 'nudge:a1:owner:2026-12-08', kind: 'action-nudge', to: cast.practitioner.id, state: 'sending', attempts: 1, createdAt: '2026-12-08T16:58:00.000Z', claimedAt: '2026-12-08T16:59:00.000Z' })
        .build(),
    );

  it('is checked with the channel first; the doubt survives a hold only when the channel could not say', async () => {
    for (const [answer, kept] of [['absent', undefined], ['unknown', '2026-12-08T16:59:00.000Z']] as const) {
      const w = aWorld({ now: '2026-12-08T19:30:00.000Z' });
      w.installFor(cast.practitioner);
      inDoubt(w);
      const asked: string[] = [];
      const check = { findDelivered: async (m: { key: string }) => (asked.push(m.key), answer) };
      await deliverMessages({ ...w, holdUntil: hold, deliveryCheck: check }).execute({ tenantId: TENANT, limit: 10 });
      expect(asked).toEqual(['nudge:a1:owner:2026-12-08']);
      expect(w.messenger.deliveries).toHaveLength(0);
      expect(w.audits.all(TENANT)[0]!.outbox[0]).toMatchObject({ state: 'pending', notBefore: '2026-12-09T09:00:00.000Z' });
      expect(w.audits.all(TENANT)[0]!.outbox[0]!.inDoubtSince).toBe(kept);
    }
  });

  it('found in the chat the next morning: recorded as sent, not sent again', async () => {
    const w = aWorld({ now: '2026-12-08T19:30:00.000Z' });
    w.installFor(cast.practitioner);
    inDoubt(w);
    let answer: 'unknown' | { activityId: string; conversationId: string } = 'unknown';
    const check = { findDelivered: async () => answer };
    await deliverMessages({ ...w, holdUntil: hold, deliveryCheck: check }).execute({ tenantId: TENANT, limit: 10 });
    w.clock.set('2026-12-09T09:00:00.000Z');
    answer = { activityId: 'act-1', conversationId: 'conv-1' };
    await deliverMessages({ ...w, holdUntil: hold, deliveryCheck: check }).execute({ tenantId: TENANT, limit: 10 });
    expect(w.messenger.deliveries).toHaveLength(0);
    expect(w.audits.all(TENANT)[0]!.outbox[0]).toMatchObject({ state: 'sent', activityId: 'act-1' });
  });

  it('a digest held past its day is dropped when its manager installs the app, not sent late', async () => {
    const { newDigest } = await import('../../../workflow/chasing/digest.js');
    const w = aWorld({ now: '2026-12-09T10:00:00.000Z' });
    w.installFor(cast.teamManager);
    await w.digests.create(newDigest({ tenantId: TENANT, managerId: cast.teamManager.id, date: '2026-12-08', at: '2026-12-08T07:00:00.000Z' }));
    await w.digests.create(newDigest({ tenantId: TENANT, managerId: cast.teamManager.id, date: '2026-12-09', at: '2026-12-09T07:00:00.000Z' }));
    await deliverMessages(w).execute({ tenantId: TENANT, limit: 10 });
    expect(w.messenger.deliveries.map((d) => d.message.key)).toEqual([`digest:2026-12-09:${cast.teamManager.id}`]);
    expect(w.digests.all(TENANT).map((d) => d.outbox[0]!.state).sort()).toEqual(['cancelled', 'sent']);
  });
});

describe('a long delivery pass that loses the sender’s lease', () => {
  it('stops within a few messages, leaving the rest for the new sender', async () => {
    const w = aWorld();
    w.installFor(cast.reviewer);
    w.audits.seed(...Array.from({ length: 25 }, (_, i) => anAudit().forCase(`CR-${100 + i}`).withAllocationCard().build()));
    let asked = 0;
    await deliverMessages(w).execute({ tenantId: TENANT, limit: 100, stillLeader: async () => (asked += 1) < 2 });
    // Asked before the 10th and the 20th message: still leader the first time, not the second.
    expect(w.messenger.deliveries).toHaveLength(19);
    expect(w.audits.all(TENANT).filter((a) => a.outbox[0]!.state === 'pending')).toHaveLength(6);
  });
});

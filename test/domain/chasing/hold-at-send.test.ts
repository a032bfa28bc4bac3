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

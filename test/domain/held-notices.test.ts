import { describe, expect, it } from 'vitest';
import { newDigest } from '../../workflow/chasing/digest.js';
import { deliverMessages } from '../../workflow/use-cases/deliver-messages.js';
import { registerInstallation } from '../../workflow/use-cases/register-installation.js';
import { aConversation, aWorld, cast, TENANT } from '../fakes/index.js';

describe('a digest held for a manager without the app', () => {
  it('is released when they install it, and then delivered once', async () => {
    const w = aWorld();
    await w.digests.create(newDigest({ tenantId: TENANT, managerId: cast.teamManager.id, date: '2026-12-01', at: w.clock.iso() }));
    const deliver = deliverMessages(w);
    await deliver.execute({ tenantId: TENANT, limit: 10 });
    expect(w.digests.all(TENANT)[0]!.outbox[0]!.state).toBe('held');
    expect(w.messenger.deliveries).toHaveLength(0);

    const result = await registerInstallation(w).execute(aConversation(cast.teamManager.id, TENANT));
    expect(result.released).toBe(1);
    await deliver.execute({ tenantId: TENANT, limit: 10 });
    await deliver.execute({ tenantId: TENANT, limit: 10 });
    expect(w.messenger.deliveries.map((d) => d.message.kind)).toEqual(['digest']);
    expect(w.digests.all(TENANT)[0]!.outbox[0]!.state).toBe('sent');
  });
});

describe('audits recorded before chasing existed', () => {
  it('are put on the chase schedule once, then chased like the rest', async () => {
    const { scheduleUnchasedAudits } = await import('../../workflow/use-cases/schedule-unchased-audits.js');
    const { anAudit } = await import('../fakes/index.js');
    const w = aWorld({ now: '2026-12-08T10:00:00.000Z' });
    const old = { ...anAudit().withStatus('finalised').build(), actions: [{ id: 'review-r1', source: 'review' as const, description: 'Update the plan', ownerId: cast.practitioner.id, dueDate: '2026-12-04', remedial: false, setBy: cast.reviewer.id, setAt: '2026-11-20T10:00:00.000Z' }] };
    w.audits.seed(old);
    const schedule = scheduleUnchasedAudits(w);
    expect(await schedule.execute({ tenantId: TENANT })).toBe(1);
    expect(await schedule.execute({ tenantId: TENANT })).toBe(0);
    expect(w.audits.all(TENANT)[0]!.nextChaseAt).toBe('2026-12-08T10:00:00.000Z');
  });
});

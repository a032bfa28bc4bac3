import { describe, expect, it } from 'vitest';
import { newDigest } from '../../workflow/chasing/digest.js';
import { deliverMessages } from '../../workflow/use-cases/deliver-messages.js';
import { registerInstallation } from '../../workflow/use-cases/register-installation.js';
import { aConversation, aWorld, cast, TENANT } from '../fakes/index.js';

describe('a digest held for a manager without the app', () => {
  it('is released when they install it, and then delivered once', async () => {
    const w = aWorld();
    await w.digests.create(newDigest({ tenantId: TENANT, managerId: cast.teamManager.id, date: '2026-12-01', coordinatorId: cast.coordinator.id, at: w.clock.iso() }));
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

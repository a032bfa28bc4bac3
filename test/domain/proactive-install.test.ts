import { describe, expect, it } from 'vitest';
import type { AppInstaller } from '../../workflow/ports.js';
import { deliverMessages } from '../../workflow/use-cases/deliver-messages.js';
import { anAudit, aWorld, cast, TENANT } from '../fakes/index.js';

/** An installer that records who it was asked to install for. */
class RecordingInstaller implements AppInstaller {
  readonly asked: string[] = [];
  constructor(private readonly fails = false) {}
  async install(_tenantId: string, personId: string): Promise<'installed'> {
    this.asked.push(personId);
    if (this.fails) throw new Error('Graph said no');
    return 'installed';
  }
}

describe('proactive installation for people with no chat yet', () => {
  it('asks the installer once when a card is first held; the card stays held until Teams tells us the chat', async () => {
    const w = aWorld();
    w.audits.seed(anAudit().withAllocationCard().build());
    const installer = new RecordingInstaller();
    const deliver = deliverMessages({ ...w, installer });
    await deliver.execute({ tenantId: TENANT, limit: 10 });
    await deliver.execute({ tenantId: TENANT, limit: 10 });
    // The reviewer's card, then QA's notice that it is held (QA has no chat either): once each.
    expect(installer.asked).toEqual([cast.reviewer.id, cast.coordinator.id]);
    expect(w.audits.all(TENANT)[0]!.outbox.find((m) => m.kind === 'allocation')?.state).toBe('held');
  });

  it('a failing installation leaves the card held and QA told, as without the setting', async () => {
    const w = aWorld();
    w.audits.seed(anAudit().withAllocationCard().build());
    w.installFor(cast.coordinator);
    const tally = await deliverMessages({ ...w, installer: new RecordingInstaller(true) }).execute({ tenantId: TENANT, limit: 10 });
    expect(tally.installFailures).toEqual([{ personId: cast.reviewer.id, error: 'Graph said no' }]);
    const outbox = w.audits.all(TENANT)[0]!.outbox;
    expect(outbox.find((m) => m.kind === 'allocation')?.state).toBe('held');
    expect(outbox.find((m) => m.kind === 'delivery-held')?.to).toBe(cast.coordinator.id);
  });
});

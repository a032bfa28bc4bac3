import type { Digest } from '../../workflow/chasing/digest.js';
import { NotFound } from '../../workflow/errors.js';
import type { PersonId } from '../../workflow/people.js';
import type { Digests } from '../../workflow/ports.js';
import { copy, deepFreeze, pause } from './support.js';

/** The `Digests` port in memory, with the Cosmos adapter's semantics (JSON copies, create-once, ETag-like updates). */
export class InMemoryDigests implements Digests {
  private readonly docs = new Map<string, Digest>();

  async create(digest: Digest): Promise<boolean> {
    await pause();
    const key = `${digest.tenantId}/${digest.id}`;
    if (this.docs.has(key)) return false;
    this.docs.set(key, copy(digest));
    return true;
  }

  async update(tenantId: string, id: string, change: (current: Digest) => Digest): Promise<Digest> {
    for (;;) {
      const read = this.docs.get(`${tenantId}/${id}`);
      if (!read) throw new NotFound(`Digest ${id}`);
      await pause();
      const current = deepFreeze(copy(read));
      const changed = change(current);
      if (changed === current) return current;
      if (this.docs.get(`${tenantId}/${id}`) !== read) continue; // someone wrote meanwhile: run `change` again
      this.docs.set(`${tenantId}/${id}`, copy(changed));
      return copy(changed);
    }
  }

  async withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<Digest[]> {
    await pause();
    const at = now.toISOString();
    return this.all(tenantId)
      .filter((d) => d.nextDeliveryAt !== undefined && d.nextDeliveryAt <= at)
      .sort((a, b) => a.nextDeliveryAt!.localeCompare(b.nextDeliveryAt!) || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<Digest[]> {
    await pause();
    return this.all(tenantId).filter((d) => d.outbox.some((m) => m.state === 'held' && m.to === personId));
  }

  all(tenantId: string): Digest[] {
    return [...this.docs.values()].filter((d) => d.tenantId === tenantId).map((d) => copy(d));
  }
}

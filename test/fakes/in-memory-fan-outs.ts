import type { FanOut } from '../../workflow/delivery/fan-out.js';
import { NotFound } from '../../workflow/errors.js';
import type { PersonId } from '../../workflow/people.js';
import type { FanOuts } from '../../workflow/ports.js';
import { copy, deepFreeze, pause } from './support.js';

/** The `FanOuts` port in memory, with the Cosmos adapter's semantics (JSON copies, create-once, ETag-like updates). */
export class InMemoryFanOuts implements FanOuts {
  private readonly docs = new Map<string, FanOut>();

  async create(fanOut: FanOut): Promise<boolean> {
    await pause();
    const key = `${fanOut.tenantId}/${fanOut.id}`;
    if (this.docs.has(key)) return false;
    this.docs.set(key, copy(fanOut));
    return true;
  }

  async get(tenantId: string, id: string): Promise<FanOut | undefined> {
    await pause();
    const doc = this.docs.get(`${tenantId}/${id}`);
    return doc && copy(doc);
  }

  async update(tenantId: string, id: string, change: (current: FanOut) => FanOut): Promise<FanOut> {
    for (;;) {
      const read = this.docs.get(`${tenantId}/${id}`);
      if (!read) throw new NotFound(`Fan-out ${id}`);
      await pause();
      const current = deepFreeze(copy(read));
      const changed = change(current);
      if (changed === current) return current;
      if (this.docs.get(`${tenantId}/${id}`) !== read) continue;
      this.docs.set(`${tenantId}/${id}`, copy(changed));
      return copy(changed);
    }
  }

  async active(tenantId: string): Promise<FanOut[]> {
    await pause();
    return this.all(tenantId).filter((f) => f.following);
  }

  async withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<FanOut[]> {
    await pause();
    const at = now.toISOString();
    return this.all(tenantId)
      .filter((f) => f.nextDeliveryAt !== undefined && f.nextDeliveryAt <= at)
      .sort((a, b) => a.nextDeliveryAt!.localeCompare(b.nextDeliveryAt!))
      .slice(0, limit);
  }

  async withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<FanOut[]> {
    await pause();
    return this.all(tenantId).filter((f) => f.outbox.some((m) => m.state === 'held' && m.to === personId));
  }

  all(tenantId: string): FanOut[] {
    return [...this.docs.values()].filter((f) => f.tenantId === tenantId).map((f) => copy(f));
  }
}

import { NotFound } from '../../workflow/errors.js';
import type { HasOutbox } from '../../workflow/outbox.js';
import type { PersonId } from '../../workflow/people.js';
import { copy, deepFreeze, pause } from './support.js';

type LiveCard = HasOutbox & { readonly id: string; readonly tenantId: string };

/** Live cards (digests, fan-outs) in memory, with the Cosmos adapter's semantics: JSON copies, create-once, ETag-like updates. */
export class InMemoryLiveCards<T extends LiveCard> {
  private readonly docs = new Map<string, T>();

  constructor(private readonly what: string) {}

  async create(card: T): Promise<boolean> {
    await pause();
    const key = `${card.tenantId}/${card.id}`;
    if (this.docs.has(key)) return false;
    this.docs.set(key, copy(card));
    return true;
  }

  async get(tenantId: string, id: string): Promise<T | undefined> {
    await pause();
    const doc = this.docs.get(`${tenantId}/${id}`);
    return doc && copy(doc);
  }

  async update(tenantId: string, id: string, change: (current: T) => T): Promise<T> {
    for (;;) {
      const read = this.docs.get(`${tenantId}/${id}`);
      if (!read) throw new NotFound(`${this.what} ${id}`);
      await pause();
      const current = deepFreeze(copy(read));
      const changed = change(current);
      if (changed === current) return current;
      if (this.docs.get(`${tenantId}/${id}`) !== read) continue; // someone wrote meanwhile: run `change` again
      this.docs.set(`${tenantId}/${id}`, copy(changed));
      return copy(changed);
    }
  }

  async withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<T[]> {
    await pause();
    const at = now.toISOString();
    return this.all(tenantId)
      .filter((d) => d.nextDeliveryAt !== undefined && d.nextDeliveryAt <= at)
      .sort((a, b) => a.nextDeliveryAt!.localeCompare(b.nextDeliveryAt!) || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<T[]> {
    await pause();
    return this.all(tenantId).filter((d) => d.outbox.some((m) => m.state === 'held' && m.to === personId));
  }

  all(tenantId: string): T[] {
    return [...this.docs.values()].filter((d) => d.tenantId === tenantId).map((d) => copy(d));
  }
}

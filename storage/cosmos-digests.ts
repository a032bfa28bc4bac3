import type { Container, SqlParameter } from '@azure/cosmos';
import type { Digest } from '../workflow/chasing/digest.js';
import { NotFound } from '../workflow/errors.js';
import type { PersonId } from '../workflow/people.js';
import type { Digests } from '../workflow/ports.js';
import { backoff, deepFreeze, statusOf, withoutSystemFields, type SystemFields } from './documents.js';

type DigestDocument = Digest & SystemFields;

/** Managers' daily digests, one small document each, partitioned by `tenantId`; updates under the ETag. */
export class CosmosDigests implements Digests {
  constructor(
    private readonly container: Container,
    private readonly maxAttempts = 10,
  ) {}

  async create(digest: Digest): Promise<boolean> {
    try {
      await this.container.items.create<Digest>(digest);
      return true;
    } catch (error) {
      if (statusOf(error) === 409) return false;
      throw error;
    }
  }

  async update(tenantId: string, id: string, change: (current: Digest) => Digest): Promise<Digest> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const doc = await this.read(tenantId, id);
      if (!doc) throw new NotFound(`Digest ${id}`);
      const current = deepFreeze(withoutSystemFields(doc));
      const changed = change(current);
      if (changed === current) return current;
      try {
        const { resource } = await this.container.item(id, tenantId).replace<Digest>(changed, { accessCondition: { type: 'IfMatch', condition: doc._etag! } });
        return withoutSystemFields(resource!);
      } catch (error) {
        const status = statusOf(error);
        if (status !== 412 && status !== 404) throw error;
        await backoff(attempt);
      }
    }
    throw new Error(`update(${tenantId}/${id}) gave up after ${this.maxAttempts} conflicting writes`);
  }

  async withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<Digest[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    return this.query(tenantId, 'SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.nextDeliveryAt <= @now ORDER BY c.nextDeliveryAt', [
      { name: '@limit', value: limit },
      { name: '@now', value: now.toISOString() },
    ]);
  }

  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<Digest[]> {
    return this.query(tenantId, `SELECT * FROM c WHERE c.tenantId = @tenantId AND EXISTS(SELECT VALUE m FROM m IN c.outbox WHERE m.state = 'held' AND m.to = @person)`, [
      { name: '@person', value: personId },
    ]);
  }

  private async read(tenantId: string, id: string): Promise<DigestDocument | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<DigestDocument>();
      return resource;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async query(tenantId: string, query: string, parameters: SqlParameter[]): Promise<Digest[]> {
    const { resources } = await this.container.items
      .query<DigestDocument>({ query, parameters: [{ name: '@tenantId', value: tenantId }, ...parameters] }, { partitionKey: tenantId })
      .fetchAll();
    return resources.map((doc) => withoutSystemFields(doc));
  }
}

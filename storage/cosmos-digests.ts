import type { Container, SqlParameter } from '@azure/cosmos';
import type { Digest } from '../workflow/chasing/digest.js';
import type { PersonId } from '../workflow/people.js';
import type { Digests } from '../workflow/ports.js';
import { withoutSystemFields, type SystemFields } from './documents.js';
import { createOnce, updateUnderEtag } from './etag-documents.js';

type DigestDocument = Digest & SystemFields;

/** Managers' daily digests, one small document each in the `notices` container (`type: 'digest'`), partitioned by `tenantId`. */
export class CosmosDigests implements Digests {
  constructor(
    private readonly container: Container,
    private readonly maxAttempts = 10,
  ) {}

  create(digest: Digest): Promise<boolean> {
    return createOnce(this.container, digest);
  }

  update(tenantId: string, id: string, change: (current: Digest) => Digest): Promise<Digest> {
    return updateUnderEtag(this.container, tenantId, id, change, { what: 'Digest', maxAttempts: this.maxAttempts });
  }

  async withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<Digest[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    return this.query(tenantId, "SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.type = 'digest' AND c.nextDeliveryAt <= @now ORDER BY c.nextDeliveryAt", [
      { name: '@limit', value: limit },
      { name: '@now', value: now.toISOString() },
    ]);
  }

  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<Digest[]> {
    return this.query(tenantId, `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'digest' AND EXISTS(SELECT VALUE m FROM m IN c.outbox WHERE m.state = 'held' AND m.to = @person)`, [
      { name: '@person', value: personId },
    ]);
  }

  private async query(tenantId: string, query: string, parameters: SqlParameter[]): Promise<Digest[]> {
    const { resources } = await this.container.items
      .query<DigestDocument>({ query, parameters: [{ name: '@tenantId', value: tenantId }, ...parameters] }, { partitionKey: tenantId })
      .fetchAll();
    return resources.map((doc) => withoutSystemFields(doc));
  }
}

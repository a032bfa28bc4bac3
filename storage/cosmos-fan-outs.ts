import type { Container, SqlParameter } from '@azure/cosmos';
import type { FanOut } from '../workflow/delivery/fan-out.js';
import type { PersonId } from '../workflow/people.js';
import type { FanOuts } from '../workflow/ports.js';
import { withoutSystemFields, type SystemFields } from './documents.js';
import { createOnce, readDocument, updateUnderEtag } from './etag-documents.js';

type FanOutDocument = FanOut & SystemFields;

/** Fan-out progress documents in the `notices` container (`type: 'fanout'`), partitioned by `tenantId`. */
export class CosmosFanOuts implements FanOuts {
  constructor(
    private readonly container: Container,
    private readonly maxAttempts = 10,
  ) {}

  create(fanOut: FanOut): Promise<boolean> {
    return createOnce(this.container, fanOut);
  }

  async get(tenantId: string, id: string): Promise<FanOut | undefined> {
    const doc = await readDocument<FanOut>(this.container, tenantId, id);
    return doc?.type === 'fanout' ? withoutSystemFields(doc) : undefined;
  }

  update(tenantId: string, id: string, change: (current: FanOut) => FanOut): Promise<FanOut> {
    return updateUnderEtag(this.container, tenantId, id, change, { what: 'Fan-out', maxAttempts: this.maxAttempts });
  }

  active(tenantId: string): Promise<FanOut[]> {
    return this.query(tenantId, "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'fanout' AND c.following = true", []);
  }

  withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<FanOut[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    return this.query(tenantId, "SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.type = 'fanout' AND c.nextDeliveryAt <= @now ORDER BY c.nextDeliveryAt", [
      { name: '@limit', value: limit },
      { name: '@now', value: now.toISOString() },
    ]);
  }

  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<FanOut[]> {
    return this.query(tenantId, "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = 'fanout' AND EXISTS(SELECT VALUE m FROM m IN c.outbox WHERE m.state = 'held' AND m.to = @person)", [
      { name: '@person', value: personId },
    ]);
  }

  private async query(tenantId: string, query: string, parameters: SqlParameter[]): Promise<FanOut[]> {
    const { resources } = await this.container.items
      .query<FanOutDocument>({ query, parameters: [{ name: '@tenantId', value: tenantId }, ...parameters] }, { partitionKey: tenantId })
      .fetchAll();
    return resources.map((doc) => withoutSystemFields(doc));
  }
}

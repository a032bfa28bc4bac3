import type { Container, SqlParameter } from '@azure/cosmos';
import type { HasOutbox } from '../workflow/outbox.js';
import type { PersonId } from '../workflow/people.js';
import { withoutSystemFields, type SystemFields } from './documents.js';
import { createOnce, readDocument, updateUnderEtag } from './etag-documents.js';

type LiveCard = HasOutbox & { readonly id: string; readonly tenantId: string; readonly type: string };

/**
 * Live cards: small documents, each a card the bot keeps current for one person (a manager's daily digest, a
 * coordinator's fan-out progress), with its outbox. They share one container, partitioned by `tenantId`; `type`
 * says which, and every query reads only its own type. The container keeps its first name, `notices`, so stored
 * data stays where it is.
 */
export class CosmosLiveCards<T extends LiveCard> {
  constructor(
    protected readonly container: Container,
    private readonly type: T['type'],
    private readonly what: string,
    private readonly maxAttempts = 10,
  ) {}

  create(card: T): Promise<boolean> {
    return createOnce(this.container, card);
  }

  async get(tenantId: string, id: string): Promise<T | undefined> {
    const doc = await readDocument<T>(this.container, tenantId, id);
    return doc?.type === this.type ? withoutSystemFields(doc) : undefined;
  }

  update(tenantId: string, id: string, change: (current: T) => T): Promise<T> {
    return updateUnderEtag(this.container, tenantId, id, change, { what: this.what, maxAttempts: this.maxAttempts });
  }

  withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<T[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    return this.query(tenantId, 'SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.type = @type AND c.nextDeliveryAt <= @now ORDER BY c.nextDeliveryAt', [
      { name: '@limit', value: limit },
      { name: '@now', value: now.toISOString() },
    ]);
  }

  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<T[]> {
    return this.query(tenantId, "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = @type AND EXISTS(SELECT VALUE m FROM m IN c.outbox WHERE m.state = 'held' AND m.to = @person)", [
      { name: '@person', value: personId },
    ]);
  }

  protected async query(tenantId: string, query: string, parameters: SqlParameter[]): Promise<T[]> {
    const { resources } = await this.container.items
      .query<T & SystemFields>(
        { query, parameters: [{ name: '@tenantId', value: tenantId }, { name: '@type', value: this.type }, ...parameters] },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((doc) => withoutSystemFields(doc) as T);
  }
}

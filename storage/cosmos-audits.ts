import type { Container, SqlParameter } from '@azure/cosmos';
import type { Audit } from '../workflow/audit.js';
import { earliestLiveStart } from '../workflow/meeting/meeting.js';
import type { PersonId } from '../workflow/people.js';
import type { Audits } from '../workflow/ports.js';
import type { CardState } from '../workflow/delivery/fan-out.js';
import { withoutSystemFields, type SystemFields } from './documents.js';
import { createOnce, readDocument, updateUnderEtag } from './etag-documents.js';

/** One audit is one document (outbox included), partitioned by `tenantId`. */
type AuditDocument = Audit & SystemFields;

export interface CosmosAuditsOptions {
  /** How many times `update` tries before giving up on a document others keep changing. */
  readonly maxAttempts?: number;
}

/**
 * Every query filters `c.tenantId = @tenantId` in WHERE *and* passes the partition key: real Cosmos needs
 * the key to stay single-partition; the embedded server ignores it and would otherwise read every tenant.
 */
export class CosmosAudits implements Audits {
  private readonly maxAttempts: number;

  constructor(
    private readonly container: Container,
    options: CosmosAuditsOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
  }

  async get(tenantId: string, id: string): Promise<Audit | undefined> {
    const doc = await readDocument<Audit>(this.container, tenantId, id);
    return doc && withoutSystemFields(doc);
  }

  create(audit: Audit): Promise<boolean> {
    return createOnce(this.container, audit);
  }

  update(tenantId: string, id: string, change: (current: Audit) => Audit): Promise<Audit> {
    return updateUnderEtag(this.container, tenantId, id, change, { what: 'Audit', maxAttempts: this.maxAttempts });
  }

  async forPerson(tenantId: string, personId: PersonId): Promise<Audit[]> {
    const audits = await this.query(
      tenantId,
      `SELECT * FROM c WHERE c.tenantId = @tenantId
         AND (c.reviewerId = @person OR c.practitionerId = @person OR c.teamManagerId = @person
              OR c.serviceManagerId = @person OR c.coordinatorId = @person OR c.moderatorId = @person
              OR ARRAY_CONTAINS(c.followUp.to, @person))
       ORDER BY c.cycle DESC`,
      [{ name: '@person', value: personId }],
    );
    // ORDER BY leaves ties in storage order; break them by id so the list is stable.
    return audits.sort((a, b) => b.cycle.localeCompare(a.cycle) || a.id.localeCompare(b.id));
  }

  forCycle(tenantId: string, cycle: string): Promise<Audit[]> {
    return this.query(tenantId, 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.cycle = @cycle ORDER BY c.id', [
      { name: '@cycle', value: cycle },
    ]);
  }

  /** Case references are stored upper-case (the case list normalises them), so the query is too. */
  async byCaseRef(tenantId: string, caseRef: string): Promise<Audit[]> {
    const audits = await this.query(tenantId, 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.caseRef = @caseRef ORDER BY c.cycle DESC', [
      { name: '@caseRef', value: caseRef.trim().toUpperCase() },
    ]);
    return audits.sort((a, b) => b.cycle.localeCompare(a.cycle) || a.id.localeCompare(b.id));
  }

  /**
   * ISO timestamps of one format compare as strings in time order; an audit with nothing due has no
   * `nextDeliveryAt` at all, and a missing field matches no comparison.
   */
  async withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<Audit[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    return this.query(
      tenantId,
      'SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.nextDeliveryAt <= @now ORDER BY c.nextDeliveryAt',
      [
        { name: '@limit', value: limit },
        { name: '@now', value: now.toISOString() },
      ],
    );
  }

  /** Like withDeliveryDue, on the indexed `nextChaseAt` the domain keeps (chasing/chase-audit.ts). */
  async withChaseDue(tenantId: string, now: Date, limit: number): Promise<Audit[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    return this.query(
      tenantId,
      'SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.nextChaseAt <= @now ORDER BY c.nextChaseAt',
      [
        { name: '@limit', value: limit },
        { name: '@now', value: now.toISOString() },
      ],
    );
  }

  withUnscheduledChase(tenantId: string): Promise<Audit[]> {
    return this.query(
      tenantId,
      `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.status != 'withdrawn' AND NOT IS_DEFINED(c.nextChaseAt)
         AND EXISTS(SELECT VALUE a FROM a IN c.actions WHERE NOT IS_DEFINED(a.status) OR a.status = 'open' OR a.status = 'done')`,
      [],
    );
  }

  async allocationCards(tenantId: string, cycle: string): Promise<CardState[]> {
    const { resources } = await this.container.items
      .query<CardState>(
        {
          query: `SELECT c.id AS auditId, m.state FROM c JOIN m IN c.outbox WHERE c.tenantId = @tenantId AND c.cycle = @cycle AND m.kind = 'allocation'`,
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@cycle', value: cycle },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources;
  }

  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<Audit[]> {
    return this.query(
      tenantId,
      `SELECT * FROM c WHERE c.tenantId = @tenantId
         AND EXISTS(SELECT VALUE m FROM m IN c.outbox WHERE m.state = 'held' AND m.to = @person)`,
      [{ name: '@person', value: personId }],
    );
  }

  /**
   * `meeting.booking.end` is written by the domain as `toISOString()`, so string order is time order; audits
   * without a booked meeting have no such field and match no comparison. The reflective meeting
   * (`meetings.reflective`) is booked on an audit whose collaborative meeting is long over, so it is matched on its
   * own; an audit with both is read once, ordered by its earliest live booking.
   */
  async withBookedMeetings(tenantId: string, endingAfter: Date): Promise<Audit[]> {
    const audits = await this.query(
      tenantId,
      `SELECT * FROM c WHERE c.tenantId = @tenantId
         AND ((c.meeting.status = 'booked' AND c.meeting.booking.end > @after)
           OR (c.meetings.reflective.status = 'booked' AND c.meetings.reflective.booking.end > @after))`,
      [{ name: '@after', value: endingAfter.toISOString() }],
    );
    const after = endingAfter.toISOString();
    const start = (a: Audit) => earliestLiveStart(a, after) ?? '';
    return audits.sort((a, b) => start(a).localeCompare(start(b)) || a.id.localeCompare(b.id));
  }

  private async query(tenantId: string, query: string, parameters: SqlParameter[]): Promise<Audit[]> {
    const { resources } = await this.container.items
      .query<AuditDocument>(
        { query, parameters: [{ name: '@tenantId', value: tenantId }, ...parameters] },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((doc) => withoutSystemFields(doc));
  }
}

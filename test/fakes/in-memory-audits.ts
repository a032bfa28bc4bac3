import { rolesOn, type Audit } from '../../workflow/audit.js';
import { NotFound } from '../../workflow/errors.js';
import type { PersonId } from '../../workflow/people.js';
import type { Audits } from '../../workflow/ports.js';
import type { CardState } from '../../workflow/delivery/fan-out.js';
import { earliestLiveStart } from '../../workflow/meeting/meeting.js';
import { copy, deepFreeze, pause } from './support.js';

interface Stored {
  readonly audit: Audit;
  /** Plays the part of Cosmos DB's `_etag`: bumped by every write. */
  readonly version: number;
}

/** Another writer's change, committed between an update's read and its write. */
type ConcurrentWrite = (current: Audit) => Audit;

const MAX_CONFLICT_RETRIES = 20;

/**
 * The `Audits` port in memory, with the semantics of the Cosmos adapter:
 * - documents are stored and handed out as JSON copies (so `undefined` fields vanish, as they do in Cosmos),
 *   and nobody holding a returned audit can change what is stored;
 * - `update` reads, awaits (so concurrent callers really interleave), applies `change` to a frozen copy, and
 *   writes only if the version it read is still current; otherwise it re-reads and runs `change` again;
 * - `injectConflict` makes the next update lose that race once, to prove a use case's `change` is re-runnable.
 */
export class InMemoryAudits implements Audits {
  private readonly docs = new Map<string, Stored>();
  private readonly injected: { id?: string; write: ConcurrentWrite }[] = [];

  /** How many times any `change` function has been run (a re-run after a conflict counts again). */
  changeRuns = 0;
  /** How many update attempts found the document changed under them. */
  conflicts = 0;
  /** How many documents were written (creates and updates that changed something). */
  writes = 0;

  private static key(tenantId: string, id: string): string {
    return `${tenantId}/${id}`;
  }

  async get(tenantId: string, id: string): Promise<Audit | undefined> {
    await pause();
    const stored = this.docs.get(InMemoryAudits.key(tenantId, id));
    return stored ? copy(stored.audit) : undefined;
  }

  async create(audit: Audit): Promise<boolean> {
    await pause();
    const key = InMemoryAudits.key(audit.tenantId, audit.id);
    if (this.docs.has(key)) return false;
    this.docs.set(key, { audit: copy(audit), version: 1 });
    this.writes += 1;
    return true;
  }

  async update(tenantId: string, id: string, change: (current: Audit) => Audit): Promise<Audit> {
    const key = InMemoryAudits.key(tenantId, id);
    for (let attempt = 1; attempt <= MAX_CONFLICT_RETRIES; attempt += 1) {
      const read = this.docs.get(key);
      if (!read) throw new NotFound(`Audit ${id}`);
      await pause();

      this.changeRuns += 1;
      const snapshot = deepFreeze(copy(read.audit));
      const changed = change(snapshot);
      if (changed.id !== id || changed.tenantId !== tenantId) {
        throw new Error(`update(${id}) returned a different document (${changed.tenantId}/${changed.id})`);
      }

      this.applyInjectedConflict(key, id);
      await pause();

      const current = this.docs.get(key)!;
      if (current.version !== read.version) {
        this.conflicts += 1;
        continue;
      }
      // Returning the audit it was given means "no change": a careful adapter skips the write.
      if (changed === snapshot) return copy(current.audit);
      this.docs.set(key, { audit: copy(changed), version: current.version + 1 });
      this.writes += 1;
      return copy(changed);
    }
    throw new Error(`update(${id}) gave up after ${MAX_CONFLICT_RETRIES} conflicts`);
  }

  async forPerson(tenantId: string, personId: PersonId): Promise<Audit[]> {
    await pause();
    return this.query(tenantId, (a) => rolesOn(a, personId).length > 0 || (a.followUp?.to.includes(personId) ?? false)).sort(
      (a, b) => b.cycle.localeCompare(a.cycle) || a.id.localeCompare(b.id),
    );
  }

  async forCycle(tenantId: string, cycle: string): Promise<Audit[]> {
    await pause();
    return this.query(tenantId, (a) => a.cycle === cycle);
  }

  /** Like the Cosmos query: the case reference upper-cased (as the case list stores it), newest cycle first. */
  async byCaseRef(tenantId: string, caseRef: string): Promise<Audit[]> {
    await pause();
    const wanted = caseRef.trim().toUpperCase();
    return this.query(tenantId, (a) => a.caseRef === wanted).sort((a, b) => b.cycle.localeCompare(a.cycle) || a.id.localeCompare(b.id));
  }

  /**
   * Like the Cosmos query it stands for: the indexed `nextDeliveryAt` at or before `now` (an audit without one
   * never matches), earliest first (ties in id order), at most `limit`.
   */
  async withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<Audit[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    await pause();
    const at = now.toISOString();
    return this.query(tenantId, (a) => a.nextDeliveryAt !== undefined && a.nextDeliveryAt <= at)
      .sort((a, b) => a.nextDeliveryAt!.localeCompare(b.nextDeliveryAt!) || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  /** Like the Cosmos query: `nextChaseAt` at or before `now`, earliest first, at most `limit`. */
  async withChaseDue(tenantId: string, now: Date, limit: number): Promise<Audit[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    await pause();
    const at = now.toISOString();
    return this.query(tenantId, (a) => a.nextChaseAt !== undefined && a.nextChaseAt <= at)
      .sort((a, b) => a.nextChaseAt!.localeCompare(b.nextChaseAt!) || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async withUnscheduledChase(tenantId: string): Promise<Audit[]> {
    await pause();
    return this.query(
      tenantId,
      (a) => a.status !== 'withdrawn' && a.nextChaseAt === undefined && (a.actions ?? []).some((x) => x.status === undefined || x.status === 'open' || x.status === 'done'),
    );
  }

  async allocationCards(tenantId: string, cycle: string): Promise<CardState[]> {
    await pause();
    return this.query(tenantId, (a) => a.cycle === cycle).flatMap((a) => a.outbox.filter((m) => m.kind === 'allocation').map((m) => ({ auditId: a.id, state: m.state })));
  }

  async withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<Audit[]> {
    await pause();
    return this.query(tenantId, (a) => a.outbox.some((m) => m.state === 'held' && m.to === personId));
  }

  /**
   * Like the Cosmos query: a booked meeting (collaborative or reflective) ending after `endingAfter`, earliest start
   * first (ties in id order).
   */
  async withBookedMeetings(tenantId: string, endingAfter: Date): Promise<Audit[]> {
    await pause();
    const after = endingAfter.toISOString();
    const start = (a: Audit) => earliestLiveStart(a, after) ?? '';
    return this.query(tenantId, (a) => earliestLiveStart(a, after) !== undefined).sort((a, b) => start(a).localeCompare(start(b)) || a.id.localeCompare(b.id));
  }

  // ---- test helpers (not part of the port) ----

  /** Stores audits as they are (bypassing `create`'s "already exists" check). */
  seed(...audits: Audit[]): this {
    for (const audit of audits) {
      this.docs.set(InMemoryAudits.key(audit.tenantId, audit.id), { audit: copy(audit), version: 1 });
    }
    return this;
  }

  /** The stored audit, synchronously; throws when there is none. */
  peek(tenantId: string, id: string): Audit {
    const stored = this.docs.get(InMemoryAudits.key(tenantId, id));
    if (!stored) throw new Error(`No audit ${tenantId}/${id}`);
    return copy(stored.audit);
  }

  /** Every stored audit of a tenant, in id order. */
  all(tenantId: string): Audit[] {
    return this.query(tenantId, () => true);
  }

  /**
   * The next update (of audit `id`, or of any audit) finds that another writer committed `write(current)`
   * after it read: its write is refused and its `change` runs again on the newer document.
   */
  injectConflict(write: ConcurrentWrite = (a) => a, id?: string): this {
    this.injected.push({ ...(id ? { id } : {}), write });
    return this;
  }

  private applyInjectedConflict(key: string, id: string): void {
    const index = this.injected.findIndex((c) => c.id === undefined || c.id === id);
    if (index < 0) return;
    const [conflict] = this.injected.splice(index, 1);
    const current = this.docs.get(key)!;
    const written = conflict!.write(deepFreeze(copy(current.audit)));
    this.docs.set(key, { audit: copy(written), version: current.version + 1 });
    this.writes += 1;
  }

  private query(tenantId: string, where: (a: Audit) => boolean): Audit[] {
    return [...this.docs.values()]
      .map((d) => d.audit)
      .filter((a) => a.tenantId === tenantId && where(a))
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(copy);
  }
}

import type { Container } from '@azure/cosmos';
import type { Lease, Leases } from '../workflow/ports.js';
import { statusOf, type SystemFields } from './documents.js';

/**
 * One document per tenant and lease name in the `leases` container (partition key `/tenantId`). Expiry is the
 * `expiresAt` field compared with the caller's `now`, never Cosmos TTL: the embedded server does not apply TTL,
 * and the domain clock (which tests simulate) must decide, not the server's.
 */
export interface LeaseDocument extends Lease {
  readonly id: string;
  readonly tenantId: string;
}

export function leaseDocumentId(name: string): string {
  return `lease-${name}`;
}

/** What a released lease expires at: before any `now` a caller can pass, so anyone may take it at once. */
const RELEASED_AT = new Date(0).toISOString();

/**
 * `acquire` is one read and one conditional write, and never retries: losing a race (409 on create, 412 on
 * replace) means another instance holds the lease now, which is the answer. There is no query at all, only
 * point reads by (id, tenantId).
 */
export class CosmosLeases implements Leases {
  constructor(private readonly container: Container) {}

  async acquire(tenantId: string, name: string, holder: string, ttlMs: number, now: Date): Promise<Lease | undefined> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be positive (got ${ttlMs})`);
    const id = leaseDocumentId(name);
    const next: LeaseDocument = { id, tenantId, name, holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString() };
    const doc = await this.read(tenantId, id);
    if (!doc) {
      try {
        await this.container.items.create<LeaseDocument>(next);
        return leaseOf(next);
      } catch (error) {
        if (statusOf(error) === 409) return undefined; // another instance created it first: theirs
        throw error;
      }
    }
    // Compared as instants, not strings, so a document written with another ISO precision still compares right.
    if (doc.holder !== holder && Date.parse(doc.expiresAt) > now.getTime()) return undefined;
    return (await this.replaceIfUnchanged(doc, next)) ? leaseOf(next) : undefined;
  }

  /**
   * Expires the lease rather than deleting it, so the document keeps saying who held it last. Under IfMatch, so
   * a holder whose lease was taken over between the read and the write cannot cancel the new holder's.
   */
  async release(tenantId: string, name: string, holder: string): Promise<void> {
    const doc = await this.read(tenantId, leaseDocumentId(name));
    if (!doc || doc.holder !== holder) return;
    const { _etag, _rid, _self, _attachments, _ts, ...fields } = doc;
    await this.replaceIfUnchanged(doc, { ...fields, expiresAt: RELEASED_AT });
  }

  /** The lease's document as stored (for diagnostics and tests). */
  async read(tenantId: string, id: string): Promise<(LeaseDocument & SystemFields) | undefined> {
    try {
      const { resource } = await this.container.item(id, tenantId).read<LeaseDocument & SystemFields>();
      return resource;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** False when someone wrote (412) or deleted (404) the document since it was read. */
  private async replaceIfUnchanged(doc: LeaseDocument & SystemFields, next: LeaseDocument): Promise<boolean> {
    try {
      await this.container.item(doc.id, doc.tenantId).replace<LeaseDocument>(next, { accessCondition: { type: 'IfMatch', condition: doc._etag! } });
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 404) return false;
      throw error;
    }
  }
}

function leaseOf({ name, holder, expiresAt }: Lease): Lease {
  return { name, holder, expiresAt };
}
